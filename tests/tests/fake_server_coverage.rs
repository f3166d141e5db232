//! Every operation of the SDK, called through the SDK against `twelvelabs::testing::FakeServer`: none may answer
//! 404 or 405 or fail to decode. The list of operations is `sdk/src/generated/API.txt` (its `send()` lines); the
//! test counts the calls it makes and fails when that count falls behind the listing, so a new operation in the
//! specs needs a line here (and, when the fake does not answer it yet, a route in `sdk/src/testing/`).

use futures::TryStreamExt;
use twelvelabs::InputFile;
use twelvelabs::models::*;
use twelvelabs::testing::FakeServer;

/// Awaits an operation and counts it; any error fails the test with the operation's name.
macro_rules! call {
    ($count:ident, $name:literal, $request:expr) => {{
        $count += 1;
        match $request.await {
            Ok(value) => value,
            Err(error) => panic!("{}: {error:?}", $name),
        }
    }};
}

fn id(value: Option<String>, what: &str) -> String {
    value.unwrap_or_else(|| panic!("{what} has no id"))
}

#[tokio::test]
async fn every_operation_answers_something_that_decodes() {
    let fake = FakeServer::start().await;
    fake.set_polls_until_ready(1);
    let client = fake.client();
    let mut n = 0usize;

    // Assets.
    let asset = call!(
        n,
        "assets.create",
        client
            .assets()
            .create(AssetsCreateRequestMethod::Direct)
            .file(InputFile::bytes(
                "match.mp4",
                b"not really a video".to_vec()
            ))
    );
    let asset_id = id(asset.id, "asset");
    let by_url = call!(
        n,
        "assets.create (url)",
        client
            .assets()
            .create(AssetsCreateRequestMethod::Url)
            .url("https://example.com/clip.mp4")
    );
    n -= 1; // The same operation as above.
    assert_eq!(by_url.filename.as_deref(), Some("clip.mp4"));
    call!(n, "assets.list", client.assets().list());
    call!(n, "assets.retrieve", client.assets().retrieve(&asset_id));
    call!(
        n,
        "assets.retrieve_transcription",
        client.assets().retrieve_transcription(&asset_id)
    );
    call!(
        n,
        "assets.replace_user_metadata",
        client
            .assets()
            .replace_user_metadata(&asset_id, [("team", Some("home".to_owned().into()))])
    );
    call!(
        n,
        "assets.update_user_metadata",
        client
            .assets()
            .update_user_metadata(&asset_id, [("round", Some(3i64.into()))])
    );
    let metadata = fake
        .object(&format!("/assets/{asset_id}"))
        .expect("stored asset")["user_metadata"]
        .clone();
    assert_eq!(metadata, serde_json::json!({ "team": "home", "round": 3 }));
    call!(
        n,
        "assets.delete_user_metadata",
        client.assets().delete_user_metadata(&asset_id)
    );

    // Entity collections and entities.
    let collection = call!(
        n,
        "entity_collections.create",
        client.entity_collections().create("Players")
    );
    let collection_id = id(collection.id, "collection");
    call!(
        n,
        "entity_collections.list",
        client.entity_collections().list()
    );
    call!(
        n,
        "entity_collections.retrieve",
        client.entity_collections().retrieve(&collection_id)
    );
    call!(
        n,
        "entity_collections.update",
        client
            .entity_collections()
            .update(&collection_id)
            .description("The home team")
    );
    let entities = client.entity_collections().entities();
    let entity = call!(
        n,
        "entities.create",
        entities.create(&collection_id, "Ada", [&asset_id])
    );
    let entity_id = id(entity.id, "entity");
    let bulk = call!(
        n,
        "entities.create_bulk",
        entities.create_bulk(
            &collection_id,
            [EntitiesCreateBulkRequestEntitiesItem::new(
                "Grace",
                [&asset_id]
            )]
        )
    );
    assert_eq!(bulk.success_count, Some(1));
    call!(n, "entities.list", entities.list(&collection_id));
    call!(
        n,
        "entities.list_by_asset",
        entities.list_by_asset(&asset_id)
    );
    call!(
        n,
        "entities.retrieve",
        entities.retrieve(&collection_id, &entity_id)
    );
    call!(
        n,
        "entities.update",
        entities.update(&collection_id, &entity_id).name("Ada L.")
    );
    call!(
        n,
        "entities.create_assets",
        entities.create_assets(
            &collection_id,
            &entity_id,
            [&by_url.id.clone().unwrap_or_default()]
        )
    );
    call!(
        n,
        "entities.delete_assets",
        entities.delete_assets(&collection_id, &entity_id, [&asset_id])
    );

    // Indexes, indexed assets, videos, tasks.
    let index = call!(
        n,
        "indexes.create",
        client.indexes().create(
            "Matches",
            [IndexesCreateRequestModelsItem::new(
                "marengo3.0",
                ["visual", "audio"]
            )]
        )
    );
    let index_id = id(index.id, "index");
    call!(n, "indexes.list", client.indexes().list());
    call!(n, "indexes.retrieve", client.indexes().retrieve(&index_id));
    call!(
        n,
        "indexes.update",
        client.indexes().update(&index_id, "Matches 2026")
    );
    let indexed_assets = client.indexes().indexed_assets();
    let indexed = call!(
        n,
        "indexed_assets.create",
        indexed_assets.create(&index_id, &asset_id)
    );
    let indexed_id = id(indexed.id, "indexed asset");
    call!(n, "indexed_assets.list", indexed_assets.list(&index_id));
    call!(
        n,
        "indexed_assets.list_by_asset",
        indexed_assets.list_by_asset(&asset_id)
    );
    call!(
        n,
        "indexed_assets.retrieve",
        indexed_assets
            .retrieve(&index_id, &indexed_id)
            .transcription(true)
    );
    call!(
        n,
        "indexed_assets.update",
        indexed_assets
            .update(&index_id, &indexed_id)
            .user_metadata([("team", Some("away".to_owned().into()))])
    );
    let videos = client.indexes().videos();
    call!(n, "videos.list", videos.list(&index_id));
    call!(
        n,
        "videos.retrieve",
        videos.retrieve(&index_id, &indexed_id)
    );
    call!(
        n,
        "videos.update",
        videos
            .update(&index_id, &indexed_id)
            .user_metadata([("half", Some(2i64.into()))])
    );
    let task = call!(
        n,
        "tasks.create",
        client
            .tasks()
            .create(&index_id)
            .video_url("https://example.com/match.mp4")
    );
    let task_id = id(task.id, "task");
    call!(n, "tasks.list", client.tasks().list());
    call!(n, "tasks.retrieve", client.tasks().retrieve(&task_id));

    // Search and analysis.
    call!(
        n,
        "search.create",
        client
            .search()
            .create(&index_id, [SearchCreateRequestSearchOptionsItem::Visual])
            .query_text("a goal")
    );
    call!(
        n,
        "search.retrieve",
        client.search().retrieve("fake-page-token")
    );
    let video = VideoContext::from(VideoContextAssetId::new(
        VideoContextAssetIdType::AssetId,
        &asset_id,
    ));
    call!(
        n,
        "analyze",
        client
            .analyze()
            .video(video.clone())
            .prompt("Summarise the match")
    );
    let events: Vec<StreamAnalyzeResponse> = call!(
        n,
        "analyze_stream",
        client
            .analyze_stream()
            .video(video.clone())
            .prompt("Summarise the match")
    )
    .try_collect()
    .await
    .expect("analyze_stream events decode");
    assert_eq!(events.len(), 4);
    let analyze_tasks = client.analyze_async().tasks();
    let analysis = call!(
        n,
        "analyze_async.tasks.create",
        analyze_tasks
            .create()
            .video(video.clone())
            .prompt("Summarise the match")
    );
    let analysis_id = analysis.task_id;
    call!(n, "analyze_async.tasks.list", analyze_tasks.list());
    call!(
        n,
        "analyze_async.tasks.retrieve",
        analyze_tasks.retrieve(&analysis_id)
    );
    call!(
        n,
        "analyze_async.tasks.cancel",
        analyze_tasks.cancel(&analysis_id)
    );
    let batches = client.analyze_async().batches();
    let batch = call!(
        n,
        "analyze_async.batches.create",
        batches.create(
            "pegasus1.5",
            "general",
            [BatchItemRequest::new(BatchVideoContext::new(
                "asset_id", &asset_id
            ))]
        )
    );
    let batch_id = batch.batch_id;
    call!(n, "analyze_async.batches.list", batches.list());
    call!(
        n,
        "analyze_async.batches.retrieve",
        batches.retrieve(&batch_id)
    );
    let results: Vec<BatchResultItem> = call!(
        n,
        "analyze_async.batches.results",
        batches.results(&batch_id)
    )
    .try_collect()
    .await
    .expect("batch results decode");
    assert_eq!(results.len(), 1);
    call!(n, "analyze_async.batches.cancel", batches.cancel(&batch_id));

    // Embeddings.
    call!(
        n,
        "embed.create",
        client.embed().create("marengo3.0").text("a goal")
    );
    let embed_task = call!(
        n,
        "embed.tasks.create",
        client
            .embed()
            .tasks()
            .create("marengo3.0")
            .video_url("https://example.com/match.mp4")
    );
    let embed_task_id = id(embed_task.id, "embedding task");
    call!(n, "embed.tasks.list", client.embed().tasks().list());
    call!(
        n,
        "embed.tasks.retrieve",
        client.embed().tasks().retrieve(&embed_task_id)
    );
    call!(
        n,
        "embed.tasks.status",
        client.embed().tasks().status(&embed_task_id)
    );
    call!(
        n,
        "embed.v2.create",
        client
            .embed()
            .v2()
            .create("text", "marengo3.0")
            .text(TextInputRequest::new("a goal"))
    );
    let v2_task = call!(
        n,
        "embed.v2.tasks.create",
        client.embed().v2().tasks().create("video", "marengo3.0")
    );
    call!(n, "embed.v2.tasks.list", client.embed().v2().tasks().list());
    call!(
        n,
        "embed.v2.tasks.retrieve",
        client.embed().v2().tasks().retrieve(&v2_task.id)
    );

    // Knowledge stores.
    let store = call!(
        n,
        "knowledge_stores.create",
        client.knowledge_stores().create("Scouting")
    );
    let store_id = id(store.id, "knowledge store");
    call!(n, "knowledge_stores.list", client.knowledge_stores().list());
    call!(
        n,
        "knowledge_stores.retrieve",
        client.knowledge_stores().retrieve(&store_id)
    );
    call!(
        n,
        "knowledge_stores.update",
        client
            .knowledge_stores()
            .update(&store_id)
            .description("Scouting notes")
    );
    call!(
        n,
        "knowledge_stores.search",
        client
            .knowledge_stores()
            .search(&store_id, KnowledgeStoreSearchQuery::new("a goal"))
    );
    let items = client.knowledge_store_items();
    let item = call!(
        n,
        "knowledge_store_items.create",
        items.create(&store_id, &asset_id)
    );
    let item_id = id(item.id, "knowledge store item");
    call!(n, "knowledge_store_items.list", items.list(&store_id));
    call!(
        n,
        "knowledge_store_items.retrieve",
        items.retrieve(&store_id, &item_id)
    );
    let groups = client.knowledge_store_item_collections();
    let group = call!(
        n,
        "item_collections.create",
        groups.create(&store_id, "Goals")
    );
    let group_id = id(group.id, "item collection");
    call!(n, "item_collections.list", groups.list(&store_id));
    call!(
        n,
        "item_collections.retrieve",
        groups.retrieve(&store_id, &group_id)
    );
    call!(
        n,
        "item_collections.update",
        groups.update(&store_id, &group_id).name("Great goals")
    );
    let added = call!(
        n,
        "item_collections.add_items",
        groups.add_items(&store_id, &group_id, [&item_id])
    );
    assert_eq!(added.member_count, Some(1));
    let members = call!(
        n,
        "item_collections.list_items",
        groups.list_items(&store_id, &group_id)
    );
    assert_eq!(members.items.len(), 1);
    call!(
        n,
        "item_collections.remove_items",
        groups.remove_items(&store_id, &group_id, [&item_id])
    );
    let input = [ResponseInputItem::new("message", "user", "Who scored?")];
    call!(
        n,
        "responses.create",
        client.responses().create(&store_id, input.clone())
    );
    let events: Vec<ResponseStreamEvent> = call!(
        n,
        "responses.create_stream",
        client.responses().create_stream(&store_id, input)
    )
    .try_collect()
    .await
    .expect("response events decode");
    assert_eq!(events.len(), 3);

    // Data connectors and imports (the API creates connections itself: the test stores one).
    let connection_id = fake
        .insert(
            "/connections",
            serde_json::json!({ "provider": "google_drive", "status": "active" }),
        )
        .expect("a connection is stored");
    let connectors = client.data_connectors();
    call!(
        n,
        "data_connectors.authorize_connection",
        connectors.authorize_connection("google_drive", "https://example.com/callback")
    );
    call!(
        n,
        "data_connectors.list_connections",
        connectors.list_connections()
    );
    call!(
        n,
        "data_connectors.retrieve_connection",
        connectors.retrieve_connection(&connection_id)
    );
    call!(
        n,
        "data_connectors.create_connection_picker_token",
        connectors.create_connection_picker_token(&connection_id)
    );
    let redirect = call!(
        n,
        "data_connectors.create_redirect_uri",
        connectors.create_redirect_uri("https://example.com/callback")
    );
    call!(
        n,
        "data_connectors.list_redirect_uris",
        connectors.list_redirect_uris()
    );
    call!(
        n,
        "data_connectors.delete_redirect_uri",
        connectors.delete_redirect_uri(id(redirect.id, "redirect uri"))
    );
    let imported = call!(
        n,
        "imports.import_files",
        client.imports().import_files(
            &connection_id,
            [ImportFilesRequestItemsItem::new("drive-file-1")]
        )
    );
    call!(
        n,
        "imports.list_imports",
        client.imports().list_imports(&connection_id)
    );
    call!(
        n,
        "imports.retrieve_import",
        client
            .imports()
            .retrieve_import(&connection_id, id(imported.id, "import"))
    );

    // Multipart uploads, step by step.
    let uploads = client.multipart_upload();
    let session = call!(
        n,
        "multipart_upload.create",
        uploads.create("full-match.mp4", "video", 6 * 1024 * 1024)
    );
    let upload_id = session.upload_id.expect("upload id");
    assert_eq!(session.total_chunks, Some(2));
    call!(
        n,
        "multipart_upload.list_incomplete_uploads",
        uploads.list_incomplete_uploads()
    );
    call!(
        n,
        "multipart_upload.get_additional_presigned_urls",
        uploads.get_additional_presigned_urls(&upload_id, 2, 1)
    );
    let chunks = [
        CompletedChunk::new(1, "etag-1", "etag", 5 * 1024 * 1024),
        CompletedChunk::new(2, "etag-2", "etag", 1024 * 1024),
    ];
    let reported = call!(
        n,
        "multipart_upload.report_chunk_batch",
        uploads.report_chunk_batch(&upload_id, chunks)
    );
    assert!(
        reported.asset_id.is_some(),
        "the last part completes the upload"
    );
    let status = call!(
        n,
        "multipart_upload.get_status",
        uploads.get_status(&upload_id)
    );
    assert_eq!(
        status.status.map(|s| s.as_str().to_owned()).as_deref(),
        Some("completed")
    );

    // Deletes, children first.
    call!(
        n,
        "item_collections.delete",
        groups.delete(&store_id, &group_id)
    );
    call!(
        n,
        "knowledge_store_items.delete",
        items.delete(&store_id, &item_id)
    );
    call!(
        n,
        "knowledge_stores.delete",
        client.knowledge_stores().delete(&store_id)
    );
    call!(
        n,
        "data_connectors.delete_connection",
        connectors.delete_connection(&connection_id)
    );
    call!(n, "analyze_async.batches.delete", batches.delete(&batch_id));
    call!(
        n,
        "analyze_async.tasks.delete",
        analyze_tasks.delete(&analysis_id)
    );
    call!(n, "tasks.delete", client.tasks().delete(&task_id));
    call!(n, "videos.delete", videos.delete(&index_id, &indexed_id));
    let second = call!(
        n,
        "indexed_assets.create",
        indexed_assets.create(&index_id, &asset_id)
    );
    n -= 1;
    call!(
        n,
        "indexed_assets.delete",
        indexed_assets.delete(&index_id, id(second.id, "indexed asset"))
    );
    call!(n, "indexes.delete", client.indexes().delete(&index_id));
    call!(
        n,
        "entities.delete",
        entities.delete(&collection_id, &entity_id)
    );
    call!(
        n,
        "entity_collections.delete",
        client.entity_collections().delete(&collection_id)
    );
    call!(n, "assets.delete", client.assets().delete(&asset_id));

    // Each operation of the listing was called once.
    let listing = include_str!("../../sdk/src/generated/API.txt");
    let operations = listing
        .lines()
        .filter(|line| line.contains("::send() ->"))
        .count();
    assert_eq!(n, operations, "calls made here vs. operations in API.txt");

    // And what was deleted is gone.
    let gone = client
        .assets()
        .retrieve(&asset_id)
        .await
        .expect_err("the asset was deleted");
    match gone {
        twelvelabs::Error::Api(error) => {
            assert_eq!(error.status.as_u16(), 404);
            assert_eq!(error.code.as_deref(), Some("resource_not_exists"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn upload_file_runs_end_to_end_against_the_fake() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let directory =
        std::env::temp_dir().join(format!("twelvelabs-fake-upload-{}", std::process::id()));
    tokio::fs::create_dir_all(&directory)
        .await
        .expect("temp dir");
    let path = directory.join("full-match.mp4");
    tokio::fs::write(&path, vec![7u8; 6 * 1024 * 1024])
        .await
        .expect("write the file");
    let uploaded = client.multipart_upload().upload_file(&path).await;
    let _ = tokio::fs::remove_dir_all(&directory).await;
    let uploaded = uploaded.expect("upload_file");
    assert_eq!(uploaded.parts_sent, 2);
    let asset_id = uploaded.asset_id.expect("the upload made an asset");
    assert!(fake.object(&format!("/assets/{asset_id}")).is_some());
    let storage_puts = fake
        .requests()
        .iter()
        .filter(|request| request.method == "PUT" && request.path.starts_with("/_storage/"))
        .count();
    assert_eq!(storage_puts, 2);
}
