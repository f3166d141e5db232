//! Large files through the multipart upload API (feature `multipart-upload`).
//!
//! `client.multipart_upload().upload_file(path)` creates an upload session, streams each part of the file from
//! disk to the presigned URL the API gives for it (several parts at once), reports the parts to the API as they
//! are stored, and waits until the API has put the asset together. `resume(upload_id, path)` finishes an upload
//! that stopped, sending only the parts the API has not acknowledged. The flow is the official Python SDK's
//! `multipart_upload.upload_file`, without its temporary chunk files and with every part streamed.
//!
//! Along the data flow: [`session`] checks what the API says and makes the API calls, [`part`] sends one part
//! to object storage, and [`driver`] keeps the parts in flight and reports them.

mod driver;
mod part;
mod session;

use std::fmt;
use std::future::IntoFuture;
use std::path::PathBuf;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{CreateAssetUploadRequestType, UserMetadata, UserMetadataValue};
use crate::multipart_upload::MultipartUpload;
use crate::options::RequestOptions;
use crate::request::BoxFuture;
use crate::wait::WaitOptions;

/// Parts in flight at once unless [`UploadFileRequest::concurrency`] says otherwise.
const DEFAULT_CONCURRENCY: usize = 4;

/// The callback of [`UploadFileRequest::on_progress`].
type ProgressFn = Box<dyn FnMut(&UploadProgress) + Send>;
/// The callback of [`UploadFileRequest::on_start`].
type StartFn = Box<dyn FnOnce(&UploadSession) + Send>;

impl MultipartUpload {
    /// Uploads a local file of any size the API accepts (up to 4 GB) through a multipart upload session: the
    /// counterpart of the Python SDK's `multipart_upload.upload_file`.
    ///
    /// Awaiting the returned [`UploadFileRequest`]:
    ///
    /// 1. creates the session (`multipart_upload.create`) with the file's name and size; the API says how large
    ///    each part is and gives presigned URLs for the first ones (more are asked for as they are needed);
    /// 2. sends the parts, 4 at a time by default ([`concurrency`](UploadFileRequest::concurrency)), each
    ///    streamed from disk with `PUT` to its URL, so memory stays a few hundred KiB per part in flight
    ///    whatever the part size; a part that fails transiently is retried with the client's
    ///    [`RetryPolicy`](crate::RetryPolicy);
    /// 3. reports stored parts to the API (`report_chunk_batch`, with their ETags) as they finish, and calls
    ///    [`on_progress`](UploadFileRequest::on_progress) once for each part the API acknowledges;
    /// 4. waits until the API says the upload is `completed` ([`wait`](UploadFileRequest::wait)).
    ///
    /// The presigned URLs point at object storage, another origin than the API: the API key, the client's
    /// default headers and [`RequestOptions`] headers are never sent there, URLs that are not `http(s)` (or are
    /// `http` while the API is `https`) are refused, a redirect from storage fails the part with
    /// [`Error::Redirect`] (the part's bytes are never sent on: the HTTP client follows at most a `301`, `302` or
    /// `303` within storage's origin, as a `GET` without body), and storage's answers are read only up to
    /// 64 KiB. If you pass your own `reqwest::Client`
    /// ([`ClientBuilder::http_client`](crate::ClientBuilder::http_client)), its own default headers, if any,
    /// are sent with every request it makes, these included.
    ///
    /// Dropping the future cancels the upload: parts in flight are abandoned, and the upload can be finished
    /// later with [`resume`](Self::resume), which sends only the parts the API had not acknowledged. Keep the
    /// upload id from [`on_start`](UploadFileRequest::on_start) for that (or find it with
    /// [`list_incomplete_uploads`](Self::list_incomplete_uploads)); sessions expire after 24 hours.
    ///
    /// ```no_run
    /// # async fn run() -> twelvelabs::Result<()> {
    /// let client = twelvelabs::Client::from_env()?;
    /// let uploaded = client
    ///     .multipart_upload()
    ///     .upload_file("match.mp4")
    ///     .on_start(|session| println!("upload id {} ({} parts)", session.upload_id, session.total_parts))
    ///     .on_progress(|p| println!("{}/{} parts, {} of {} bytes", p.parts_done, p.total_parts, p.bytes_done, p.total_bytes))
    ///     .await?;
    /// println!("asset {:?}", uploaded.asset_id);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// - [`Error::File`] when the path cannot be read, is not a regular file, is empty, or changes size during
    ///   the upload;
    /// - the error of `multipart_upload.create` when the session cannot be created, and
    ///   [`Error::InvalidResponse`] when its answer cannot be used (no upload id, a part size of zero, a URL
    ///   that is not `http(s)`, ...);
    /// - [`Error::UploadIncomplete`] when the upload stops after the session was created: it names the part
    ///   that failed, how many parts the API acknowledged, and the upload id to resume with; its `source` is
    ///   the failure itself;
    /// - the errors of [`wait_until_completed`](Self::wait_until_completed) while waiting at the end.
    pub fn upload_file(&self, path: impl Into<PathBuf>) -> UploadFileRequest {
        UploadFileRequest {
            client: self.client.clone(),
            path: path.into(),
            filename: None,
            file_type: CreateAssetUploadRequestType::Video,
            enable_hls: None,
            enable_thumbnail: None,
            user_metadata: None,
            settings: Settings::default(),
        }
    }

