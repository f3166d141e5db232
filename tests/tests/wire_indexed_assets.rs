//! Wire tests of the indexed-asset operations (`client.indexes().indexed_assets()`): what the SDK sends, and how
//! it decodes what the API answers.

use serde_json::{Value, json};
use tests::wire::{assert_json_body, assert_no_body, pairs, query_pairs, single_request};
use twelvelabs::indexmap::IndexMap;
use twelvelabs::models::{
    HlsObject, HlsObjectStatus, IndexedAssetStatus, IndexedAssetSystemMetadata,
    IndexedAssetsListRequestDuration, IndexedAssetsListRequestFps, IndexedAssetsListRequestHeight,
    IndexedAssetsListRequestSize, IndexedAssetsListRequestStatusItem,
    IndexedAssetsListRequestUserMetadataValue, IndexedAssetsListRequestWidth,
    IndexedAssetsRetrieveRequestEmbeddingOptionItem, TranscriptionDataItem, UserMetadataValue,
    VideoSegment,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INDEX: &str = "6739d1e2f3a4b5c6d7e8f9a0";
const INDEXED_ASSET: &str = "6739e2f3a4b5c6d7e8f9a0b1";

/// Metadata from literal pairs (`null` for a key to delete).
fn metadata<const N: usize>(
    entries: [(&str, Value); N],
) -> IndexMap<String, Option<UserMetadataValue>> {
    entries
        .into_iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                serde_json::from_value(v).expect("a metadata value"),
            )
        })
        .collect()
}

fn indexed_assets_path() -> String {
    format!("/indexes/{INDEX}/indexed-assets")
}

fn indexed_asset_path() -> String {
    format!("/indexes/{INDEX}/indexed-assets/{INDEXED_ASSET}")
}

fn system_metadata() -> IndexedAssetSystemMetadata {
    IndexedAssetSystemMetadata {
        filename: Some("interview.mp4".into()),
        duration: Some(183.5),
        fps: Some(29.97),
        width: Some(1920),
        height: Some(1080),
        size: Some(48_234_112.0),
        extra: Default::default(),
    }
}

fn system_metadata_json() -> Value {
    json!({
        "filename": "interview.mp4",
        "duration": 183.5,
        "fps": 29.97,
        "width": 1920,
        "height": 1080,
        "size": 48234112
    })
}

#[tokio::test]
async fn indexed_assets_create_posts_the_asset_id_and_decodes_202() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(indexed_assets_path()))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"_id": INDEXED_ASSET})))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let response = client
        .indexes()
        .indexed_assets()
        .create(INDEX, "6739c4d5e6f7a8b9c0d1e2f3")
        .enable_video_stream(true)
        .send_with_raw_response()
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), indexed_assets_path());
    assert_eq!(request.url.query(), None);
    assert_json_body(
        &request,
        json!({"asset_id": "6739c4d5e6f7a8b9c0d1e2f3", "enable_video_stream": true}),
    );
    assert_eq!(response.status().as_u16(), 202);
    assert_eq!(response.data().id.as_deref(), Some(INDEXED_ASSET));
}

#[tokio::test]
async fn indexed_assets_create_omits_an_unset_enable_video_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(indexed_assets_path()))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"_id": INDEXED_ASSET})))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let created = client
        .indexes()
        .indexed_assets()
        .create(INDEX, "asset_1")
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_json_body(&request, json!({"asset_id": "asset_1"}));
    assert_eq!(created.id.as_deref(), Some(INDEXED_ASSET));
}

