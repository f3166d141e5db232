//! Wire tests of the entity operations (`client.entity_collections().entities()`): what the SDK sends, and how
//! it decodes what the API answers.

use twelvelabs::indexmap::IndexMap;

use serde_json::{Value, json};
use tests::wire::{assert_json_body, assert_no_body, pairs, query_pairs, single_request, utc};
use twelvelabs::models::{
    BulkCreateEntityResponseEntitiesItem, BulkCreateEntityResponseErrorsItem,
    EntitiesCreateBulkRequestEntitiesItem, EntitiesListRequestSortBy, EntitiesListRequestStatus,
    Entity, EntityMetadataValue, EntityStatus,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const COLLECTION: &str = "6738a1f2c3d4e5f6a7b8c9d0";
const ENTITY: &str = "6738b0e1d2c3b4a5f6e7d8c9";

/// Metadata from literal pairs (`null` for a key to remove).
fn metadata<const N: usize>(
    entries: [(&str, Value); N],
) -> IndexMap<String, Option<EntityMetadataValue>> {
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

/// An entity as the API returns it.
fn entity_json(status: &str, asset_ids: &[&str]) -> Value {
    json!({
        "_id": ENTITY,
        "name": "Ada Lovelace",
        "description": "Team captain",
        "metadata": {"position": "forward", "number": 10, "height_m": 1.72, "active": true},
        "asset_ids": asset_ids,
        "status": status,
        "created_at": "2024-11-05T08:30:00Z",
        "updated_at": "2024-11-06T17:45:10.5+01:00"
    })
}

/// The entity [`entity_json`] describes, decoded.
fn expected_entity(status: EntityStatus, asset_ids: &[&str]) -> Entity {
    Entity {
        id: Some(ENTITY.into()),
        entity_collection_id: None,
        name: Some("Ada Lovelace".into()),
        description: Some("Team captain".into()),
        metadata: Some(metadata([
            ("position", json!("forward")),
            ("number", json!(10)),
            ("height_m", json!(1.72)),
            ("active", json!(true)),
        ])),
        asset_ids: Some(asset_ids.iter().map(|id| id.to_string()).collect()),
        status: Some(status),
        created_at: Some(utc(2024, 11, 5, 8, 30, 0)),
        updated_at: Some(utc(2024, 11, 6, 16, 45, 10) + chrono::Duration::milliseconds(500)),
        extra: Default::default(),
    }
}

#[tokio::test]
async fn entities_create_posts_the_entity_and_decodes_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/entity-collections/{COLLECTION}/entities")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(entity_json("processing", &["asset_1", "asset_2"])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .create(COLLECTION, "Ada Lovelace", ["asset_1", "asset_2"])
        .description("Team captain")
        .metadata(metadata([
            ("position", json!("forward")),
            ("number", json!(10)),
            ("height_m", json!(1.72)),
            ("active", json!(true)),
            ("nickname", Value::Null),
        ]))
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities")
    );
    assert_eq!(request.url.query(), None);
    assert_json_body(
        &request,
        json!({
            "name": "Ada Lovelace",
            "description": "Team captain",
            "metadata": {"position": "forward", "number": 10, "height_m": 1.72, "active": true, "nickname": null},
            "asset_ids": ["asset_1", "asset_2"]
        }),
    );
    assert_eq!(
        entity,
        expected_entity(EntityStatus::Processing, &["asset_1", "asset_2"])
    );
}

#[tokio::test]
async fn entities_create_omits_unset_description_and_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/entity-collections/{COLLECTION}/entities")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "_id": ENTITY,
            "name": "Ada Lovelace",
            "asset_ids": ["asset_1"],
            "status": "processing"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .create(COLLECTION, "Ada Lovelace", vec!["asset_1".to_string()])
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_json_body(
        &request,
        json!({"name": "Ada Lovelace", "asset_ids": ["asset_1"]}),
    );
    assert_eq!(entity.status, Some(EntityStatus::Processing));
    assert_eq!(entity.metadata, None);
    assert_eq!(entity.description, None);
}

