//! Entity collections and entities (Entity Search): create a collection, give it entities with reference
//! images, change an entity's images, wait until it is ready, and clean up.
//!
//! ```sh
//! cargo run -p twelvelabs --features testing --example entities   # against a fake API
//! TWELVE_LABS_API_KEY=tlk_... cargo run -p twelvelabs --features testing --example entities
//! ```

mod common;

use twelvelabs::models::{AssetsCreateRequestMethod, EntitiesCreateBulkRequestEntitiesItem};
use twelvelabs::{Client, Result, WaitOptions};

/// Uploads a reference image by URL and returns its asset id.
async fn reference_image(client: &Client, url: &str) -> Result<String> {
    let asset = client
        .assets()
        .create(AssetsCreateRequestMethod::Url)
        .url(url)
        .await?;
    Ok(asset.id.unwrap_or_default())
}

#[tokio::main]
async fn main() -> Result<()> {
    let (client, _fake) = common::connect().await?;

    // Reference images of the people to find.
    let ada = reference_image(&client, "https://example.com/players/ada-1.jpg").await?;
    let ada_side = reference_image(&client, "https://example.com/players/ada-2.jpg").await?;
    let grace = reference_image(&client, "https://example.com/players/grace.jpg").await?;

    // A collection, one entity, then several at once.
    let collection = client
        .entity_collections()
        .create("Players (example)")
        .description("The home team")
        .await?;
    let collection_id = collection.id.unwrap_or_default();
    println!("collection {collection_id}");

    let entities = client.entity_collections().entities();
    let captain = entities
        .create(&collection_id, "Ada", [&ada])
        .description("Team captain")
        .await?;
    let captain_id = captain.id.unwrap_or_default();
    let bulk = entities
        .create_bulk(
            &collection_id,
            [EntitiesCreateBulkRequestEntitiesItem::new(
                "Grace",
                [&grace],
            )],
        )
        .await?;
    println!(
        "created {:?} entities in bulk, {:?} failed",
        bulk.success_count, bulk.failed_count
    );

    // Another image of Ada; an entity always keeps at least one.
    entities
        .create_assets(&collection_id, &captain_id, [&ada_side])
        .await?;
    let captain = entities
        .delete_assets(&collection_id, &captain_id, [&ada])
        .await?;
    println!("Ada's images: {:?}", captain.asset_ids.unwrap_or_default());

    // Entities are processed in the background.
    let ready = entities
        .wait_until_ready(&collection_id, &captain_id, WaitOptions::default())
        .await?;
    println!("{} is {:?}", ready.name.unwrap_or_default(), ready.status);

    let page = entities.list(&collection_id).await?;
    for entity in &page {
        println!("- {:?} ({:?})", entity.name, entity.status);
    }

    // Clean up: the collection, with its entities, and the images.
    client.entity_collections().delete(&collection_id).await?;
    for asset in [ada, ada_side, grace] {
        client.assets().delete(asset).await?;
    }
    Ok(())
}
