//! The Rust equivalents of `python-wire-full.json`'s probes: other variants of some operations.

use serde_json::json;
use twelvelabs::InputFile;
use twelvelabs::models::*;

use super::full_calls::{object, videos_list};
use super::{Allow, Case, upload_bytes};

/// The Rust equivalents of `python-wire-full.json`'s `probes`, in order.
pub(super) fn full_probes() -> Vec<Case> {
    vec![
        case!("analyze", Some("images"), [], |c| {
            let mut after = AnalyzeImageInput::new("after");
            after.asset_id = Some("asset_b".into());
            let mut before = AnalyzeImageInput::new("before");
            before.url = Some("https://example.com/before.jpg".into());
            let mut logo = SmeMediaSource::new("logo", SmeMediaSourceMediaType::Image);
            logo.base64_string = Some("aGVsbG8=".into());
            let mut prompt = AnalyzePromptV2::new("Compare <@before> with <@after>");
            prompt.media_sources = Some(vec![logo]);
            c.analyze()
                .model_name(AnalyzeRequestModelName::Pegasus16)
                .image([before, after])
                .prompt_v2(prompt)
                .await?;
        }),
        case!(
            "analyze_async.tasks.create",
            Some("images-int-max-tokens"),
            [],
            |c| {
                let mut frame = AnalyzeImageInput::new("frame");
                frame.base64_string = Some("aGVsbG8=".into());
                c.analyze_async()
                    .tasks()
                    .create()
                    .image([frame])
                    .prompt("Describe <@frame>")
                    .max_tokens(1024)
                    .await?;
            }
        ),
        case!("embed.create", Some("files"), [], |c| {
            c.embed()
                .create("marengo3.0")
                .image_file(InputFile::bytes("sample.jpg", upload_bytes()))
                .audio_file(InputFile::bytes("sample.mp3", upload_bytes()))
                .await?;
        }),
        case!("embed.tasks.create", Some("url"), [], |c| {
            c.embed()
                .tasks()
                .create("marengo3.0")
                .video_url("https://example.com/match.mp4")
                .await?;
        }),
        case!("embed.v_2.create", Some("text"), [], |c| {
            c.embed()
                .v2()
                .create(
                    CreateEmbeddingsRequestInputType::Text,
                    CreateEmbeddingsRequestModelName::Marengo30,
                )
                .text(TextInputRequest::new("a header goal"))
                .await?;
        }),
        case!("embed.v_2.create", Some("image"), [], |c| {
            c.embed()
                .v2()
                .create(
                    CreateEmbeddingsRequestInputType::Image,
                    CreateEmbeddingsRequestModelName::Marengo30,
                )
                .image(ImageInputRequest::new(MediaSource {
                    base64_string: Some("aGVsbG8=".into()),
                    ..Default::default()
                }))
                .await?;
        }),
        case!("embed.v_2.create", Some("text-image"), [], |c| {
            c.embed()
                .v2()
                .create(
                    CreateEmbeddingsRequestInputType::TextImage,
                    CreateEmbeddingsRequestModelName::Marengo30,
                )
                .text_image(TextImageInputRequest::new(
                    MediaSource {
                        url: Some("https://example.com/face.jpg".into()),
                        ..Default::default()
                    },
                    "the goalkeeper",
                ))
                .await?;
        }),
        case!("embed.v_2.create", Some("audio"), [], |c| {
            let mut audio = AudioInputRequest::new(MediaSource {
                asset_id: Some("asset_c".into()),
                ..Default::default()
            });
            audio.start_sec = Some(3.0);
            audio.end_sec = Some(9.0);
            audio.segmentation = Some(AudioSegmentation::new(
                AudioSegmentationStrategy::Fixed,
                AudioSegmentationFixed::new(3),
            ));
            audio.embedding_option = Some(vec![
                AudioInputRequestEmbeddingOptionItem::Audio,
                AudioInputRequestEmbeddingOptionItem::Transcription,
            ]);
            audio.embedding_scope = Some(vec![AudioInputRequestEmbeddingScopeItem::Clip]);
            audio.embedding_type = Some(vec![AudioInputRequestEmbeddingTypeItem::FusedEmbedding]);
            c.embed()
                .v2()
                .create(
                    CreateEmbeddingsRequestInputType::Audio,
                    CreateEmbeddingsRequestModelName::Marengo30,
                )
                .audio(audio)
                .await?;
        }),
        case!("embed.v_2.create", Some("multi-input"), [], |c| {
            let mut crest = MultiInputMediaSource::new(MultiInputMediaSourceMediaType::Image);
            crest.name = Some("crest".into());
            crest.url = Some("https://example.com/crest.png".into());
            c.embed()
                .v2()
                .create(
                    CreateEmbeddingsRequestInputType::MultiInput,
                    CreateEmbeddingsRequestModelName::Marengo35,
                )
                .multi_input(MultiInputRequest {
                    input_text: Some("<@crest> on a shirt".into()),
                    media_sources: Some(vec![crest]),
                    ..Default::default()
                })
                .await?;
        }),
        case!("embed.v_2.tasks.create", Some("audio"), [], |c| {
            let mut audio = AsyncAudioInputRequest::new(MediaSource {
                url: Some("https://example.com/chant.mp3".into()),
                ..Default::default()
            });
            audio.start_sec = Some(0.0);
            audio.end_sec = Some(30.0);
            audio.segmentation = Some(
                AudioSegmentation::new(
                    AudioSegmentationStrategy::Fixed,
                    AudioSegmentationFixed::new(10),
                )
                .into(),
            );
            audio.embedding_option = Some(vec![AsyncAudioInputRequestEmbeddingOptionItem::Audio]);
            audio.embedding_scope = Some(vec![
                AsyncAudioInputRequestEmbeddingScopeItem::Clip,
                AsyncAudioInputRequestEmbeddingScopeItem::Asset,
            ]);
            audio.embedding_type = Some(vec![
                AsyncAudioInputRequestEmbeddingTypeItem::SeparateEmbedding,
            ]);
            c.embed()
                .v2()
                .tasks()
                .create(
                    CreateAsyncEmbeddingRequestInputType::Audio,
                    CreateAsyncEmbeddingRequestModelName::Marengo30,
                )
                .audio(audio)
                .await?;
        }),
        case!("embed.v_2.tasks.create", Some("document"), [], |c| {
            let mut document = AsyncDocumentInputRequest::new(MediaSource {
                url: Some("https://example.com/report.pdf".into()),
                ..Default::default()
            });
            document.embedding_option = Some(vec![
                AsyncDocumentInputRequestEmbeddingOptionItem::Visual,
                AsyncDocumentInputRequestEmbeddingOptionItem::Text,
            ]);
            document.embedding_type = Some(vec![
                AsyncDocumentInputRequestEmbeddingTypeItem::SeparateEmbedding,
            ]);
            document.embedding_scope = Some(vec![
                AsyncDocumentInputRequestEmbeddingScopeItem::Local,
                AsyncDocumentInputRequestEmbeddingScopeItem::Asset,
            ]);
            c.embed()
                .v2()
                .tasks()
                .create(
                    CreateAsyncEmbeddingRequestInputType::Document,
                    CreateAsyncEmbeddingRequestModelName::Marengo35,
                )
                .document(document)
                .await?;
        }),
        case!("embed.v_2.tasks.create", Some("image"), [], |c| {
            let mut image = AsyncImageInputRequest::new(MediaSource {
                asset_id: Some("asset_d".into()),
                ..Default::default()
            });
            image.embedding_option = Some(vec![AsyncImageInputRequestEmbeddingOptionItem::Visual]);
            image.embedding_type = Some(vec![
                AsyncImageInputRequestEmbeddingTypeItem::SeparateEmbedding,
            ]);
            image.embedding_scope = Some(vec![AsyncImageInputRequestEmbeddingScopeItem::Asset]);
            c.embed()
                .v2()
                .tasks()
                .create(
                    CreateAsyncEmbeddingRequestInputType::Image,
                    CreateAsyncEmbeddingRequestModelName::Marengo30,
                )
                .image(image)
                .await?;
        }),
        case!("indexes.list", Some("defaults"), [], |c| {
            c.indexes().list().await?;
        }),
        case!(
            "indexes.videos.list",
            Some("generated-raw-client"),
            [],
            |c| {
                videos_list(&c).await?;
            }
        ),
        case!(
            "knowledge_stores.create",
            Some("json-schema-enrichment"),
            [],
            |c| {
                let schema = EnrichmentConfigJsonSchemaJsonSchema::new(
                    EnrichmentConfigJsonSchemaJsonSchemaType::Object,
                    object(json!({"teams": {"type": "array"}})),
                );
                c.knowledge_stores()
                    .create("Match archive")
                    .ingestion_config(IngestionConfig::new(EnrichmentConfigJsonSchema::new(
                        EnrichmentConfigJsonSchemaType::JsonSchema,
                        schema,
                    )))
                    .await?;
            }
        ),
        cannot_express!("knowledge_stores.update", Some("explicit-none")),
        case!("search.create", Some("media-file"), [], |c| {
            c.search()
                .create("idx_789", [SearchCreateRequestSearchOptionsItem::Visual])
                .query_media_type(SearchCreateRequestQueryMediaType::Image)
                .query_media_file(InputFile::bytes("sample.jpg", upload_bytes()))
                .await?;
        }),
        cannot_express!("search.query", Some("query-media-urls")),
        case!("tasks.create", Some("url"), [], |c| {
            c.tasks()
                .create("idx_789")
                .video_url("https://example.com/match.mp4")
                .await?;
        }),
        case!("responses.create", Some("minimal"), [], |c| {
            c.responses()
                .create(
                    "ks_1",
                    [ResponseInputItem::new(
                        ResponseInputItemType::Message,
                        ResponseInputItemRole::User,
                        "Hi",
                    )],
                )
                .await?;
        }),
        case!(
            "data_connectors.authorize_connection",
            Some("urljoin-fixed"),
            [],
            |c| {
                c.data_connectors()
                    .authorize_connection(
                        AuthorizeConnectionRequestProvider::GoogleDrive,
                        "https://app.example.com/callback",
                    )
                    .custom_id("user-7")
                    .await?;
            }
        ),
        case!("tasks.list", Some("whole-float-query"), [], |c| {
            c.tasks().list().duration(12.0).width(1920).await?;
        }),
        case!(
            "tasks.create",
            Some("file-name-quotes-non-ascii"),
            [],
            |c| {
                c.tasks()
                    .create("idx_789")
                    .video_file(
                        InputFile::bytes("clip \"A\" é.mp4", upload_bytes())
                            .with_content_type("video/mp4"),
                    )
                    .user_metadata(r#"{"città":"Zürich"}"#)
                    .await?;
            }
        ),
        case!(
            "knowledge_store_items.retrieve",
            Some("path-escaping"),
            [Allow::PathIdInOneSegment(
                "/knowledge-stores/ks%201/items/item%2F2%3Fx%23y"
            )],
            |c| {
                c.knowledge_store_items()
                    .retrieve("ks 1", "item/2?x#y")
                    .await?;
            }
        ),
        case!("analyze_async.tasks.list", Some("defaults"), [], |c| {
            c.analyze_async().tasks().list().await?;
        }),
        case!("tasks.list", Some("empty-list"), [], |c| {
            c.tasks()
                .list()
                .status(Vec::<TasksListRequestStatusItem>::new())
                .await?;
        }),
    ]
}