#[tokio::test]
async fn entities_create_bulk_sends_items_and_decodes_counts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/entity-collections/{COLLECTION}/entities/bulk")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "success_count": 2,
            "failed_count": 1,
            "entities": [
                {"_id": "ent_1", "name": "Ada Lovelace", "status": "processing"},
                {"_id": "ent_2", "name": "Grace Hopper", "status": "ready"}
            ],
            "errors": [
                {"entity_index": 2, "entity_name": "Alan Turing", "error_reason": "asset asset_404 not found"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);
    let mut captain =
        EntitiesCreateBulkRequestEntitiesItem::new("Ada Lovelace", ["asset_1", "asset_2"]);
    captain.description = Some("Team captain".into());
    captain.metadata = Some(metadata([("number", json!(10)), ("retired", Value::Null)]));

    let result = client
        .entity_collections()
        .entities()
        .create_bulk(
            COLLECTION,
            [
                captain,
                EntitiesCreateBulkRequestEntitiesItem::new("Grace Hopper", ["asset_3"]),
                EntitiesCreateBulkRequestEntitiesItem::new("Alan Turing", ["asset_404"]),
            ],
        )
        .await
        .expect("create_bulk");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities/bulk")
    );
    assert_eq!(request.url.query(), None);
    assert_json_body(
        &request,
        json!({
            "entities": [
                {
                    "name": "Ada Lovelace",
                    "description": "Team captain",
                    "metadata": {"number": 10, "retired": null},
                    "asset_ids": ["asset_1", "asset_2"]
                },
                {"name": "Grace Hopper", "asset_ids": ["asset_3"]},
                {"name": "Alan Turing", "asset_ids": ["asset_404"]}
            ]
        }),
    );
    assert_eq!(result.success_count, Some(2));
    assert_eq!(result.failed_count, Some(1));
    assert_eq!(
        result.entities,
        Some(vec![
            BulkCreateEntityResponseEntitiesItem {
                id: Some("ent_1".into()),
                name: Some("Ada Lovelace".into()),
                status: Some("processing".into()),
                extra: Default::default(),
            },
            BulkCreateEntityResponseEntitiesItem {
                id: Some("ent_2".into()),
                name: Some("Grace Hopper".into()),
                status: Some("ready".into()),
                extra: Default::default(),
            },
        ])
    );
    assert_eq!(
        result.errors,
        Some(vec![BulkCreateEntityResponseErrorsItem {
            entity_index: Some(2),
            entity_name: Some("Alan Turing".into()),
            error_reason: Some("asset asset_404 not found".into()),
            extra: Default::default(),
        }])
    );
}

#[tokio::test]
async fn entities_list_sends_every_query_parameter_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/entity-collections/{COLLECTION}/entities")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                entity_json("ready", &["asset_1", "asset_2"]),
                {
                    "_id": "ent_2",
                    "name": "Grace Hopper",
                    "description": null,
                    "metadata": null,
                    "asset_ids": ["asset_3"],
                    "status": "ready"
                }
            ],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 3, "total_results": 25}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .entity_collections()
        .entities()
        .list(COLLECTION)
        .page(1)
        .page_limit(10)
        .name("Ada")
        .status(EntitiesListRequestStatus::Ready)
        .sort_by(EntitiesListRequestSortBy::Name)
        .sort_option("asc")
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities")
    );
    assert_eq!(
        query_pairs(&request),
        pairs(&[
            ("page", "1"),
            ("page_limit", "10"),
            ("name", "Ada"),
            ("status", "ready"),
            ("sort_by", "name"),
            ("sort_option", "asc"),
        ])
    );
    assert_no_body(&request);

    let data = &page.items;
    assert_eq!(data.len(), 2);
    assert_eq!(
        data[0],
        expected_entity(EntityStatus::Ready, &["asset_1", "asset_2"])
    );
    assert_eq!(data[1].id.as_deref(), Some("ent_2"));
    assert_eq!(data[1].status, Some(EntityStatus::Ready));
    assert_eq!(data[1].description, None);
    assert_eq!(data[1].metadata, None);
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
async fn entities_list_without_options_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/entity-collections/{COLLECTION}/entities")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 0, "total_results": 0}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .entity_collections()
        .entities()
        .list(COLLECTION)
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn entities_retrieve_gets_by_ids_and_decodes_the_entity() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(entity_json("ready", &["asset_1"])))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .retrieve(COLLECTION, ENTITY)
        .await
        .expect("retrieve");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities/{ENTITY}")
    );
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert_eq!(entity, expected_entity(EntityStatus::Ready, &["asset_1"]));
}