    /// Finishes an upload that stopped (its future was dropped, the process ended, or it returned
    /// [`Error::UploadIncomplete`]), sending only the parts the API has not acknowledged.
    ///
    /// `path` must be the file the upload was created for; its size is checked against the session's (its
    /// contents cannot be). Awaiting the returned [`ResumeUploadRequest`] reads the session's part size
    /// ([`list_incomplete_uploads`](Self::list_incomplete_uploads)) and which parts are done
    /// ([`get_status`](Self::get_status), every page), asks for presigned URLs for the missing parts only,
    /// sends and reports them as [`upload_file`](Self::upload_file) does, and waits until the upload is
    /// `completed`. Resuming an upload that is already `completed` sends nothing and returns at once.
    ///
    /// ```no_run
    /// # async fn run() -> twelvelabs::Result<()> {
    /// let client = twelvelabs::Client::from_env()?;
    /// let finished = client.multipart_upload().resume("<YOUR_UPLOAD_ID>", "match.mp4").await?;
    /// println!("sent {} of {} parts", finished.parts_sent, finished.total_parts);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`upload_file`](Self::upload_file), and [`Error::InvalidInput`] when the upload has `failed` or
    /// `expired`, or the file's size is not the session's.
    pub fn resume(
        &self,
        upload_id: impl Into<String>,
        path: impl Into<PathBuf>,
    ) -> ResumeUploadRequest {
        ResumeUploadRequest {
            client: self.client.clone(),
            upload_id: upload_id.into(),
            path: path.into(),
            settings: Settings::default(),
        }
    }
}

/// What [`UploadFileRequest`] and [`ResumeUploadRequest`] share.
struct Settings {
    concurrency: usize,
    on_progress: Option<ProgressFn>,
    on_start: Option<StartFn>,
    options: RequestOptions,
    wait: WaitOptions,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            on_progress: None,
            on_start: None,
            options: RequestOptions::default(),
            wait: WaitOptions::default(),
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("concurrency", &self.concurrency)
            .field("on_progress", &self.on_progress.is_some())
            .field("on_start", &self.on_start.is_some())
            .field("options", &self.options)
            .field("wait", &self.wait)
            .finish()
    }
}