#[tokio::test]
async fn indexed_assets_retrieve_sends_embedding_options_and_transcription_and_decodes_the_details()
{
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(indexed_asset_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "_id": INDEXED_ASSET,
            "created_at": "2024-11-07T12:00:00Z",
            "updated_at": "2024-11-07T12:03:10Z",
            "indexed_at": "2024-11-07T12:03:09Z",
            "status": "ready",
            "system_metadata": system_metadata_json(),
            "user_metadata": {"category": "news", "batchNumber": 5, "rating": 9.3, "needsReview": true},
            "hls": {
                "video_url": "https://stream.twelvelabs.io/6739e2f3/stream.m3u8",
                "thumbnail_urls": ["https://stream.twelvelabs.io/6739e2f3/thumb_0001.jpg"],
                "status": "COMPLETE",
                "updated_at": "2024-11-07T12:04:00Z"
            },
            "embedding": {
                "model_name": "marengo3.0",
                "video_embedding": {
                    "segments": [
                        {
                            "start_offset_sec": 0.0,
                            "end_offset_sec": 6.0,
                            "embedding_scope": "clip",
                            "embedding_option": "visual",
                            "float": [0.012, -0.034, 0.056]
                        },
                        {
                            "start_offset_sec": 0.0,
                            "end_offset_sec": 183.5,
                            "embedding_scope": "video",
                            "embedding_option": "audio",
                            "float": [0.1, 0.2]
                        }
                    ]
                }
            },
            "transcription": [
                {"start": 0.0, "end": 2.5, "value": "Good evening."},
                {"start": 2.5, "end": 5.25, "value": "Here is the news."}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let asset = client
        .indexes()
        .indexed_assets()
        .retrieve(INDEX, INDEXED_ASSET)
        .embedding_option([
            IndexedAssetsRetrieveRequestEmbeddingOptionItem::Visual,
            IndexedAssetsRetrieveRequestEmbeddingOptionItem::Audio,
            IndexedAssetsRetrieveRequestEmbeddingOptionItem::VisualText,
        ])
        .transcription(true)
        .await
        .expect("retrieve");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), indexed_asset_path());
    assert_eq!(
        query_pairs(&request),
        pairs(&[
            ("embedding_option", "visual"),
            ("embedding_option", "audio"),
            ("embedding_option", "visual-text"),
            ("transcription", "true"),
        ])
    );
    assert_no_body(&request);

    assert_eq!(asset.id.as_deref(), Some(INDEXED_ASSET));
    assert_eq!(asset.status, Some(IndexedAssetStatus::Ready));
    assert_eq!(asset.created_at.as_deref(), Some("2024-11-07T12:00:00Z"));
    assert_eq!(asset.updated_at.as_deref(), Some("2024-11-07T12:03:10Z"));
    assert_eq!(asset.indexed_at.as_deref(), Some("2024-11-07T12:03:09Z"));
    assert_eq!(asset.system_metadata, Some(system_metadata()));
    assert_eq!(
        asset.user_metadata,
        Some(metadata([
            ("category", json!("news")),
            ("batchNumber", json!(5)),
            ("rating", json!(9.3)),
            ("needsReview", json!(true)),
        ]))
    );
    assert_eq!(
        asset.hls,
        Some(HlsObject {
            video_url: Some("https://stream.twelvelabs.io/6739e2f3/stream.m3u8".into()),
            thumbnail_urls: Some(vec![
                "https://stream.twelvelabs.io/6739e2f3/thumb_0001.jpg".into()
            ]),
            status: Some(HlsObjectStatus::Complete),
            updated_at: Some("2024-11-07T12:04:00Z".into()),
            extra: Default::default(),
        })
    );
    let embedding = asset.embedding.expect("embedding");
    assert_eq!(embedding.model_name.as_deref(), Some("marengo3.0"));
    assert_eq!(
        embedding.video_embedding.and_then(|v| v.segments),
        Some(vec![
            VideoSegment {
                start_offset_sec: Some(0.0),
                end_offset_sec: Some(6.0),
                embedding_scope: Some("clip".into()),
                embedding_option: Some("visual".into()),
                float: Some(vec![0.012, -0.034, 0.056]),
                extra: Default::default(),
            },
            VideoSegment {
                start_offset_sec: Some(0.0),
                end_offset_sec: Some(183.5),
                embedding_scope: Some("video".into()),
                embedding_option: Some("audio".into()),
                float: Some(vec![0.1, 0.2]),
                extra: Default::default(),
            },
        ])
    );
    assert_eq!(
        asset.transcription,
        Some(vec![
            TranscriptionDataItem {
                start: Some(0.0),
                end: Some(2.5),
                value: Some("Good evening.".into()),
                extra: Default::default(),
            },
            TranscriptionDataItem {
                start: Some(2.5),
                end: Some(5.25),
                value: Some("Here is the news.".into()),
                extra: Default::default(),
            },
        ])
    );
}

