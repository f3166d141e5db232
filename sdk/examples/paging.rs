//! Paging through a list: one page with its totals, every page, every item, and the first N items. Lists are
//! page-numbered (`page`, `page_limit`); the streams fetch the next page while you work on the current one.
//!
//! ```sh
//! cargo run -p twelvelabs --features testing --example paging
//! ```
//!
//! Against the fake API the example first creates 25 entity collections to page through.

mod common;

use futures::{StreamExt, TryStreamExt};
use twelvelabs::Result;

#[tokio::main]
async fn main() -> Result<()> {
    let (client, fake) = common::connect().await?;
    if fake.is_some() {
        for n in 1..=25 {
            client
                .entity_collections()
                .create(format!("Team {n:02}"))
                .await?;
        }
    }

    // One page, with totals (Python: response.items and the pager's page info).
    let page = client
        .entity_collections()
        .list()
        .page(2)
        .page_limit(10)
        .await?;
    println!(
        "page {} of {:?}, {:?} collections in all, {} here",
        page.page,
        page.total_pages,
        page.total_results,
        page.len()
    );

    // Every page (Python: for page in response.iter_pages()).
    let mut pages = client.entity_collections().list().page_limit(10).pages();
    while let Some(page) = pages.next().await {
        let page = page?;
        let names: Vec<_> = page.iter().filter_map(|c| c.name.clone()).collect();
        println!("page {}: {}", page.page, names.join(", "));
    }

    // Every item (Python: for collection in response).
    let mut items = client.entity_collections().list().page_limit(10).items();
    let mut count = 0;
    while let Some(collection) = items.try_next().await? {
        count += 1;
        if count == 1 {
            println!("first: {:?}", collection.name);
        }
    }
    println!("{count} collections, one by one");

    // At most 12 items, collected.
    let first = client
        .entity_collections()
        .list()
        .page_limit(5)
        .collect(Some(12))
        .await?;
    println!("collected {}", first.len());
    Ok(())
}
