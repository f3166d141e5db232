//! The Rust equivalents of `python-wire-helpers.json`'s calls: the Python SDK's hand-written helpers that call
//! other methods (the bulk creates and the waiters), made with [`twelvelabs::send_all`] and the generated
//! `wait_until_*` waiters.

use twelvelabs::models::EmbedTasksCreateRequestVideoEmbeddingScopeItem as Scope;
use twelvelabs::{InputFile, WaitOptions, send_all};

use super::{Case, upload_bytes};

/// The Rust equivalents of `python-wire-helpers.json`'s `calls`, in order.
pub(super) fn helper_calls() -> Vec<Case> {
    vec![
        // Python: one `tasks.create` per input, files first, one after the other; `concurrency(1)` sends them in
        // that order too (with more in flight, the server would see them in any order).
        case!("tasks.create_bulk", None, [], |c| {
            let tasks = c.tasks();
            let file = tasks
                .create("idx_789")
                .video_file(InputFile::bytes("sample.mp4", upload_bytes()));
            let urls = ["https://example.com/a.mp4", "https://example.com/b.mp4"]
                .map(|url| tasks.create("idx_789").video_url(url));
            let requests = std::iter::once(file)
                .chain(urls)
                .map(|request| request.enable_video_stream(true));
            for result in send_all(requests).concurrency(1).await {
                result?;
            }
        }),
        case!("embed.tasks.create_bulk", None, [], |c| {
            let tasks = c.embed().tasks();
            let requests = [
                tasks
                    .create("Marengo-retrieval-2.7")
                    .video_url("https://example.com/a.mp4")
                    .video_clip_length(6.0)
                    .video_embedding_scope([Scope::Clip, Scope::Video]),
                tasks
                    .create("Marengo-retrieval-2.7")
                    .video_file(InputFile::bytes("sample.mp4", upload_bytes()))
                    .video_start_offset_sec(2.5)
                    .video_end_offset_sec(12.0),
            ];
            let results = send_all(requests).concurrency(1).await;
            assert_eq!(results.len(), 2, "one result per video");
            for result in results {
                result?;
            }
        }),
        case!("tasks.wait_for_done", None, [], |c| {
            c.tasks()
                .wait_until_ready("task_1", WaitOptions::default())
                .await?;
        }),
        case!("embed.tasks.wait_for_done", None, [], |c| {
            c.embed()
                .tasks()
                .wait_until_ready("task_1", WaitOptions::default())
                .await?;
        }),
        case!(
            "multipart_upload.wait_for_upload_completion",
            None,
            [],
            |c| {
                c.multipart_upload()
                    .wait_until_completed("upload_1", WaitOptions::default())
                    .await?;
            }
        ),
    ]
}

/// `python-wire-helpers.json` has no probes.
pub(super) fn helper_probes() -> Vec<Case> {
    Vec::new()
}
