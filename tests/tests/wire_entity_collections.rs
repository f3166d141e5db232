//! Wire tests of the entity-collection operations (`client.entity_collections()`): what the SDK sends, and how
//! it decodes what the API answers.

use serde_json::{Value, json};
use tests::wire::{assert_json_body, assert_no_body, pairs, query_pairs, single_request, utc};
use twelvelabs::models::{EntityCollection, EntityCollectionsListRequestSortBy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn collection_json(id: &str, name: &str, description: &str) -> Value {
    json!({
        "_id": id,
        "name": name,
        "description": description,
        "created_at": "2024-11-05T08:30:00Z",
        "updated_at": "2024-11-06T17:45:10Z"
    })
}

#[tokio::test]
async fn entity_collections_create_posts_name_and_description_and_decodes_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/entity-collections"))
        .respond_with(ResponseTemplate::new(201).set_body_json(collection_json(
            "6738a1f2c3d4e5f6a7b8c9d0",
            "Players",
            "The team",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let collection = client
        .entity_collections()
        .create("Players")
        .description("The team")
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/entity-collections");
    assert_eq!(request.url.query(), None);
    assert_json_body(
        &request,
        json!({"name": "Players", "description": "The team"}),
    );
    assert_eq!(
        collection,
        EntityCollection {
            id: Some("6738a1f2c3d4e5f6a7b8c9d0".into()),
            name: Some("Players".into()),
            description: Some("The team".into()),
            created_at: Some(utc(2024, 11, 5, 8, 30, 0)),
            updated_at: Some(utc(2024, 11, 6, 17, 45, 10)),
            extra: Default::default(),
        }
    );
}

#[tokio::test]
async fn entity_collections_create_omits_an_unset_description() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/entity-collections"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"_id": "col_1", "name": "Players"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let collection = client
        .entity_collections()
        .create("Players")
        .await
        .expect("create");

    let request = single_request(&server).await;
    assert_json_body(&request, json!({"name": "Players"}));
    assert_eq!(collection.id.as_deref(), Some("col_1"));
    assert_eq!(collection.description, None);
    assert_eq!(collection.created_at, None);
}

#[tokio::test]
async fn entity_collections_create_with_raw_response_exposes_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/entity-collections"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "req_7f3c2a")
                .insert_header("location", "/v1.3/entity-collections/col_1")
                .set_body_json(collection_json("col_1", "Players", "The team")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let response = client
        .entity_collections()
        .create("Players")
        .send_with_raw_response()
        .await
        .expect("create");

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/v1.3/entity-collections/col_1")
    );
    assert_eq!(response.request_id(), Some("req_7f3c2a"));
    assert_eq!(response.data().id.as_deref(), Some("col_1"));
    let request = single_request(&server).await;
    assert_json_body(&request, json!({"name": "Players"}));
}

#[tokio::test]
async fn entity_collections_list_sends_every_query_parameter_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                collection_json("col_1", "Players", "The team"),
                {"_id": "col_2", "name": "Referees", "created_at": "2024-11-07T09:00:00.250+02:00"}
            ],
            "page_info": {"page": 2, "limit_per_page": 5, "total_page": 3, "total_results": 12}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client
        .entity_collections()
        .list()
        .page(2)
        .page_limit(5)
        .name("Play ers&co")
        .sort_by(EntityCollectionsListRequestSortBy::UpdatedAt)
        .sort_option("asc")
        .await
        .expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/entity-collections");
    assert_eq!(
        query_pairs(&request),
        pairs(&[
            ("page", "2"),
            ("page_limit", "5"),
            ("name", "Play ers&co"),
            ("sort_by", "updated_at"),
            ("sort_option", "asc"),
        ])
    );
    assert_no_body(&request);

    let data = &page.items;
    assert_eq!(data.len(), 2);
    assert_eq!(data[0].id.as_deref(), Some("col_1"));
    assert_eq!(data[0].description.as_deref(), Some("The team"));
    assert_eq!(data[0].created_at, Some(utc(2024, 11, 5, 8, 30, 0)));
    assert_eq!(data[1].name.as_deref(), Some("Referees"));
    assert_eq!(data[1].description, None);
    assert_eq!(
        data[1].created_at,
        Some(utc(2024, 11, 7, 7, 0, 0) + chrono::Duration::milliseconds(250))
    );
    assert_eq!(
        (
            page.page,
            page.limit_per_page,
            page.total_pages,
            page.total_results
        ),
        (2, Some(5), Some(3), Some(12))
    );
}

#[tokio::test]
async fn entity_collections_list_without_options_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "page_info": {"page": 1, "limit_per_page": 10, "total_page": 0, "total_results": 0}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let page = client.entity_collections().list().await.expect("list");

    let request = single_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert!(page.items.is_empty());
    assert_eq!(page.total_results, Some(0));
}

#[tokio::test]
async fn entity_collections_retrieve_gets_by_id_and_decodes_the_collection() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections/6738a1f2c3d4e5f6a7b8c9d0"))
        .respond_with(ResponseTemplate::new(200).set_body_json({
            // Fields this SDK version does not know are ignored.
            let mut body = collection_json("6738a1f2c3d4e5f6a7b8c9d0", "Players", "The team");
            body["entity_count"] = json!(15);
            body["owner"] = json!({"_id": "user_1"});
            body
        }))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let collection = client
        .entity_collections()
        .retrieve("6738a1f2c3d4e5f6a7b8c9d0")
        .await
        .expect("retrieve");

    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/entity-collections/6738a1f2c3d4e5f6a7b8c9d0"
    );
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
    assert_eq!(collection.id.as_deref(), Some("6738a1f2c3d4e5f6a7b8c9d0"));
    assert_eq!(collection.name.as_deref(), Some("Players"));
    assert_eq!(collection.updated_at, Some(utc(2024, 11, 6, 17, 45, 10)));
}

#[tokio::test]
async fn entity_collections_update_patches_only_the_fields_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/entity-collections/col_1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(collection_json("col_1", "Squad", "The team")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let collection = client
        .entity_collections()
        .update("col_1")
        .name("Squad")
        .await
        .expect("update");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/entity-collections/col_1");
    assert_eq!(request.url.query(), None);
    assert_json_body(&request, json!({"name": "Squad"}));
    assert_eq!(collection.name.as_deref(), Some("Squad"));
    assert_eq!(collection.updated_at, Some(utc(2024, 11, 6, 17, 45, 10)));
}

#[tokio::test]
async fn entity_collections_update_sends_name_and_description() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/entity-collections/col_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(collection_json(
            "col_1",
            "Squad",
            "First team",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let collection = client
        .entity_collections()
        .update("col_1")
        .name("Squad")
        .description("First team")
        .await
        .expect("update");

    let request = single_request(&server).await;
    assert_json_body(
        &request,
        json!({"name": "Squad", "description": "First team"}),
    );
    assert_eq!(collection.description.as_deref(), Some("First team"));
}

#[tokio::test]
async fn entity_collections_delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/entity-collections/col_1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = tests::client(&server);

    let () = client
        .entity_collections()
        .delete("col_1")
        .await
        .expect("delete");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/entity-collections/col_1");
    assert_eq!(request.url.query(), None);
    assert_no_body(&request);
}