/// The setters both builders share, and `.await`.
macro_rules! shared_setters {
    ($builder:ident) => {
        impl IntoFuture for $builder {
            type Output = Result<UploadResult>;
            type IntoFuture = BoxFuture<Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        impl $builder {
            /// How many parts are sent at once (default 4; `0` counts as 1). More parts in flight help on
            /// links with high latency; each holds one connection and a few hundred KiB of buffers.
            pub fn concurrency(mut self, parts: usize) -> Self {
                self.settings.concurrency = parts.max(1);
                self
            }

            /// Called once for every part the API acknowledges, in the order it acknowledges them, with the
            /// counts so far (parts acknowledged before a resume included). A part counts once it is stored
            /// *and* reported, so a resume after this call never sends it again. It runs inside the upload's
            /// future, between parts: keep it quick (send the value to a channel for slow work).
            pub fn on_progress(
                mut self,
                callback: impl FnMut(&UploadProgress) + Send + 'static,
            ) -> Self {
                self.settings.on_progress = Some(Box::new(callback));
                self
            }

            /// Called once, before any part is sent, with the session: its upload id (keep it to
            /// [`resume`](MultipartUpload::resume) the upload), its part size and count.
            pub fn on_start(
                mut self,
                callback: impl FnOnce(&UploadSession) + Send + 'static,
            ) -> Self {
                self.settings.on_start = Some(Box::new(callback));
                self
            }

            /// Overrides the client's settings for the calls to the API (headers, query parameters, timeouts
            /// and retries). Of these, only `timeout` and `max_retries` apply to the parts sent to storage:
            /// a part fails when no byte of it moves for `timeout` (the part as a whole may take longer), and
            /// is retried up to `max_retries` times.
            pub fn with_options(mut self, options: RequestOptions) -> Self {
                self.settings.options = options;
                self
            }

            /// How to wait, once every part is acknowledged, for the API to report the upload `completed`
            /// (default [`WaitOptions::default`]: the first read at once, at most 30 minutes).
            pub fn wait(mut self, options: WaitOptions) -> Self {
                self.settings.wait = options;
                self
            }
        }
    };
}

/// A multipart upload of a local file, sent when awaited (see [`MultipartUpload::upload_file`]).
#[must_use = "an upload does nothing until it is awaited or sent"]
pub struct UploadFileRequest {
    client: Client,
    path: PathBuf,
    filename: Option<String>,
    file_type: CreateAssetUploadRequestType,
    enable_hls: Option<bool>,
    enable_thumbnail: Option<bool>,
    user_metadata: Option<UserMetadata>,
    settings: Settings,
}

shared_setters!(UploadFileRequest);

impl UploadFileRequest {
    /// The asset's file name (default: the path's file name).
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// The type of asset (default `video`, as in the Python SDK).
    pub fn file_type(mut self, file_type: impl Into<CreateAssetUploadRequestType>) -> Self {
        self.file_type = file_type.into();
        self
    }

    /// Whether the platform generates an HLS playlist (see
    /// [`MultipartUploadCreateRequest::enable_hls`](crate::multipart_upload::MultipartUploadCreateRequest::enable_hls)).
    pub fn enable_hls(mut self, enable: bool) -> Self {
        self.enable_hls = Some(enable);
        self
    }

    /// Whether the platform generates thumbnails (see
    /// [`MultipartUploadCreateRequest::enable_thumbnail`](crate::multipart_upload::MultipartUploadCreateRequest::enable_thumbnail)).
    pub fn enable_thumbnail(mut self, enable: bool) -> Self {
        self.enable_thumbnail = Some(enable);
        self
    }

    /// Metadata of the asset (see
    /// [`MultipartUploadCreateRequest::user_metadata`](crate::multipart_upload::MultipartUploadCreateRequest::user_metadata)).
    pub fn user_metadata(
        mut self,
        metadata: impl IntoIterator<Item = (impl Into<String>, Option<UserMetadataValue>)>,
    ) -> Self {
        self.user_metadata = Some(
            metadata
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect(),
        );
        self
    }

    /// Runs the upload (what `.await` does).
    pub async fn send(self) -> Result<UploadResult> {
        const OPERATION: &str = "multipart_upload.upload_file";
        let total_size = session::file_size(OPERATION, &self.path).await?;
        let filename = match self.filename {
            Some(name) => name,
            None => self
                .path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .ok_or_else(|| {
                    Error::invalid_input(
                        OPERATION,
                        format!(
                            "`{}` has no file name to give the asset; set one with `filename`",
                            self.path.display()
                        ),
                    )
                })?,
        };
        let size = i64::try_from(total_size).map_err(|_| {
            Error::invalid_input(
                OPERATION,
                format!("the file is too large ({total_size} bytes)"),
            )
        })?;
        let mut create = self
            .client
            .multipart_upload()
            .create(filename, self.file_type, size)
            .with_options(self.settings.options.clone());
        if let Some(enable) = self.enable_hls {
            create = create.enable_hls(enable);
        }
        if let Some(enable) = self.enable_thumbnail {
            create = create.enable_thumbnail(enable);
        }
        if let Some(metadata) = self.user_metadata {
            create = create.user_metadata(metadata);
        }
        let created = create.await?;
        let (job, urls) = session::Job::from_created(
            &self.client,
            OPERATION,
            self.path,
            total_size,
            created,
            self.settings.options.clone(),
        )?;
        let missing = (1..=job.total_parts).collect();
        run(job, urls, missing, self.settings).await
    }
}

impl fmt::Debug for UploadFileRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadFileRequest")
            .field("path", &self.path)
            .field("filename", &self.filename)
            .field("file_type", &self.file_type)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The rest of a multipart upload that stopped, sent when awaited (see [`MultipartUpload::resume`]).
#[must_use = "an upload does nothing until it is awaited or sent"]
pub struct ResumeUploadRequest {
    client: Client,
    upload_id: String,
    path: PathBuf,
    settings: Settings,
}

shared_setters!(ResumeUploadRequest);

impl ResumeUploadRequest {
    /// Runs the rest of the upload (what `.await` does).
    pub async fn send(self) -> Result<UploadResult> {
        const OPERATION: &str = "multipart_upload.resume";
        let total_size = session::file_size(OPERATION, &self.path).await?;
        let options = self.settings.options.clone();
        let resumed = session::Job::from_status(
            &self.client,
            OPERATION,
            self.upload_id,
            self.path,
            total_size,
            options,
        )
        .await?;
        match resumed {
            session::Resumed::Completed(result) => Ok(result),
            session::Resumed::Pending { job, missing } => {
                run(*job, Default::default(), missing, self.settings).await
            }
        }
    }
}

impl fmt::Debug for ResumeUploadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResumeUploadRequest")
            .field("upload_id", &self.upload_id)
            .field("path", &self.path)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Sends the `missing` parts, then waits for the API to complete the upload.
async fn run(
    job: session::Job,
    urls: std::collections::BTreeMap<u64, reqwest::Url>,
    missing: Vec<u64>,
    settings: Settings,
) -> Result<UploadResult> {
    let Settings {
        concurrency,
        on_progress,
        on_start,
        wait,
        ..
    } = settings;
    let parts_done = job.total_parts - missing.len() as u64;
    if let Some(on_start) = on_start {
        on_start(&UploadSession {
            upload_id: job.upload_id.clone(),
            asset_id: job.asset_id.clone(),
            chunk_size: job.chunk_size,
            total_parts: job.total_parts,
            parts_done,
            total_bytes: job.total_size,
        });
    }
    let sent = driver::send_parts(&job, urls, missing, concurrency, on_progress).await?;
    job.wait_until_completed(wait).await?;
    Ok(UploadResult {
        upload_id: job.upload_id.clone(),
        asset_id: job.asset_id.clone().or(sent.asset_id),
        asset_url: sent.asset_url,
        total_parts: job.total_parts,
        parts_sent: sent.parts_sent,
        total_bytes: job.total_size,
    })
}

/// An upload session, as [`UploadFileRequest::on_start`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadSession {
    /// The upload's id: what [`MultipartUpload::resume`] takes. Valid for 24 hours.
    pub upload_id: String,
    /// The asset being created, when the API said (a new upload; a resumed one learns it from the API's
    /// acknowledgements).
    pub asset_id: Option<String>,
    /// The size of every part but the last, in bytes, as the API chose it.
    pub chunk_size: u64,
    /// How many parts the file is split into.
    pub total_parts: u64,
    /// How many parts the API had already acknowledged (non-zero when resuming).
    pub parts_done: u64,
    /// The file's size in bytes.
    pub total_bytes: u64,
}

