//! The Rust equivalents of `python-wire.json`: the 22 original operations (23 calls) and 17 probes.

use futures::TryStreamExt;
use twelvelabs::InputFile;
use twelvelabs::models::*;

use super::{Allow, Case, upload_bytes};

/// The Rust equivalents of `python-wire.json`'s `calls`, in order.
pub(super) fn original_calls() -> Vec<Case> {
    vec![
        case!("entity_collections.list", None, [], |c| {
            c.entity_collections()
                .list()
                .page(2)
                .page_limit(5)
                .name("Players")
                .sort_by(EntityCollectionsListRequestSortBy::Name)
                .sort_option("asc")
                .await?;
        }),
        case!("entity_collections.create", None, [], |c| {
            c.entity_collections()
                .create("Players")
                .description("Soccer players")
                .await?;
        }),
        case!("entity_collections.retrieve", None, [], |c| {
            c.entity_collections().retrieve("ec_123").await?;
        }),
        case!("entity_collections.update", None, [], |c| {
            c.entity_collections()
                .update("ec_123")
                .name("Players 2025")
                .await?;
        }),
        case!("entity_collections.delete", None, [], |c| {
            c.entity_collections().delete("ec_123").await?;
        }),
        case!("entity_collections.entities.list", None, [], |c| {
            c.entity_collections()
                .entities()
                .list("ec_123")
                .page(2)
                .page_limit(5)
                .name("Messi")
                .status(EntitiesListRequestStatus::Ready)
                .sort_by(EntitiesListRequestSortBy::CreatedAt)
                .sort_option("desc")
                .await?;
        }),
        case!("entity_collections.entities.create", None, [], |c| {
            c.entity_collections()
                .entities()
                .create("ec_123", "Lionel Messi", ["asset_a", "asset_b"])
                .description("Forward")
                .metadata([
                    ("sport", Some(EntityMetadataValue::from("soccer"))),
                    ("teamId", Some(EntityMetadataValue::from(42_i64))),
                    ("score", Some(EntityMetadataValue::from(8.7))),
                    ("active", Some(EntityMetadataValue::from(true))),
                ])
                .await?;
        }),
        case!("entity_collections.entities.create_bulk", None, [], |c| {
            let mut one = EntitiesCreateBulkRequestEntitiesItem::new("Player One", ["asset_a"]);
            one.metadata = Some(
                [
                    (
                        "number".to_string(),
                        Some(EntityMetadataValue::from(10_i64)),
                    ),
                    ("captain".to_string(), Some(EntityMetadataValue::from(true))),
                ]
                .into_iter()
                .collect(),
            );
            let mut two =
                EntitiesCreateBulkRequestEntitiesItem::new("Player Two", ["asset_b", "asset_c"]);
            two.description = Some("Goalkeeper".into());
            c.entity_collections()
                .entities()
                .create_bulk("ec_123", [one, two])
                .await?;
        }),
        case!("entity_collections.entities.retrieve", None, [], |c| {
            c.entity_collections()
                .entities()
                .retrieve("ec_123", "ent_456")
                .await?;
        }),
        case!("entity_collections.entities.update", None, [], |c| {
            c.entity_collections()
                .entities()
                .update("ec_123", "ent_456")
                .name("Leo Messi")
                .metadata([
                    ("sport", Some(EntityMetadataValue::from("soccer"))),
                    ("teamId", Some(EntityMetadataValue::from(10_i64))),
                    ("retired", None),
                ])
                .await?;
        }),
        case!("entity_collections.entities.delete", None, [], |c| {
            c.entity_collections()
                .entities()
                .delete("ec_123", "ent_456")
                .await?;
        }),
        case!("entity_collections.entities.create_assets", None, [], |c| {
            c.entity_collections()
                .entities()
                .create_assets("ec_123", "ent_456", ["asset_c", "asset_d"])
                .await?;
        }),
        case!("entity_collections.entities.delete_assets", None, [], |c| {
            c.entity_collections()
                .entities()
                .delete_assets("ec_123", "ent_456", ["asset_b"])
                .await?;
        }),
        case!("assets.create", Some("url"), [], |c| {
            c.assets()
                .create(AssetsCreateRequestMethod::Url)
                .url("https://example.com/media/clip.mp4")
                .filename("remote-clip.mp4")
                .enable_hls(true)
                .enable_thumbnail(false)
                .user_metadata(r#"{"source":"url","priority":1}"#)
                .await?;
        }),
        case!("assets.create", Some("direct"), [], |c| {
            // Python: `file=open("sample.mp4", "rb")`, so the part is named after the file and typed by its
            // extension; `InputFile::bytes` under the same name does both.
            c.assets()
                .create(AssetsCreateRequestMethod::Direct)
                .file(InputFile::bytes("sample.mp4", upload_bytes()))
                .filename("my-clip.mp4")
                .enable_hls(false)
                .user_metadata(r#"{"source":"direct"}"#)
                .await?;
        }),
        case!("assets.list", None, [], |c| {
            c.assets()
                .list()
                .page(2)
                .page_limit(5)
                .asset_ids(["asset_a", "asset_b"])
                .asset_types([
                    AssetsListRequestAssetTypesItem::Video,
                    AssetsListRequestAssetTypesItem::Image,
                ])
                .filename("clip")
                .await?;
        }),
        case!("assets.retrieve", None, [], |c| {
            c.assets().retrieve("asset_a").await?;
        }),
        case!("assets.delete", None, [], |c| {
            c.assets().delete("asset_a").force(true).await?;
        }),
        case!("indexes.indexed_assets.create", None, [], |c| {
            c.indexes()
                .indexed_assets()
                .create("idx_789", "asset_a")
                .enable_video_stream(true)
                .user_metadata([
                    ("category", Some(UserMetadataValue::from("sports"))),
                    ("round", Some(UserMetadataValue::from(1_i64))),
                    (
                        "tags",
                        Some(UserMetadataValue::from(vec![
                            "a".to_string(),
                            "b".to_string(),
                        ])),
                    ),
                ])
                .await?;
        }),
        case!("indexes.indexed_assets.retrieve", None, [], |c| {
            c.indexes()
                .indexed_assets()
                .retrieve("idx_789", "ia_001")
                .embedding_option([
                    IndexedAssetsRetrieveRequestEmbeddingOptionItem::Visual,
                    IndexedAssetsRetrieveRequestEmbeddingOptionItem::Audio,
                ])
                .transcription(true)
                .await?;
        }),
        case!("indexes.indexed_assets.update", None, [], |c| {
            c.indexes()
                .indexed_assets()
                .update("idx_789", "ia_001")
                .user_metadata([
                    ("category", Some(UserMetadataValue::from("news"))),
                    ("priority", Some(UserMetadataValue::from(3_i64))),
                    ("score", Some(UserMetadataValue::from(4.5))),
                    ("reviewed", Some(UserMetadataValue::from(false))),
                    (
                        "tags",
                        Some(UserMetadataValue::from(vec![
                            "x".to_string(),
                            "y".to_string(),
                        ])),
                    ),
                    ("obsolete", None),
                ])
                .await?;
        }),
        case!("indexes.indexed_assets.list", None, [], |c| {
            c.indexes()
                .indexed_assets()
                .list("idx_789")
                .page(2)
                .page_limit(5)
                .sort_by("updated_at")
                .sort_option("asc")
                .status([
                    IndexedAssetsListRequestStatusItem::Ready,
                    IndexedAssetsListRequestStatusItem::Indexing,
                ])
                .filename("clip.mp4")
                .duration(IndexedAssetsListRequestDuration {
                    gte: Some(10.0),
                    lte: Some(60.5),
                    ..Default::default()
                })
                .width(IndexedAssetsListRequestWidth {
                    gte: Some(640),
                    ..Default::default()
                })
                .height(IndexedAssetsListRequestHeight {
                    lte: Some(1080),
                    ..Default::default()
                })
                .user_metadata([
                    (
                        "category",
                        IndexedAssetsListRequestUserMetadataValue::from("sports"),
                    ),
                    (
                        "batch",
                        IndexedAssetsListRequestUserMetadataValue::from(5_i64),
                    ),
                    (
                        "rating",
                        IndexedAssetsListRequestUserMetadataValue::from(9.3),
                    ),
                    (
                        "needsReview",
                        IndexedAssetsListRequestUserMetadataValue::from(true),
                    ),
                ])
                .await?;
        }),
        case!("indexes.indexed_assets.delete", None, [], |c| {
            c.indexes()
                .indexed_assets()
                .delete("idx_789", "ia_001")
                .await?;
        }),
    ]
}

/// The Rust equivalents of `python-wire.json`'s `probes`, in order.
pub(super) fn original_probes() -> Vec<Case> {
    vec![
        case!("entity_collections.list", Some("defaults"), [], |c| {
            c.entity_collections().list().await?;
        }),
        case!(
            "entity_collections.list",
            Some("pager-iterate"),
            [Allow::NoRequestForEmptyLastPage],
            |c| {
                let ids: Vec<_> = c
                    .entity_collections()
                    .list()
                    .page_limit(5)
                    .items()
                    .map_ok(|collection| collection.id)
                    .try_collect()
                    .await?;
                assert_eq!(ids.len(), 12, "the server stores 12 collections");
            }
        ),
        case!(
            "entity_collections.update",
            Some("explicit-none"),
            [],
            |c| {
                c.entity_collections()
                    .update("ec_123")
                    .clear_description()
                    .await?;
            }
        ),
        case!("entity_collections.create", Some("non-ascii"), [], |c| {
            c.entity_collections().create("Müller & Söhne ✓").await?;
        }),
        case!("entity_collections.list", Some("query-escaping"), [], |c| {
            c.entity_collections()
                .list()
                .name("A&B =é+/?")
                .sort_option("desc")
                .await?;
        }),
        case!(
            "entity_collections.retrieve",
            Some("path-escaping"),
            [Allow::PathIdInOneSegment(
                "/entity-collections/a%20b%2Fc%3Fd%23e%25f"
            )],
            |c| {
                c.entity_collections().retrieve("a b/c?d#e%f").await?;
            }
        ),
        case!("assets.list", Some("single-values"), [], |c| {
            c.assets()
                .list()
                .asset_ids(["asset_a"])
                .asset_types([AssetsListRequestAssetTypesItem::Video])
                .await?;
        }),
        case!("assets.delete", Some("no-force"), [], |c| {
            c.assets().delete("asset_a").await?;
        }),
        case!("assets.delete", Some("force-false"), [], |c| {
            c.assets().delete("asset_a").force(false).await?;
        }),
        case!("assets.create", Some("direct-bytes"), [], |c| {
            // Python: raw bytes, so httpx names the part `upload` and types it `application/octet-stream`.
            c.assets()
                .create(AssetsCreateRequestMethod::Direct)
                .file(InputFile::bytes("upload", upload_bytes()))
                .await?;
        }),
        case!("assets.create", Some("direct-tuple"), [], |c| {
            c.assets()
                .create(AssetsCreateRequestMethod::Direct)
                .file(InputFile::bytes("clip.bin", upload_bytes()).with_content_type("video/mp4"))
                .enable_thumbnail(true)
                .await?;
        }),
        case!("assets.create", Some("url-minimal"), [], |c| {
            c.assets()
                .create(AssetsCreateRequestMethod::Url)
                .url("https://example.com/a.mp4")
                .await?;
        }),
        case!(
            "indexes.indexed_assets.list",
            Some("dict-filters"),
            [Allow::RangeBoundNoneOmitted(&["duration[lte]"])],
            |c| {
                c.indexes()
                    .indexed_assets()
                    .list("idx_789")
                    .status([IndexedAssetsListRequestStatusItem::Ready])
                    .duration(IndexedAssetsListRequestDuration {
                        gte: Some(10.0),
                        ..Default::default()
                    })
                    .width(IndexedAssetsListRequestWidth {
                        gte: Some(640),
                        ..Default::default()
                    })
                    .user_metadata([
                        (
                            "flag",
                            IndexedAssetsListRequestUserMetadataValue::from(false),
                        ),
                        ("n", IndexedAssetsListRequestUserMetadataValue::from(7_i64)),
                    ])
                    .await?;
            }
        ),
        case!(
            "indexes.indexed_assets.retrieve",
            Some("single-option"),
            [],
            |c| {
                c.indexes()
                    .indexed_assets()
                    .retrieve("idx_789", "ia_001")
                    .embedding_option([IndexedAssetsRetrieveRequestEmbeddingOptionItem::Visual])
                    .transcription(false)
                    .await?;
            }
        ),
        case!("indexes.indexed_assets.update", Some("no-args"), [], |c| {
            c.indexes()
                .indexed_assets()
                .update("idx_789", "ia_001")
                .await?;
        }),
        case!(
            "indexes.indexed_assets.update",
            Some("explicit-none"),
            [],
            |c| {
                c.indexes()
                    .indexed_assets()
                    .update("idx_789", "ia_001")
                    .clear_user_metadata()
                    .await?;
            }
        ),
        case!(
            "entity_collections.entities.update",
            Some("none-and-empty"),
            [],
            |c| {
                c.entity_collections()
                    .entities()
                    .update("ec_123", "ent_456")
                    .clear_description()
                    .metadata(Vec::<(String, Option<EntityMetadataValue>)>::new())
                    .await?;
            }
        ),
    ]
}
