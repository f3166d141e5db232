//! What the API says about an upload, checked before it is believed (the session a create returns, the state a
//! resume starts from, the presigned URLs), and the API calls an upload makes while it runs.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::io;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use futures::TryStreamExt;
use reqwest::Url;
use reqwest::header::HeaderMap;

use super::UploadResult;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{
    ChunkInfoStatus, CompletedChunk, CreateAssetUploadResponse, GetUploadStatusResponse,
    IncompleteUploadSummary, MultipartUploadStatusType, PresignedUrlChunk,
    ReportChunkBatchResponse,
};
use crate::options::RequestOptions;
use crate::retry::delay;
use crate::send::check_override;
use crate::wait::WaitOptions;

/// The most parts an upload may have: object storage's limit (S3 allows 10,000). A part size that would split
/// the file into more is an answer to refuse, not millions of requests to make.
pub(super) const MAX_PARTS: u64 = 10_000;
/// Items per page when reading an upload's status (the API's maximum).
const STATUS_PAGE_LIMIT: i64 = 50;

const CREATE: &str = "multipart_upload.create";
const PRESIGN: &str = "multipart_upload.get_additional_presigned_urls";
const STATUS: &str = "multipart_upload.get_status";
const LIST: &str = "multipart_upload.list_incomplete_uploads";

/// An upload session, checked: everything the parts need.
#[derive(Debug)]
pub(super) struct Job {
    pub(super) client: Client,
    /// The call running it, for errors.
    pub(super) operation: &'static str,
    pub(super) upload_id: String,
    pub(super) asset_id: Option<String>,
    pub(super) path: PathBuf,
    pub(super) total_size: u64,
    pub(super) chunk_size: u64,
    pub(super) total_parts: u64,
    /// Headers the API asks to send with each part (`upload_headers` of the session), checked.
    pub(super) upload_headers: HeaderMap,
    /// The caller's options for calls to the API.
    pub(super) options: RequestOptions,
}

/// Where a resume starts from.
pub(super) enum Resumed {
    /// The API had already completed the upload: nothing to send.
    Completed(UploadResult),
    /// These parts (numbered from 1) are missing.
    Pending { job: Box<Job>, missing: Vec<u64> },
}

/// The size of the file to upload: a regular file, not empty.
pub(super) async fn file_size(operation: &'static str, path: &Path) -> Result<u64> {
    let file_error = |source| Error::File {
        operation,
        path: path.display().to_string(),
        source,
    };
    let metadata = tokio::fs::metadata(path).await.map_err(file_error)?;
    let size = crate::upload::regular_file_len(&metadata).map_err(file_error)?;
    if size == 0 {
        return Err(file_error(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is empty: a multipart upload needs at least one byte",
        )));
    }
    Ok(size)
}