#[tokio::test]
async fn indexed_assets_retrieve_sends_false_and_omits_unset_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(indexed_asset_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"_id": INDEXED_ASSET, "status": "indexing"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let with_false = client
        .indexes()
        .indexed_assets()
        .retrieve(INDEX, INDEXED_ASSET)
        .transcription(false)
        .await
        .expect("retrieve");
    let without_options = client
        .indexes()
        .indexed_assets()
        .retrieve(INDEX, INDEXED_ASSET)
        .await
        .expect("retrieve");

    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        query_pairs(&requests[0]),
        pairs(&[("transcription", "false")])
    );
    assert_eq!(requests[1].url.query(), None);
    for request in &requests {
        assert_eq!(request.url.path(), indexed_asset_path());
        assert_no_body(request);
    }
    assert_eq!(with_false.status, Some(IndexedAssetStatus::Indexing));
    assert_eq!(without_options.embedding, None);
    assert_eq!(without_options.transcription, None);
}

#[tokio::test]
async fn indexed_assets_update_patches_user_metadata_with_null_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(indexed_asset_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let () = client
        .indexes()
        .indexed_assets()
        .update(INDEX, INDEXED_ASSET)
        .user_metadata(metadata([
            ("category", json!("recentlyAdded")),
            ("batchNumber", json!(5)),
            ("rating", json!(9.3)),
            ("needsReview", json!(true)),
            ("obsoleteTag", Value::Null),
        ]))
        .await
        .expect("update");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), indexed_asset_path());
    assert_eq!(request.url.query(), None);
    assert_json_body(
        &request,
        json!({
            "user_metadata": {
                "category": "recentlyAdded",
                "batchNumber": 5,
                "rating": 9.3,
                "needsReview": true,
                "obsoleteTag": null
            }
        }),
    );
}

#[tokio::test]
async fn indexed_assets_update_without_metadata_sends_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(indexed_asset_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let response = client
        .indexes()
        .indexed_assets()
        .update(INDEX, INDEXED_ASSET)
        .send_with_raw_response()
        .await
        .expect("update");

    assert_eq!(response.status().as_u16(), 204);
    let request = single_request(&server).await;
    assert_json_body(&request, json!({}));
}