/// Progress of an upload, reported by [`UploadFileRequest::on_progress`] once per part the API acknowledges.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadProgress {
    /// The part just acknowledged, numbered from 1.
    pub part: u64,
    /// How many parts the API has acknowledged, counting those acknowledged before a resume.
    pub parts_done: u64,
    /// How many parts the file is split into.
    pub total_parts: u64,
    /// The bytes of the acknowledged parts.
    pub bytes_done: u64,
    /// The file's size in bytes.
    pub total_bytes: u64,
}

impl UploadProgress {
    /// The share of the file acknowledged, from 0 to 100.
    pub fn percentage(&self) -> f64 {
        if self.total_bytes == 0 {
            100.0
        } else {
            self.bytes_done as f64 * 100.0 / self.total_bytes as f64
        }
    }
}

/// A finished upload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadResult {
    /// The upload's id.
    pub upload_id: String,
    /// The asset created, as the API named it (`None` only when resuming an upload the API had already
    /// completed: it then says no more about the asset).
    pub asset_id: Option<String>,
    /// The URL of the asset, when the API gave one with its last acknowledgement.
    pub asset_url: Option<String>,
    /// How many parts the file was split into.
    pub total_parts: u64,
    /// How many parts this call sent (all of them for a new upload; the missing ones when resuming).
    pub parts_sent: u64,
    /// The file's size in bytes.
    pub total_bytes: u64,
}
