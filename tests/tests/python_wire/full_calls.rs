//! The Rust equivalents of `python-wire-full.json`'s calls: every other operation of the API, once each, in the
//! Python SDK's client-tree order (one entry per operation, so this table is long).

use futures::TryStreamExt;
use serde_json::{Value, json};
use twelvelabs::indexmap::IndexMap;
use twelvelabs::models::*;
use twelvelabs::{Client, Error, InputFile};

use super::{Case, upload_bytes};

/// A JSON object literal as the ordered map the models hold (`json_schema`, `schema`, ...).
pub(super) fn object(value: Value) -> IndexMap<String, Value> {
    match value {
        Value::Object(map) => map.into_iter().collect(),
        other => panic!("not a JSON object: {other}"),
    }
}

/// The Rust equivalents of `python-wire-full.json`'s `calls`, in order: every other operation.
pub(super) fn full_calls() -> Vec<Case> {
    vec![
        // ---- analyze ----
        case!("analyze", None, [], |c| {
            c.analyze()
                .model_name(AnalyzeRequestModelName::Pegasus16)
                .video(VideoContextUrl::new(
                    VideoContextUrlType::Url,
                    "https://example.com/match.mp4",
                ))
                .prompt("Summarize the match")
                .temperature(0.2)
                .response_format(SyncResponseFormat::new(
                    SyncResponseFormatType::JsonSchema,
                    object(json!({
                        "type": "object",
                        "properties": {"summary": {"type": "string"}},
                        "required": ["summary"]
                    })),
                ))
                .max_tokens(512)
                .start_time(1.5)
                .end_time(30.0)
                .await?;
        }),
        case!("analyze_stream", None, [], |c| {
            let events: Vec<_> = c
                .analyze_stream()
                .model_name(AnalyzeStreamRequestModelName::Pegasus15)
                .video(VideoContextAssetId::new(
                    VideoContextAssetIdType::AssetId,
                    "asset_a",
                ))
                .prompt("Describe the first goal")
                .temperature(0.7)
                .max_tokens(1024)
                .start_time(0.0)
                .end_time(45.5)
                .await?
                .try_collect()
                .await?;
            assert_eq!(events.len(), 3, "one event of each kind");
        }),
        // ---- analyze_async.batches ----
        case!("analyze_async.batches.cancel", None, [], |c| {
            c.analyze_async().batches().cancel("batch_1").await?;
        }),
        case!("analyze_async.batches.create", None, [], |c| {
            let mut first = BatchItemRequest::new(BatchVideoContext::new(
                BatchVideoContextType::AssetId,
                "asset_a",
            ));
            first.custom_id = Some("first".into());
            first.prompt = Some(BatchPrompt::new("Describe each play"));
            first.temperature = Some(0.3);
            first.max_tokens = Some(256);
            let field = SegmentField::new("scorer", SegmentFieldType::String, "Who scored");
            let mut goals = SegmentDefinition::new("goals", "Every goal");
            goals.fields = Some(vec![field]);
            goals.time_ranges = Some(vec![AnalyzeTimeRange::new(0.0, 90.5)]);
            let mut format = AsyncResponseFormat::new(AsyncResponseFormatType::SegmentDefinitions);
            format.segment_definitions = Some(vec![goals]);
            format.segment_time_format = Some(AsyncResponseFormatSegmentTimeFormat::Seconds);
            let mut second = BatchItemRequest::new(BatchVideoContext::new(
                BatchVideoContextType::AssetId,
                "asset_b",
            ));
            second.response_format = Some(format);
            second.min_segment_duration = Some(2.0);
            second.max_segment_duration = Some(10.0);
            second.start_time = Some(0.0);
            second.end_time = Some(120.0);
            let mut crest = SmeMediaSource::new("crest", SmeMediaSourceMediaType::Image);
            crest.url = Some("https://example.com/crest.png".into());
            let mut prompt = BatchPrompt::new("Summarize");
            prompt.media_sources = Some(vec![crest]);
            let defaults = BatchDefaults {
                prompt: Some(prompt),
                temperature: Some(0.1),
                max_tokens: Some(2048),
                ..Default::default()
            };
            c.analyze_async()
                .batches()
                .create(
                    CreateAnalyzeBatchRequestModelName::Pegasus15,
                    CreateAnalyzeBatchRequestAnalysisMode::TimeBasedMetadata,
                    [first, second],
                )
                .defaults(defaults)
                .await?;
        }),
        case!("analyze_async.batches.delete", None, [], |c| {
            c.analyze_async().batches().delete("batch_1").await?;
        }),
        case!("analyze_async.batches.list", None, [], |c| {
            c.analyze_async()
                .batches()
                .list()
                .page(2)
                .page_limit(5)
                .status([BatchStatus::Pending, BatchStatus::Processing])
                .analysis_mode([BatchesListRequestAnalysisModeItem::General])
                .await?;
        }),
        case!("analyze_async.batches.results", None, [], |c| {
            let results: Vec<_> = c
                .analyze_async()
                .batches()
                .results("batch_1")
                .await?
                .try_collect()
                .await?;
            assert_eq!(results.len(), 1, "one result line");
        }),
        case!("analyze_async.batches.retrieve", None, [], |c| {
            c.analyze_async().batches().retrieve("batch_1").await?;
        }),
        // ---- analyze_async.tasks ----
        case!("analyze_async.tasks.cancel", None, [], |c| {
            c.analyze_async().tasks().cancel("task_1").await?;
        }),
        case!("analyze_async.tasks.create", None, [], |c| {
            let mut format = AsyncResponseFormat::new(AsyncResponseFormatType::JsonSchema);
            format.json_schema = Some(object(json!({
                "type": "object",
                "properties": {"goals": {"type": "array"}}
            })));
            c.analyze_async()
                .tasks()
                .create()
                .model_name(CreateAsyncAnalyzeRequestModelName::Pegasus16)
                .custom_id("job-42")
                .video(VideoContextUrl::new(
                    VideoContextUrlType::Url,
                    "https://example.com/match.mp4",
                ))
                .prompt("List the goals")
                .analysis_mode(CreateAsyncAnalyzeRequestAnalysisMode::General)
                .temperature(0.4)
                .max_tokens(CreateAsyncAnalyzeRequestMaxTokensVariant2::Unlimited)
                .response_format(format)
                .min_segment_duration(1.0)
                .max_segment_duration(30.0)
                .start_time(5.0)
                .end_time(65.0)
                .await?;
        }),
        case!("analyze_async.tasks.delete", None, [], |c| {
            c.analyze_async().tasks().delete("task_1").await?;
        }),
        case!("analyze_async.tasks.list", None, [], |c| {
            c.analyze_async()
                .tasks()
                .list()
                .page(2)
                .page_limit(5)
                .status(AnalyzeTaskStatus::Ready)
                .video_url("https://example.com/match.mp4")
                .asset_id("asset_a")
                .analysis_mode(AnalyzeAsyncTasksListRequestAnalysisMode::TimeBasedMetadata)
                .await?;
        }),
        case!("analyze_async.tasks.retrieve", None, [], |c| {
            c.analyze_async().tasks().retrieve("task_1").await?;
        }),
        // ---- assets ----
        case!("assets.delete_user_metadata", None, [], |c| {
            c.assets().delete_user_metadata("asset_a").await?;
        }),
        case!("assets.replace_user_metadata", None, [], |c| {
            c.assets()
                .replace_user_metadata(
                    "asset_a",
                    [
                        ("category", Some(UserMetadataValue::from("news"))),
                        ("round", Some(UserMetadataValue::from(2_i64))),
                        ("live", Some(UserMetadataValue::from(true))),
                        ("tags", Some(UserMetadataValue::from(strings(&["a", "b"])))),
                        ("obsolete", None),
                    ],
                )
                .await?;
        }),
        case!("assets.retrieve_transcription", None, [], |c| {
            c.assets()
                .retrieve_transcription("asset_a")
                .include([
                    AssetsRetrieveTranscriptionRequestIncludeItem::Words,
                    AssetsRetrieveTranscriptionRequestIncludeItem::Utterances,
                ])
                .await?;
        }),
        case!("assets.update_user_metadata", None, [], |c| {
            c.assets()
                .update_user_metadata(
                    "asset_a",
                    [
                        ("category", Some(UserMetadataValue::from("sports"))),
                        ("score", Some(UserMetadataValue::from(7.5))),
                        ("obsolete", None),
                    ],
                )
                .await?;
        }),
        // ---- data_connectors ----
        case!("data_connectors.authorize_connection", None, [], |c| {
            c.data_connectors()
                .authorize_connection(
                    AuthorizeConnectionRequestProvider::GoogleDrive,
                    "https://app.example.com/callback",
                )
                .custom_id("user-7")
                .await?;
        }),
        case!(
            "data_connectors.create_connection_picker_token",
            None,
            [],
            |c| {
                c.data_connectors()
                    .create_connection_picker_token("conn_1")
                    .await?;
            }
        ),
        case!("data_connectors.create_redirect_uri", None, [], |c| {
            c.data_connectors()
                .create_redirect_uri("https://app.example.com/callback")
                .await?;
        }),
        case!("data_connectors.delete_connection", None, [], |c| {
            c.data_connectors().delete_connection("conn_1").await?;
        }),
        case!("data_connectors.delete_redirect_uri", None, [], |c| {
            c.data_connectors().delete_redirect_uri("ruri_1").await?;
        }),
        case!("data_connectors.list_connections", None, [], |c| {
            c.data_connectors()
                .list_connections()
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("data_connectors.list_redirect_uris", None, [], |c| {
            c.data_connectors()
                .list_redirect_uris()
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("data_connectors.retrieve_connection", None, [], |c| {
            c.data_connectors().retrieve_connection("conn_1").await?;
        }),
        // ---- embed ----
        case!("embed.create", None, [], |c| {
            c.embed()
                .create("marengo3.0")
                .text("a goal celebration")
                .image_url("https://example.com/face.jpg")
                .audio_url("https://example.com/chant.mp3")
                .audio_start_offset_sec(2.5)
                .await?;
        }),
        case!("embed.tasks.create", None, [], |c| {
            c.embed()
                .tasks()
                .create("marengo3.0")
                .video_file(InputFile::bytes("sample.mp4", upload_bytes()))
                .video_start_offset_sec(1.0)
                .video_end_offset_sec(11.5)
                .video_clip_length(5.0)
                .video_embedding_scope([
                    EmbedTasksCreateRequestVideoEmbeddingScopeItem::Clip,
                    EmbedTasksCreateRequestVideoEmbeddingScopeItem::Video,
                ])
                .await?;
        }),
        case!("embed.tasks.list", None, [], |c| {
            c.embed()
                .tasks()
                .list()
                .started_at("2024-01-01T00:00:00Z")
                .ended_at("2024-02-01T00:00:00Z")
                .status("ready")
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("embed.tasks.retrieve", None, [], |c| {
            c.embed()
                .tasks()
                .retrieve("etask_1")
                .embedding_option([
                    EmbedTasksRetrieveRequestEmbeddingOptionItem::Visual,
                    EmbedTasksRetrieveRequestEmbeddingOptionItem::Audio,
                ])
                .await?;
        }),
        case!("embed.tasks.status", None, [], |c| {
            c.embed().tasks().status("etask_1").await?;
        }),
        // ---- embed.v_2 ----
        case!("embed.v_2.create", None, [], |c| {
            let mut video = VideoInputRequest::new(MediaSource {
                url: Some("https://example.com/match.mp4".into()),
                ..Default::default()
            });
            video.start_sec = Some(0.0);
            video.end_sec = Some(10.5);
            video.segmentation = Some(
                VideoSegmentationFixed::new(
                    VideoSegmentationFixedStrategy::Fixed,
                    VideoSegmentationFixedFixed::new(5),
                )
                .into(),
            );
            video.embedding_option = Some(vec![
                VideoInputRequestEmbeddingOptionItem::Visual,
                VideoInputRequestEmbeddingOptionItem::Audio,
            ]);
            video.embedding_scope = Some(vec![
                VideoInputRequestEmbeddingScopeItem::Clip,
                VideoInputRequestEmbeddingScopeItem::Asset,
            ]);
            video.embedding_type =
                Some(vec![VideoInputRequestEmbeddingTypeItem::SeparateEmbedding]);
            c.embed()
                .v2()
                .create(
                    CreateEmbeddingsRequestInputType::Video,
                    CreateEmbeddingsRequestModelName::Marengo30,
                )
                .auto_truncate(true)
                .embedding_uncertainty(false)
                .embedding_dimension(512)
                .video(video)
                .await?;
        }),
        case!("embed.v_2.tasks.create", None, [], |c| {
            let mut video = AsyncVideoInputRequest::new(MediaSource {
                asset_id: Some("asset_a".into()),
                ..Default::default()
            });
            video.start_sec = Some(2.0);
            video.end_sec = Some(62.0);
            video.embedding_option = Some(vec![
                AsyncVideoInputRequestEmbeddingOptionItem::Visual,
                AsyncVideoInputRequestEmbeddingOptionItem::Transcription,
            ]);
            video.embedding_scope = Some(vec![AsyncVideoInputRequestEmbeddingScopeItem::Asset]);
            video.embedding_type = Some(vec![
                AsyncVideoInputRequestEmbeddingTypeItem::FusedEmbedding,
            ]);
            video.time_based_metadata =
                Some(vec![TimeBasedMetadataEntry::new(0.0, 4.5, "kickoff")]);
            c.embed()
                .v2()
                .tasks()
                .create(
                    CreateAsyncEmbeddingRequestInputType::Video,
                    CreateAsyncEmbeddingRequestModelName::Marengo35,
                )
                .embedding_uncertainty(true)
                .embedding_dimension(1024)
                .video(video)
                .await?;
        }),
        case!("embed.v_2.tasks.list", None, [], |c| {
            c.embed()
                .v2()
                .tasks()
                .list()
                .started_at("2024-01-01T00:00:00Z")
                .ended_at("2024-02-01T00:00:00Z")
                .status("processing")
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("embed.v_2.tasks.retrieve", None, [], |c| {
            c.embed().v2().tasks().retrieve("etask_2").await?;
        }),
        // ---- entities by asset ----
        case!("entity_collections.entities.list_by_asset", None, [], |c| {
            c.entity_collections()
                .entities()
                .list_by_asset("asset_a")
                .page(2)
                .page_limit(5)
                .await?;
        }),
        // ---- imports ----
        case!("imports.import_files", None, [], |c| {
            c.imports()
                .import_files(
                    "conn_1",
                    [
                        ImportFilesRequestItemsItem::new("file_1"),
                        ImportFilesRequestItemsItem::new("file_2"),
                    ],
                )
                .await?;
        }),
        case!("imports.list_imports", None, [], |c| {
            c.imports()
                .list_imports("conn_1")
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("imports.retrieve_import", None, [], |c| {
            c.imports().retrieve_import("conn_1", "imp_1").await?;
        }),
        // ---- indexes ----
        case!("indexes.create", None, [], |c| {
            c.indexes()
                .create(
                    "sports",
                    [IndexesCreateRequestModelsItem::new(
                        IndexesCreateRequestModelsItemModelName::Marengo30,
                        ["visual", "audio"],
                    )],
                )
                .addons(["thumbnail"])
                .await?;
        }),
        case!("indexes.delete", None, [], |c| {
            c.indexes().delete("idx_789").await?;
        }),
        case!("indexes.list", None, [], |c| {
            c.indexes()
                .list()
                .page(2)
                .page_limit(5)
                .sort_by("created_at")
                .sort_option("desc")
                .index_name("sports")
                .model_options("visual,audio")
                .model_family("marengo")
                .created_at("2024-01-01T00:00:00Z")
                .updated_at("2024-01-02T00:00:00Z")
                .await?;
        }),
        case!("indexes.retrieve", None, [], |c| {
            c.indexes().retrieve("idx_789").await?;
        }),
        case!("indexes.update", None, [], |c| {
            c.indexes().update("idx_789", "sports-2025").await?;
        }),
        case!("indexes.indexed_assets.list_by_asset", None, [], |c| {
            c.indexes()
                .indexed_assets()
                .list_by_asset("asset_a")
                .page(2)
                .page_limit(5)
                .await?;
        }),
        // ---- indexes.videos ----
        case!("indexes.videos.delete", None, [], |c| {
            c.indexes().videos().delete("idx_789", "vid_1").await?;
        }),
        case!("indexes.videos.list", None, [], |c| {
            videos_list(&c).await?;
        }),
        case!("indexes.videos.retrieve", None, [], |c| {
            c.indexes()
                .videos()
                .retrieve("idx_789", "vid_1")
                .embedding_option([
                    VideosRetrieveRequestEmbeddingOptionItem::Visual,
                    VideosRetrieveRequestEmbeddingOptionItem::Audio,
                ])
                .transcription(true)
                .await?;
        }),
        case!("indexes.videos.update", None, [], |c| {
            c.indexes()
                .videos()
                .update("idx_789", "vid_1")
                .user_metadata([
                    ("category", Some(UserMetadataValue::from("news"))),
                    ("priority", Some(UserMetadataValue::from(2_i64))),
                    ("obsolete", None),
                ])
                .await?;
        }),
        // ---- knowledge_store_item_collections ----
        case!(
            "knowledge_store_item_collections.add_items",
            None,
            [],
            |c| {
                c.knowledge_store_item_collections()
                    .add_items("ks_1", "kcol_1", ["item_a", "item_b"])
                    .await?;
            }
        ),
        case!("knowledge_store_item_collections.create", None, [], |c| {
            c.knowledge_store_item_collections()
                .create("ks_1", "Highlights")
                .description("Best moments")
                .metadata([
                    ("season", KnowledgeStoreMetadataValue::from("2025")),
                    ("rank", KnowledgeStoreMetadataValue::from(1_i64)),
                    ("score", KnowledgeStoreMetadataValue::from(9.5)),
                    ("public", KnowledgeStoreMetadataValue::from(true)),
                    (
                        "tags",
                        KnowledgeStoreMetadataValue::from(strings(&["a", "b"])),
                    ),
                ])
                .await?;
        }),
        case!("knowledge_store_item_collections.delete", None, [], |c| {
            c.knowledge_store_item_collections()
                .delete("ks_1", "kcol_1")
                .await?;
        }),
        case!("knowledge_store_item_collections.list", None, [], |c| {
            c.knowledge_store_item_collections()
                .list("ks_1")
                .page(2)
                .page_limit(5)
                .sort_by(KnowledgeStoreItemCollectionsListRequestSortBy::Name)
                .sort_option("asc")
                .await?;
        }),
        case!(
            "knowledge_store_item_collections.list_items",
            None,
            [],
            |c| {
                c.knowledge_store_item_collections()
                    .list_items("ks_1", "kcol_1")
                    .page(2)
                    .page_limit(5)
                    .await?;
            }
        ),
        case!(
            "knowledge_store_item_collections.remove_items",
            None,
            [],
            |c| {
                c.knowledge_store_item_collections()
                    .remove_items("ks_1", "kcol_1", ["item_a"])
                    .await?;
            }
        ),
        case!("knowledge_store_item_collections.retrieve", None, [], |c| {
            c.knowledge_store_item_collections()
                .retrieve("ks_1", "kcol_1")
                .await?;
        }),
        case!("knowledge_store_item_collections.update", None, [], |c| {
            c.knowledge_store_item_collections()
                .update("ks_1", "kcol_1")
                .name("Top moments")
                .description("Updated")
                .metadata([("season", "2026")])
                .await?;
        }),
        // ---- knowledge_store_items ----
        case!("knowledge_store_items.create", None, [], |c| {
            c.knowledge_store_items()
                .create("ks_1", "asset_a")
                .asset_type(KnowledgeStoreItemAssetType::Video)
                .metadata([
                    ("source", KnowledgeStoreMetadataValue::from("upload")),
                    ("n", KnowledgeStoreMetadataValue::from(3_i64)),
                ])
                .await?;
        }),
        case!("knowledge_store_items.delete", None, [], |c| {
            c.knowledge_store_items().delete("ks_1", "item_a").await?;
        }),
        case!("knowledge_store_items.list", None, [], |c| {
            c.knowledge_store_items()
                .list("ks_1")
                .page(2)
                .page_limit(5)
                .sort_by(KnowledgeStoreItemsListRequestSortBy::UpdatedAt)
                .sort_option("desc")
                .status([
                    KnowledgeStoreItemsListRequestStatusItem::Ready,
                    KnowledgeStoreItemsListRequestStatusItem::Failed,
                ])
                .await?;
        }),
        case!("knowledge_store_items.retrieve", None, [], |c| {
            c.knowledge_store_items().retrieve("ks_1", "item_a").await?;
        }),
        // ---- knowledge_stores ----
        case!("knowledge_stores.create", None, [], |c| {
            c.knowledge_stores()
                .create("Match archive")
                .ingestion_config(IngestionConfig::new(EnrichmentConfigDescription::new(
                    EnrichmentConfigDescriptionType::Description,
                    "Describe each clip",
                )))
                .description("All matches")
                .metadata([
                    ("league", KnowledgeStoreMetadataValue::from("premier")),
                    ("year", KnowledgeStoreMetadataValue::from(2025_i64)),
                ])
                .await?;
        }),
        case!("knowledge_stores.delete", None, [], |c| {
            c.knowledge_stores().delete("ks_1").await?;
        }),
        case!("knowledge_stores.list", None, [], |c| {
            c.knowledge_stores()
                .list()
                .page(2)
                .page_limit(5)
                .sort_by(KnowledgeStoresListRequestSortBy::CreatedAt)
                .sort_option("asc")
                .await?;
        }),
        case!("knowledge_stores.retrieve", None, [], |c| {
            c.knowledge_stores().retrieve("ks_1").await?;
        }),
        case!("knowledge_stores.search", None, [], |c| {
            let filter = SearchKnowledgeStoreFilter {
                asset_type: Some(AssetTypeFilter {
                    eq: Some(KnowledgeStoreItemAssetType::Video),
                    ..Default::default()
                }),
                item_id: Some(ItemIdFilter {
                    in_: Some(strings(&["item_a", "item_b"])),
                    ..Default::default()
                }),
                ..Default::default()
            };
            let options = SearchKnowledgeStoreOptions {
                video: Some(VideoSearchOptions::new([
                    VideoSearchModality::Visual,
                    VideoSearchModality::Audio,
                ])),
                ..Default::default()
            };
            c.knowledge_stores()
                .search("ks_1", KnowledgeStoreSearchQuery::new("goal"))
                .filter(filter)
                .search_options(options)
                .group_by(SearchKnowledgeStoreRequestGroupBy::Item)
                .page_size(20)
                .page_token("tok_1")
                .include_metadata(true)
                .await?;
        }),
        case!("knowledge_stores.update", None, [], |c| {
            c.knowledge_stores()
                .update("ks_1")
                .name("Archive")
                .description("Every match")
                .metadata([("league", "la liga")])
                .await?;
        }),
        // ---- multipart_upload ----
        case!("multipart_upload.create", None, [], |c| {
            c.multipart_upload()
                .create(
                    "match.mp4",
                    CreateAssetUploadRequestType::Video,
                    104_857_600,
                )
                .enable_hls(true)
                .enable_thumbnail(false)
                .user_metadata([
                    ("camera", Some(UserMetadataValue::from("A"))),
                    ("take", Some(UserMetadataValue::from(3_i64))),
                ])
                .await?;
        }),
        case!(
            "multipart_upload.get_additional_presigned_urls",
            None,
            [],
            |c| {
                c.multipart_upload()
                    .get_additional_presigned_urls("up_1", 11, 10)
                    .await?;
            }
        ),
        case!("multipart_upload.get_status", None, [], |c| {
            c.multipart_upload()
                .get_status("up_1")
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("multipart_upload.list_incomplete_uploads", None, [], |c| {
            c.multipart_upload()
                .list_incomplete_uploads()
                .page(2)
                .page_limit(5)
                .await?;
        }),
        case!("multipart_upload.report_chunk_batch", None, [], |c| {
            c.multipart_upload()
                .report_chunk_batch(
                    "up_1",
                    [
                        CompletedChunk::new(1, "etag-1", CompletedChunkProofType::Etag, 5_242_880),
                        CompletedChunk::new(2, "etag-2", CompletedChunkProofType::Etag, 1_048_576),
                    ],
                )
                .await?;
        }),
        // ---- responses ----
        case!("responses.create", None, [], |c| {
            let mut format = TextResponseFormatJsonSchema::new(
                TextResponseFormatJsonSchemaType::JsonSchema,
                "answer",
                object(json!({"type": "object"})),
            );
            format.description = Some("The answer".into());
            format.strict = Some(true);
            c.responses()
                .create(
                    "ks_1",
                    [ResponseInputItem::new(
                        ResponseInputItemType::Message,
                        ResponseInputItemRole::User,
                        "What happened in the match?",
                    )],
                )
                .session_id("sess_1")
                .instructions("Answer briefly")
                .include([ResponsesCreateRequestIncludeItem::IntermediateOutputs])
                .selections([
                    ResponseSelection::new(ResponseSelectionKind::Item, "item_a"),
                    ResponseSelection::new(ResponseSelectionKind::Collection, "kcol_1"),
                ])
                .text(TextParam {
                    format: Some(format.into()),
                    ..Default::default()
                })
                .await?;
        }),
        case!("responses.create_stream", None, [], |c| {
            let events: Vec<_> = c
                .responses()
                .create_stream(
                    "ks_1",
                    [ResponseInputItem::new(
                        ResponseInputItemType::Message,
                        ResponseInputItemRole::User,
                        "Who scored?",
                    )],
                )
                .session_id("sess_1")
                .instructions("Answer briefly")
                .include([ResponsesCreateStreamRequestIncludeItem::IntermediateOutputs])
                .selections([ResponseSelection::new(
                    ResponseSelectionKind::Item,
                    "item_a",
                )])
                .text(TextParam {
                    format: Some(
                        TextResponseFormatText::new(TextResponseFormatTextType::Text).into(),
                    ),
                    ..Default::default()
                })
                .await?
                .try_collect()
                .await?;
            assert!(!events.is_empty(), "events before [DONE]");
        }),
        // ---- search ----
        case!("search.create", None, [], |c| {
            c.search()
                .create(
                    "idx_789",
                    [
                        SearchCreateRequestSearchOptionsItem::Visual,
                        SearchCreateRequestSearchOptionsItem::Audio,
                    ],
                )
                .query_text("goal")
                .transcription_options([
                    SearchCreateRequestTranscriptionOptionsItem::Lexical,
                    SearchCreateRequestTranscriptionOptionsItem::Semantic,
                ])
                .group_by(SearchCreateRequestGroupBy::Clip)
                .operator(SearchCreateRequestOperator::And)
                .page_limit(5)
                .filter(r#"{"duration":{"gte":10}}"#)
                .include_user_metadata(true)
                .await?;
        }),
        // The hand-written `search.query` posts what `search.create` posts (one page; its pager is not iterated).
        case!("search.query", None, [], |c| {
            c.search()
                .create("idx_789", [SearchCreateRequestSearchOptionsItem::Visual])
                .query_text("goal")
                .group_by(SearchCreateRequestGroupBy::Video)
                .operator(SearchCreateRequestOperator::Or)
                .page_limit(10)
                .include_user_metadata(false)
                .await?;
        }),
        case!("search.retrieve", None, [], |c| {
            c.search()
                .retrieve("tok_1")
                .include_user_metadata(true)
                .await?;
        }),
        // ---- tasks ----
        case!("tasks.create", None, [], |c| {
            c.tasks()
                .create("idx_789")
                .video_file(InputFile::bytes("sample.mp4", upload_bytes()))
                .enable_video_stream(true)
                .user_metadata(r#"{"camera":"A"}"#)
                .await?;
        }),
        case!("tasks.delete", None, [], |c| {
            c.tasks().delete("task_2").await?;
        }),
        case!("tasks.list", None, [], |c| {
            c.tasks()
                .list()
                .page(2)
                .page_limit(5)
                .sort_by("created_at")
                .sort_option("desc")
                .index_id("idx_789")
                .status([
                    TasksListRequestStatusItem::Ready,
                    TasksListRequestStatusItem::Failed,
                ])
                .filename("clip.mp4")
                .duration(12.5)
                .width(1920)
                .height(1080)
                .created_at("2024-01-01T00:00:00Z")
                .updated_at("2024-01-02T00:00:00Z")
                .await?;
        }),
        case!("tasks.retrieve", None, [], |c| {
            c.tasks().retrieve("task_2").await?;
        }),
    ]
}

/// Owned strings from literals.
fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// `indexes.videos.list` with every filter, as both the call and the probe of the generated Python method make it.
pub(super) async fn videos_list(c: &Client) -> Result<(), Error> {
    c.indexes()
        .videos()
        .list("idx_789")
        .page(2)
        .page_limit(5)
        .sort_by("created_at")
        .sort_option("asc")
        .filename("clip.mp4")
        .duration(VideosListRequestDuration {
            gte: Some(10.0),
            lte: Some(60.5),
            ..Default::default()
        })
        .fps(VideosListRequestFps {
            gte: Some(25.0),
            ..Default::default()
        })
        .width(VideosListRequestWidth {
            gte: Some(640),
            ..Default::default()
        })
        .height(VideosListRequestHeight {
            lte: Some(1080),
            ..Default::default()
        })
        .size(VideosListRequestSize {
            lte: Some(1_048_576.0),
            ..Default::default()
        })
        .created_at("2024-01-01T00:00:00Z")
        .updated_at("2024-01-02T00:00:00Z")
        .user_metadata([
            (
                "category",
                VideosListRequestUserMetadataValue::from("sports"),
            ),
            ("rating", VideosListRequestUserMetadataValue::from(9.5)),
            ("reviewed", VideosListRequestUserMetadataValue::from(true)),
        ])
        .await?;
    Ok(())
}
