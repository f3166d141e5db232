//! Wire tests of the asset operations (`client.assets()`): the multipart upload, the list filters, and how the
//! SDK decodes what the API answers.

use serde_json::{Value, json};
use tests::ReceivedPart;
use tests::wire::{assert_no_body, multipart_parts, pairs, query_pairs, single_request, utc};
use twelvelabs::InputFile;
use twelvelabs::models::{
    Asset, AssetDetail, AssetMethod, AssetStatus, AssetsCreateRequestMethod,
    AssetsListRequestAssetTypesItem,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ASSET: &str = "6739c4d5e6f7a8b9c0d1e2f3";

/// A text part as a server sees it.
fn text_part(name: &str, value: &str) -> ReceivedPart {
    ReceivedPart {
        name: name.into(),
        file_name: None,
        content_type: None,
        data: value.as_bytes().to_vec(),
    }
}

/// An asset as the API returns it.
fn asset_json(method: &str, status: &str) -> Value {
    json!({
        "_id": ASSET,
        "method": method,
        "status": status,
        "filename": "interview.mp4",
        "file_type": "video/mp4",
        "url": "https://assets.twelvelabs.io/6739c4d5e6f7a8b9c0d1e2f3/interview.mp4?X-Amz-Signature=abc",
        "url_expires_at": "2024-11-08T12:00:00Z",
        "created_at": "2024-11-07T11:59:30.125Z"
    })
}

/// The fields of [`asset_json`] this SDK version does not model, kept as they came.
fn unknown_fields() -> twelvelabs::indexmap::IndexMap<String, Value> {
    [
        (
            "url".to_string(),
            json!("https://assets.twelvelabs.io/6739c4d5e6f7a8b9c0d1e2f3/interview.mp4?X-Amz-Signature=abc"),
        ),
        ("url_expires_at".to_string(), json!("2024-11-08T12:00:00Z")),
    ]
    .into_iter()
    .collect()
}

/// The asset [`asset_json`] describes, decoded as `assets.create` returns it.
fn expected_asset(method: AssetMethod, status: AssetStatus) -> Asset {
    Asset {
        id: Some(ASSET.into()),
        method: Some(method),
        status: Some(status),
        filename: Some("interview.mp4".into()),
        file_type: Some("video/mp4".into()),
        created_at: Some(utc(2024, 11, 7, 11, 59, 30) + chrono::Duration::milliseconds(125)),
        extra: unknown_fields(),
        ..Default::default()
    }
}

/// The same asset as `assets.list` and `assets.retrieve` return it.
fn expected_detail(method: AssetMethod, status: AssetStatus) -> AssetDetail {
    let asset = expected_asset(method, status);
    AssetDetail {
        id: asset.id,
        method: asset.method,
        status: asset.status,
        filename: asset.filename,
        file_type: asset.file_type,
        created_at: asset.created_at,
        extra: asset.extra,
        ..Default::default()
    }
}

#[tokio::test]
async fn assets_create_direct_uploads_text_parts_then_the_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(asset_json("direct", "processing")))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);
    let video = b"\x00\x00\x00\x18ftypmp42 fake video bytes".to_vec();

    let asset = client
        .assets()
        .create(AssetsCreateRequestMethod::Direct)
        // Set before the filename: the file part is still sent last.
        .file(InputFile::bytes("clip.mp4", video.clone()))
        .filename("interview.mp4")
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/assets");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            text_part("method", "direct"),
            text_part("filename", "interview.mp4"),
            ReceivedPart {
                name: "file".into(),
                file_name: Some("clip.mp4".into()),
                content_type: Some("video/mp4".into()),
                data: video,
            },
        ]
    );
    assert_eq!(
        asset,
        expected_asset(AssetMethod::Direct, AssetStatus::Processing)
    );
}

#[tokio::test]
async fn assets_create_by_url_is_multipart_without_a_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(asset_json("url", "processing")))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let asset = client
        .assets()
        .create(AssetsCreateRequestMethod::Url)
        .url("https://example.com/media/interview.mp4")
        .filename("interview.mp4")
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/assets");
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            text_part("method", "url"),
            text_part("url", "https://example.com/media/interview.mp4"),
            text_part("filename", "interview.mp4"),
        ]
    );
    assert_eq!(
        asset,
        expected_asset(AssetMethod::Url, AssetStatus::Processing)
    );
}

