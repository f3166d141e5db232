//! Uploading assets: a local file (streamed from disk), a public URL, and a large file in parts; then waiting
//! until the asset is ready.
//!
//! ```sh
//! cargo run -p twelvelabs --features testing --example upload_asset [path/to/video.mp4]
//! ```
//!
//! Without a path, the example writes a small placeholder file to upload.

mod common;

use std::path::PathBuf;

use twelvelabs::models::AssetsCreateRequestMethod;
use twelvelabs::{Error, InputFile, WaitOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, fake) = common::connect().await?;
    let given = std::env::args_os().nth(1).map(PathBuf::from);
    let path = match &given {
        Some(path) => path.clone(),
        None => placeholder_file().await?,
    };

    // A local file (Python: method="direct", file=open(...)), streamed from disk.
    let asset = client
        .assets()
        .create(AssetsCreateRequestMethod::Direct)
        .file(InputFile::path(&path))
        .await?;
    let asset_id = asset.id.unwrap_or_default();
    println!(
        "uploaded {} as {asset_id} ({:?})",
        path.display(),
        asset.status
    );

    // A public URL (Python: method="url", url=...).
    let from_url = client
        .assets()
        .create(AssetsCreateRequestMethod::Url)
        .url("https://example.com/match.mp4")
        .filename("match.mp4")
        .await?;
    println!("asset {:?} from a URL", from_url.id);

    // Assets are processed in the background.
    let ready = client
        .assets()
        .wait_until_ready(&asset_id, WaitOptions::default())
        .await?;
    println!("{asset_id} is {:?}", ready.status);

    // Files larger than a direct upload takes go in parts (here a fake upload of the same file; with the real
    // API, use it for files over 200 MiB).
    if fake.is_some() {
        let uploaded = client
            .multipart_upload()
            .upload_file(&path)
            .on_progress(|p| {
                println!(
                    "{:.0}% ({} of {} parts)",
                    p.percentage(),
                    p.parts_done,
                    p.total_parts
                )
            })
            .await;
        match uploaded {
            Ok(done) => println!("multipart upload made asset {:?}", done.asset_id),
            Err(Error::UploadIncomplete { upload_id, .. }) => println!("resume {upload_id} later"),
            Err(other) => return Err(other.into()),
        }
    }
    if given.is_none() {
        tokio::fs::remove_file(&path).await?;
    }
    Ok(())
}

/// A few bytes in a temporary `.mp4` file, for runs without a video at hand.
async fn placeholder_file() -> std::io::Result<PathBuf> {
    let path = std::env::temp_dir().join(format!("twelvelabs-example-{}.mp4", std::process::id()));
    tokio::fs::write(&path, vec![0u8; 64 * 1024]).await?;
    Ok(path)
}