#[tokio::test]
async fn indexed_assets_list_sends_every_filter_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(indexed_assets_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {
                    "_id": INDEXED_ASSET,
                    "created_at": "2024-11-07T12:00:00Z",
                    "updated_at": "2024-11-07T12:03:10Z",
                    "indexed_at": "2024-11-07T12:03:09Z",
                    "status": "ready",
                    "system_metadata": system_metadata_json()
                },
                {"_id": "6739e2f3a4b5c6d7e8f9a0b2", "created_at": "2024-11-07T12:05:00Z", "status": "failed"}
            ],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 3, "total_results": 25}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .indexes()
        .indexed_assets()
        .list(INDEX)
        .page(1)
        .page_limit(10)
        .sort_by("updated_at")
        .sort_option("asc")
        .status([
            IndexedAssetsListRequestStatusItem::Ready,
            IndexedAssetsListRequestStatusItem::Failed,
        ])
        .filename("interview.mp4")
        .duration(IndexedAssetsListRequestDuration {
            gte: Some(10.0),
            lte: Some(183.5),
            ..Default::default()
        })
        .fps(IndexedAssetsListRequestFps {
            gte: Some(29.97),
            ..Default::default()
        })
        .width(IndexedAssetsListRequestWidth {
            gte: Some(1920),
            ..Default::default()
        })
        .height(IndexedAssetsListRequestHeight {
            lte: Some(1080),
            ..Default::default()
        })
        .size(IndexedAssetsListRequestSize {
            lte: Some(48_234_112.0),
            ..Default::default()
        })
        .created_at("2024-11-07T12:00:00Z")
        .updated_at("2024-11-07T12:03:10Z")
        .user_metadata([
            (
                "category",
                IndexedAssetsListRequestUserMetadataValue::from("news"),
            ),
            (
                "batchNumber",
                IndexedAssetsListRequestUserMetadataValue::from(5.0),
            ),
            (
                "needsReview",
                IndexedAssetsListRequestUserMetadataValue::from(true),
            ),
            (
                "rating",
                IndexedAssetsListRequestUserMetadataValue::from(9.3),
            ),
        ])
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), indexed_assets_path());
    assert_eq!(
        query_pairs(&request),
        pairs(&[
            ("page", "1"),
            ("page_limit", "10"),
            ("sort_by", "updated_at"),
            ("sort_option", "asc"),
            ("status", "ready"),
            ("status", "failed"),
            ("filename", "interview.mp4"),
            ("duration[gte]", "10.0"),
            ("duration[lte]", "183.5"),
            ("fps[gte]", "29.97"),
            ("width[gte]", "1920"),
            ("height[lte]", "1080"),
            ("size[lte]", "48234112.0"),
            ("created_at", "2024-11-07T12:00:00Z"),
            ("updated_at", "2024-11-07T12:03:10Z"),
            ("user_metadata[category]", "news"),
            ("user_metadata[batchNumber]", "5.0"),
            ("user_metadata[needsReview]", "true"),
            ("user_metadata[rating]", "9.3"),
        ])
    );
    assert_no_body(&request);

    let data = &page.items;
    assert_eq!(data.len(), 2);
    assert_eq!(data[0].id.as_deref(), Some(INDEXED_ASSET));
    assert_eq!(data[0].status, Some(IndexedAssetStatus::Ready));
    assert_eq!(data[0].created_at.as_deref(), Some("2024-11-07T12:00:00Z"));
    assert_eq!(data[0].indexed_at.as_deref(), Some("2024-11-07T12:03:09Z"));
    assert_eq!(data[0].system_metadata, Some(system_metadata()));
    assert_eq!(data[1].status, Some(IndexedAssetStatus::Failed));
    assert_eq!(data[1].system_metadata, None);
    assert_eq!(
        (
            page.page,
            page.limit_per_page,
            page.total_pages,
            page.total_results
        ),
        (1, Some(10), Some(3), Some(25))
    );
}

#[tokio::test]
async fn indexed_assets_list_sends_a_single_status_and_metadata_filter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(indexed_assets_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 0, "total_results": 0}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .indexes()
        .indexed_assets()
        .list(INDEX)
        .status([IndexedAssetsListRequestStatusItem::Pending])
        .user_metadata([("category", "news")])
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("status=pending&user_metadata%5Bcategory%5D=news")
    );
    assert_eq!(
        query_pairs(&request),
        pairs(&[("status", "pending"), ("user_metadata[category]", "news")])
    );
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn indexed_assets_list_without_options_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(indexed_assets_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 0, "total_results": 0}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .indexes()
        .indexed_assets()
        .list(INDEX)
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert_eq!(page.total_results, Some(0));
}

#[tokio::test]
async fn indexed_assets_delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(indexed_asset_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let () = client
        .indexes()
        .indexed_assets()
        .delete(INDEX, INDEXED_ASSET)
        .await
        .expect("delete");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), indexed_asset_path());
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
}
