//! A synchronous program (feature `blocking`): no async runtime, no `.await`. The same client and requests as
//! the async examples, sent with `.send_blocking()`; lists read with `.iter_blocking()` as iterators.
//!
//! ```sh
//! cargo run -p twelvelabs --features testing,blocking --example blocking   # against a fake API
//! TWELVE_LABS_API_KEY=tlk_... cargo run -p twelvelabs --features testing,blocking --example blocking
//! ```

mod common;

use twelvelabs::blocking::{IterBlocking, SendBlocking};
use twelvelabs::models::AssetsCreateRequestMethod;
use twelvelabs::{Error, Result, WaitOptions};

fn main() -> Result<()> {
    let (client, _fake) = common::connect().send_blocking()?;

    let image = client
        .assets()
        .create(AssetsCreateRequestMethod::Url)
        .url("https://example.com/players/ada.jpg")
        .send_blocking()?;
    let image_id = image.id.unwrap_or_default();

    let collection = client
        .entity_collections()
        .create("Players (blocking example)")
        .send_blocking()?;
    let collection_id = collection.id.unwrap_or_default();
    let entities = client.entity_collections().entities();
    let entity = entities
        .create(&collection_id, "Ada", [&image_id])
        .send_blocking()?;
    let ready = entities
        .wait_until_ready(
            &collection_id,
            entity.id.unwrap_or_default(),
            WaitOptions::default(),
        )
        .send_blocking()?;
    println!("{:?} is {:?}", ready.name, ready.status);

    // Every collection, page after page, as an iterator.
    for collection in client
        .entity_collections()
        .list()
        .page_limit(10)
        .items()
        .iter_blocking()
    {
        println!("collection {:?}", collection?.name);
    }

    // Errors are values, as in async code.
    match client
        .assets()
        .retrieve("000000000000000000000000")
        .send_blocking()
    {
        Err(Error::Api(error)) if error.status == 404 => println!("no such asset: {error}"),
        Err(other) => return Err(other),
        Ok(asset) => println!("found {:?}", asset.id),
    }

    client
        .entity_collections()
        .delete(&collection_id)
        .send_blocking()?;
    client.assets().delete(&image_id).send_blocking()?;
    Ok(())
}