#[tokio::test]
async fn assets_create_streams_a_file_from_disk_under_its_own_name() {
    let dir = std::env::temp_dir().join(format!("twelvelabs-wire-assets-{}", std::process::id()));
    tokio::fs::create_dir_all(&dir).await.expect("temp dir");
    let file = dir.join("face.jpg");
    let image = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    tokio::fs::write(&file, &image)
        .await
        .expect("write temp file");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "_id": ASSET, "method": "direct", "status": "ready", "filename": "face.jpg", "file_type": "image/jpeg"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let asset = client
        .assets()
        .create(AssetsCreateRequestMethod::Direct)
        .file(InputFile::path(&file))
        .await
        .expect("create");
    tokio::fs::remove_dir_all(&dir)
        .await
        .expect("remove temp dir");

    let request = single_request(&server).await;
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            text_part("method", "direct"),
            ReceivedPart {
                name: "file".into(),
                file_name: Some("face.jpg".into()),
                content_type: Some("image/jpeg".into()),
                data: image,
            },
        ]
    );
    assert_eq!(asset.status, Some(AssetStatus::Ready));
    assert_eq!(asset.file_type.as_deref(), Some("image/jpeg"));
    assert!(asset.extra.is_empty(), "{:?}", asset.extra);
}

#[tokio::test]
async fn assets_create_sends_an_unknown_extension_as_octet_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(asset_json("direct", "processing")))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    client
        .assets()
        .create(AssetsCreateRequestMethod::Direct)
        .file(InputFile::bytes("recording.unknownext", vec![1, 2, 3]))
        .await
        .expect("create");

    let request = single_request(&server).await;
    let parts = multipart_parts(&request).await;
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0], text_part("method", "direct"));
    assert_eq!(
        parts[1],
        ReceivedPart {
            name: "file".into(),
            file_name: Some("recording.unknownext".into()),
            content_type: Some("application/octet-stream".into()),
            data: vec![1, 2, 3],
        }
    );
}

#[tokio::test]
async fn assets_list_repeats_array_filters_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                asset_json("direct", "ready"),
                {"_id": "asset_2", "method": "url", "status": "processing", "filename": "cover.png"}
            ],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 3, "total_results": 25}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .assets()
        .list()
        .page(1)
        .page_limit(10)
        .asset_ids([ASSET, "asset_2"])
        .asset_types([
            AssetsListRequestAssetTypesItem::Video,
            AssetsListRequestAssetTypesItem::Image,
        ])
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/assets");
    assert_eq!(
        query_pairs(&request),
        pairs(&[
            ("page", "1"),
            ("page_limit", "10"),
            ("asset_ids", ASSET),
            ("asset_ids", "asset_2"),
            ("asset_types", "video"),
            ("asset_types", "image"),
        ])
    );
    assert_no_body(&request);

    let data = &page.items;
    assert_eq!(data.len(), 2);
    assert_eq!(
        data[0],
        expected_detail(AssetMethod::Direct, AssetStatus::Ready)
    );
    assert_eq!(data[1].id.as_deref(), Some("asset_2"));
    assert_eq!(data[1].method, Some(AssetMethod::Url));
    assert_eq!(data[1].status, Some(AssetStatus::Processing));
    assert_eq!(data[1].created_at, None);
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
async fn assets_list_without_options_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 0, "total_results": 0}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client.assets().list().await.expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn assets_retrieve_gets_by_id_and_decodes_the_asset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/assets/{ASSET}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json("url", "ready")))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let asset = client.assets().retrieve(ASSET).await.expect("retrieve");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), format!("/assets/{ASSET}"));
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert_eq!(asset, expected_detail(AssetMethod::Url, AssetStatus::Ready));
}

#[tokio::test]
async fn assets_delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/assets/{ASSET}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let () = client.assets().delete(ASSET).await.expect("delete");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), format!("/assets/{ASSET}"));
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
}