impl Job {
    /// The job of a session `multipart_upload.create` just returned, and the presigned URLs it gave.
    pub(super) fn from_created(
        client: &Client,
        operation: &'static str,
        path: PathBuf,
        total_size: u64,
        created: CreateAssetUploadResponse,
        options: RequestOptions,
    ) -> Result<(Self, BTreeMap<u64, Url>)> {
        let invalid = |message: String| Error::InvalidResponse {
            operation: CREATE,
            message,
        };
        let upload_id = created
            .upload_id
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| invalid("the new session has no `upload_id`".to_string()))?;
        let (chunk_size, total_parts) =
            split(total_size, created.chunk_size, created.total_chunks).map_err(invalid)?;
        let upload_headers = upload_headers(created.upload_headers.as_ref()).map_err(invalid)?;
        let job = Self {
            client: client.clone(),
            operation,
            upload_id,
            asset_id: created.asset_id.filter(|id| !id.is_empty()),
            path,
            total_size,
            chunk_size,
            total_parts,
            upload_headers,
            options,
        };
        let urls = urls_of(
            created.upload_urls.unwrap_or_default(),
            1..=total_parts,
            job.https_only(),
            CREATE,
        )?;
        Ok((job, urls))
    }

    /// The job of resuming `upload_id`, and the parts it is missing: the status says which parts are done,
    /// the list of incomplete uploads gives the part size (the status does not).
    pub(super) async fn from_status(
        client: &Client,
        operation: &'static str,
        upload_id: String,
        path: PathBuf,
        total_size: u64,
        options: RequestOptions,
    ) -> Result<Resumed> {
        let status_page = |page: i64| {
            client
                .multipart_upload()
                .get_status(upload_id.clone())
                .page(page)
                .page_limit(STATUS_PAGE_LIMIT)
                .with_options(options.clone())
        };
        let first = status_page(1).await?;
        match &first.status {
            Some(MultipartUploadStatusType::Completed) => {
                let parts = first
                    .chunks_completed
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or(0);
                return Ok(Resumed::Completed(UploadResult {
                    upload_id,
                    asset_id: None,
                    asset_url: None,
                    total_parts: parts,
                    parts_sent: 0,
                    total_bytes: total_size,
                }));
            }
            Some(
                status @ (MultipartUploadStatusType::Failed | MultipartUploadStatusType::Expired),
            ) => {
                return Err(Error::invalid_input(
                    operation,
                    format!(
                        "upload `{upload_id}` is `{status}` and cannot be resumed; start a new one with `upload_file`"
                    ),
                ));
            }
            _ => {}
        }
        let session = find_incomplete(client, &upload_id, &options).await?;
        for (claimed, whose) in [
            (first.total_size, "its status"),
            (Some(session.total_size), "the list of incomplete uploads"),
        ] {
            if let Some(claimed) = claimed
                && u64::try_from(claimed).ok() != Some(total_size)
            {
                return Err(Error::invalid_input(
                    operation,
                    format!(
                        "`{}` has {total_size} bytes, but upload `{upload_id}` is of {claimed} bytes ({whose} says): is it the same file?",
                        path.display()
                    ),
                ));
            }
        }
        let (chunk_size, total_parts) = split(
            total_size,
            Some(session.chunk_size),
            Some(session.total_chunks),
        )
        .map_err(|message| Error::InvalidResponse {
            operation: LIST,
            message,
        })?;
        let mut done = BTreeSet::new();
        let mut page = first;
        // Each page read adds at least one item or ends the loop, so `total_parts + 1` pages bound it.
        for number in 1..=total_parts.saturating_add(1) {
            let info = page.page_info.clone().unwrap_or_default();
            if info.page.is_some_and(|p| p != number as i64) {
                return Err(Error::InvalidResponse {
                    operation: STATUS,
                    message: format!(
                        "asked for page {number} of the upload's status, got page {:?}",
                        info.page
                    ),
                });
            }
            let chunks = page.uploaded_chunks.take().unwrap_or_default();
            let per_page = info.limit_per_page.unwrap_or(STATUS_PAGE_LIMIT).max(1);
            let last = match info.total_page {
                Some(total) => number as i64 >= total,
                None => (chunks.len() as i64) < per_page,
            };
            if chunks.is_empty() {
                break;
            }
            done.extend(
                chunks
                    .iter()
                    .filter(|chunk| chunk.status == Some(ChunkInfoStatus::Completed))
                    .filter_map(|chunk| u64::try_from(chunk.index?).ok())
                    .filter(|index| (1..=total_parts).contains(index)),
            );
            if last {
                break;
            }
            page = status_page(number as i64 + 1).await?;
        }
        let job = Self {
            client: client.clone(),
            operation,
            upload_id,
            asset_id: None,
            path,
            total_size,
            chunk_size,
            total_parts,
            // The session's upload headers are given only when it is created.
            upload_headers: HeaderMap::new(),
            options,
        };
        let missing = (1..=total_parts)
            .filter(|part| !done.contains(part))
            .collect();
        Ok(Resumed::Pending {
            job: Box::new(job),
            missing,
        })
    }

    /// Where part `part` (from 1) lies in the file: its offset and length.
    pub(super) fn span(&self, part: u64) -> (u64, u64) {
        let offset = part.saturating_sub(1).saturating_mul(self.chunk_size);
        (
            offset,
            self.chunk_size.min(self.total_size.saturating_sub(offset)),
        )
    }

    /// Whether part URLs must be `https`: when the API is, so that no part travels less protected than the
    /// API's own traffic.
    pub(super) fn https_only(&self) -> bool {
        self.client.inner().origin.scheme() == "https"
    }

    /// Presigned URLs for parts `start..start + count`, which must include one for `start`.
    pub(super) async fn presigned_urls(
        &self,
        start: u64,
        count: u64,
    ) -> Result<BTreeMap<u64, Url>> {
        let multipart = self.client.multipart_upload();
        let last = start + count.max(1) - 1;
        let answer = self
            .repeatable(|options| {
                multipart
                    .get_additional_presigned_urls(
                        self.upload_id.clone(),
                        start as i64,
                        count as i64,
                    )
                    .with_options(options)
                    .send()
            })
            .await?;
        let urls = urls_of(
            answer.upload_urls.unwrap_or_default(),
            start..=last,
            self.https_only(),
            PRESIGN,
        )?;
        if !urls.contains_key(&start) {
            return Err(Error::InvalidResponse {
                operation: PRESIGN,
                message: format!(
                    "asked for the URLs of parts {start} to {last}, the answer has none for part {start}"
                ),
            });
        }
        Ok(urls)
    }

    /// Reports stored parts. Repeating a report is harmless (the API ignores parts already reported), so it is
    /// retried on every transient failure.
    pub(super) async fn report(
        &self,
        chunks: &[CompletedChunk],
    ) -> Result<ReportChunkBatchResponse> {
        let multipart = self.client.multipart_upload();
        self.repeatable(|options| {
            multipart
                .report_chunk_batch(self.upload_id.clone(), chunks.to_vec())
                .with_options(options)
                .send()
        })
        .await
    }

    /// Waits until the API reports the upload `completed` (or `failed`, `expired`).
    pub(super) async fn wait_until_completed(
        &self,
        options: WaitOptions,
    ) -> Result<GetUploadStatusResponse> {
        crate::wait::wait_until(
            &self.client,
            "multipart_upload.wait_until_completed",
            options,
            || {
                self.client
                    .multipart_upload()
                    .get_status(self.upload_id.clone())
                    .with_options(self.options.clone())
                    .send()
            },
            |status: &GetUploadStatusResponse| {
                crate::wait::classify(
                    status.status.as_ref().map(|s| s.as_str()),
                    &["completed"],
                    &["failed", "expired"],
                )
            },
        )
        .await
    }

    /// Sends a `POST` that is safe to repeat, retrying every transient failure with the client's backoff (the
    /// default policy replays no `POST` whose outcome is unknown; these two are idempotent, so they may be).
    async fn repeatable<T, Fut>(&self, mut send: impl FnMut(RequestOptions) -> Fut) -> Result<T>
    where
        Fut: Future<Output = Result<T>>,
    {
        let inner = self.client.inner();
        let max_retries = self.options.max_retries.unwrap_or(inner.retry.max_retries);
        // One attempt per call: this loop does the retrying, so retries do not multiply.
        let once = self.options.clone().max_retries(0);
        let mut retry = 0;
        loop {
            match send(once.clone()).await {
                Err(error) if retry < max_retries && error.is_transient() => {
                    let headers = error.as_api().map(|api| &api.headers);
                    let Some(wait) = delay(&inner.retry, retry, headers, crate::retry::now())
                    else {
                        return Err(error);
                    };
                    tracing::debug!(operation = error.operation(), retry, "retrying");
                    inner.timer.sleep(wait).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }
}

/// The part size and the number of parts, checked: a positive size that splits the file into at most
/// [`MAX_PARTS`] parts, as many as the API says when it says.
fn split(
    total_size: u64,
    chunk_size: Option<i64>,
    total_chunks: Option<i64>,
) -> std::result::Result<(u64, u64), String> {
    let chunk_size = chunk_size
        .and_then(|size| u64::try_from(size).ok())
        .filter(|size| *size > 0)
        .ok_or_else(|| {
            format!("the part size (`chunk_size`) is {chunk_size:?}, not a positive number")
        })?;
    let parts = total_size.div_ceil(chunk_size);
    if parts > MAX_PARTS {
        return Err(format!(
            "a part size of {chunk_size} bytes splits the {total_size}-byte file into {parts} parts, more than the {MAX_PARTS} an upload can have"
        ));
    }
    if let Some(claimed) = total_chunks
        && u64::try_from(claimed).ok() != Some(parts)
    {
        return Err(format!(
            "the API says the upload has {claimed} parts, but {total_size} bytes in parts of {chunk_size} make {parts}"
        ));
    }
    Ok((chunk_size, parts))
}

/// The session's `upload_headers`, checked as caller headers are: no framing or routing headers, no line
/// breaks.
fn upload_headers(
    headers: Option<&indexmap::IndexMap<String, String>>,
) -> std::result::Result<HeaderMap, String> {
    let mut checked = HeaderMap::new();
    for (name, value) in headers.into_iter().flatten() {
        let (name, value) =
            check_override(name, value).map_err(|why| format!("in `upload_headers`: {why}"))?;
        checked.insert(name, value);
    }
    Ok(checked)
}

/// The URLs of the parts in `wanted`, checked (see [`storage_url`]); entries for other parts are ignored, and
/// the first of two URLs for one part is kept.
fn urls_of(
    entries: Vec<PresignedUrlChunk>,
    wanted: RangeInclusive<u64>,
    https_only: bool,
    operation: &'static str,
) -> Result<BTreeMap<u64, Url>> {
    let mut urls = BTreeMap::new();
    for entry in entries {
        let Some(part) = entry.chunk_index.and_then(|i| u64::try_from(i).ok()) else {
            continue;
        };
        let Some(raw) = entry.url else { continue };
        if !wanted.contains(&part) || urls.contains_key(&part) {
            continue;
        }
        let url = storage_url(&raw, https_only).map_err(|why| Error::InvalidResponse {
            operation,
            message: format!("the presigned URL of part {part} {why}; nothing was sent to it"),
        })?;
        urls.insert(part, url);
    }
    Ok(urls)
}

/// A presigned URL, checked: `https` (or `http` when the API itself is `http`), with a host and without
/// credentials. Messages never show the URL: its query is a signature.
fn storage_url(raw: &str, https_only: bool) -> std::result::Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("is not a valid URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if !https_only => {}
        "http" => {
            return Err(
                "is `http` while the API is `https`: the part would travel unencrypted".to_string(),
            );
        }
        other => {
            return Err(format!(
                "has the scheme `{}`; parts are sent only to http(s) URLs",
                crate::send::shorten(other)
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("has no host".to_string());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("carries credentials (`user:password@`)".to_string());
    }
    Ok(url)
}

/// The session of `upload_id` in the list of incomplete uploads.
async fn find_incomplete(
    client: &Client,
    upload_id: &str,
    options: &RequestOptions,
) -> Result<IncompleteUploadSummary> {
    let mut uploads = client
        .multipart_upload()
        .list_incomplete_uploads()
        .page_limit(STATUS_PAGE_LIMIT)
        .with_options(options.clone())
        .items();
    while let Some(upload) = uploads.try_next().await? {
        if upload.upload_id == upload_id {
            return Ok(upload);
        }
    }
    Err(Error::InvalidResponse {
        operation: LIST,
        message: format!(
            "upload `{upload_id}` is not complete, yet it is not among the incomplete uploads, so its part size is unknown"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_are_checked() {
        assert_eq!(split(10, Some(4), Some(3)), Ok((4, 3)));
        assert_eq!(split(8, Some(4), None), Ok((4, 2)));
        for (chunk, total) in [
            (None, None),
            (Some(0), None),
            (Some(-5), None),
            (Some(4), Some(2)),
        ] {
            assert!(split(10, chunk, total).is_err(), "{chunk:?} {total:?}");
        }
        let e = split(1 << 30, Some(1), None).unwrap_err();
        assert!(e.contains("more than the 10000"), "{e}");
    }

    #[test]
    fn storage_urls_must_be_http_and_never_shown() {
        assert!(storage_url("https://bucket.example.com/p?X-Sig=s3cret", true).is_ok());
        assert!(storage_url("http://127.0.0.1:9/p", false).is_ok());
        for (url, https_only, why) in [
            (
                "http://bucket.example.com/p?X-Sig=s3cret",
                true,
                "unencrypted",
            ),
            ("file:///etc/passwd?X-Sig=s3cret", false, "scheme `file`"),
            (
                "ftp://bucket.example.com/p?X-Sig=s3cret",
                false,
                "scheme `ftp`",
            ),
            (
                "https://user:pw@bucket.example.com/p?X-Sig=s3cret",
                false,
                "credentials",
            ),
            ("not a url s3cret", false, "not a valid URL"),
        ] {
            let e = storage_url(url, https_only).unwrap_err();
            assert!(e.contains(why) && !e.contains("s3cret"), "{url}: {e}");
        }
    }

    #[test]
    fn upload_headers_cannot_frame_the_request() {
        let mut headers = indexmap::IndexMap::new();
        headers.insert("x-amz-acl".to_string(), "private".to_string());
        assert_eq!(upload_headers(Some(&headers)).unwrap().len(), 1);
        headers.insert("content-length".to_string(), "1".to_string());
        assert!(upload_headers(Some(&headers)).is_err());
    }
}