#[tokio::test]
async fn entities_retrieve_keeps_an_unknown_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}"
        )))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(entity_json("archived", &["asset_1"])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .retrieve(COLLECTION, ENTITY)
        .await
        .expect("retrieve");

    assert_eq!(
        entity.status,
        Some(EntityStatus::Unknown("archived".into()))
    );
    assert_eq!(
        entity.status.as_ref().map(EntityStatus::as_str),
        Some("archived")
    );
    assert_eq!(entity.id.as_deref(), Some(ENTITY));
}

#[tokio::test]
async fn entities_update_patches_fields_and_sends_null_to_delete_a_metadata_key() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(entity_json("ready", &["asset_1"])))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .update(COLLECTION, ENTITY)
        .name("Ada Lovelace")
        .description("Team captain")
        .metadata(metadata([("number", json!(10)), ("nickname", Value::Null)]))
        .await
        .expect("update");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities/{ENTITY}")
    );
    assert_eq!(request.url.query(), None);
    assert_json_body(
        &request,
        json!({
            "name": "Ada Lovelace",
            "description": "Team captain",
            "metadata": {"number": 10, "nickname": null}
        }),
    );
    assert_eq!(entity, expected_entity(EntityStatus::Ready, &["asset_1"]));
}

#[tokio::test]
async fn entities_update_omits_unset_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(entity_json("ready", &["asset_1"])))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    client
        .entity_collections()
        .entities()
        .update(COLLECTION, ENTITY)
        .description("Vice-captain")
        .await
        .expect("update");

    let request = single_request(&server).await;
    assert_json_body(&request, json!({"description": "Vice-captain"}));
}

#[tokio::test]
async fn entities_delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}"
        )))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let () = client
        .entity_collections()
        .entities()
        .delete(COLLECTION, ENTITY)
        .await
        .expect("delete");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities/{ENTITY}")
    );
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
}

#[tokio::test]
async fn entities_create_assets_posts_asset_ids_and_decodes_the_entity() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}/assets"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(entity_json(
            "processing",
            &["asset_1", "asset_4", "asset_5"],
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .create_assets(COLLECTION, ENTITY, ["asset_4", "asset_5"])
        .await
        .expect("create_assets");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities/{ENTITY}/assets")
    );
    assert_eq!(request.url.query(), None);
    assert_json_body(&request, json!({"asset_ids": ["asset_4", "asset_5"]}));
    assert_eq!(
        entity,
        expected_entity(EntityStatus::Processing, &["asset_1", "asset_4", "asset_5"])
    );
}

#[tokio::test]
async fn entities_delete_assets_sends_asset_ids_in_the_body_and_decodes_the_entity() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "/entity-collections/{COLLECTION}/entities/{ENTITY}/assets"
        )))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(entity_json("processing", &["asset_1"])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let entity = client
        .entity_collections()
        .entities()
        .delete_assets(COLLECTION, ENTITY, ["asset_4", "asset_5"])
        .await
        .expect("delete_assets");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/entity-collections/{COLLECTION}/entities/{ENTITY}/assets")
    );
    assert_eq!(request.url.query(), None);
    assert_json_body(&request, json!({"asset_ids": ["asset_4", "asset_5"]}));
    assert_eq!(
        entity,
        expected_entity(EntityStatus::Processing, &["asset_1"])
    );
}
