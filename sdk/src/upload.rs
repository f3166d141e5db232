//! Files to upload: from a path (streamed from disk, never read into memory), from bytes, or from an async
//! reader of known length.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::Stream;
use tokio::io::AsyncRead;

/// Buffer size for streaming a file: large enough that syscalls do not dominate, small enough to stay cheap.
pub(crate) const CHUNK: usize = 256 * 1024;

type SharedReader = Arc<Mutex<Option<Box<dyn AsyncRead + Send + Unpin>>>>;

/// A progress callback: bytes handed to the connection so far, and the total.
type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// A file to upload.
///
/// ```
/// use twelvelabs::InputFile;
///
/// let from_disk = InputFile::path("interview.mp4"); // streamed; name and `video/mp4` from the path
/// let also_from_disk = InputFile::from("interview.mp4"); // what `.file("interview.mp4")` does
/// let in_memory = InputFile::bytes("face.jpg", vec![0xff, 0xd8, 0xff]);
/// assert_eq!(from_disk.content_type(), "video/mp4");
/// assert_eq!(in_memory.file_name(), Some("face.jpg"));
/// assert_eq!(also_from_disk.file_name(), from_disk.file_name());
/// ```
#[derive(Clone)]
pub struct InputFile {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
    progress: Option<Progress>,
}

#[derive(Clone)]
enum Source {
    Path(PathBuf),
    Bytes(Bytes),
    /// Read once; a second send (or a retry) finds it taken.
    Reader {
        reader: SharedReader,
        length: u64,
    },
}

impl InputFile {
    /// A file on disk. It is opened and streamed when the request is sent (again for each retry); the part's
    /// file name is the path's, and its content type follows the extension.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Self {
            source: Source::Path(path),
            file_name,
            content_type: None,
            progress: None,
        }
    }

    /// Bytes in memory, sent under `file_name`.
    pub fn bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            source: Source::Bytes(bytes.into()),
            file_name: Some(file_name.into()),
            content_type: None,
            progress: None,
        }
    }

    /// An async reader that yields exactly `length` bytes, sent under `file_name`. It can be sent once, so a
    /// request carrying it is not retried.
    pub fn reader(
        file_name: impl Into<String>,
        reader: impl AsyncRead + Send + Unpin + 'static,
        length: u64,
    ) -> Self {
        Self {
            source: Source::Reader {
                reader: Arc::new(Mutex::new(Some(Box::new(reader)))),
                length,
            },
            file_name: Some(file_name.into()),
            content_type: None,
            progress: None,
        }
    }

    /// Sends the part under another file name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's content type instead of guessing it from the file name.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Calls `progress(sent, total)` as the body is streamed: once per chunk handed to the connection (256 KiB
    /// for files and readers, so a 200 MiB file makes 800 calls), with `sent` increasing and the last call having
    /// `sent == total`, the size announced. It runs on the task that sends the request, so it should be quick
    /// (update a progress bar or an atomic counter, not block). A retry sends the file again, so `sent` starts
    /// again from its first chunk; an upload that fails stops calling before `sent == total`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use twelvelabs::InputFile;
    ///
    /// let sent = Arc::new(AtomicU64::new(0));
    /// let counter = sent.clone();
    /// let file = InputFile::path("match.mp4").on_progress(move |sent, total| {
    ///     counter.store(sent, Ordering::Relaxed);
    ///     eprint!("\ruploaded {:.0}%", sent as f64 * 100.0 / total.max(1) as f64);
    /// });
    /// // client.assets().create(AssetsCreateRequestMethod::Direct).file(file).await?;
    /// # drop(file);
    /// ```
    pub fn on_progress(mut self, progress: impl Fn(u64, u64) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// The part's file name.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The part's content type: as set, or from the file name's extension (`application/octet-stream` when
    /// unknown).
    pub fn content_type(&self) -> String {
        match (&self.content_type, &self.file_name) {
            (Some(explicit), _) => explicit.clone(),
            (None, Some(name)) => mime_guess::from_path(name)
                .first_or_octet_stream()
                .essence_str()
                .to_string(),
            (None, None) => "application/octet-stream".to_string(),
        }
    }

    /// The local path, for files on disk.
    pub fn local_path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(path) => Some(path),
            _ => None,
        }
    }

    /// The size in bytes (a file's size is read from disk).
    ///
    /// # Errors
    ///
    /// The I/O error of reading the file's metadata; an error of kind `InvalidInput` when the path is a
    /// directory or another kind of file that has no fixed size.
    pub async fn len(&self) -> std::io::Result<u64> {
        match &self.source {
            Source::Path(path) => regular_file_len(&tokio::fs::metadata(path).await?),
            Source::Bytes(bytes) => Ok(bytes.len() as u64),
            Source::Reader { length, .. } => Ok(*length),
        }
    }

    /// Whether it can be sent again (readers cannot).
    pub(crate) fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Reader { .. })
    }

    /// A description of where the bytes come from, for errors.
    pub(crate) fn describe(&self) -> String {
        match &self.source {
            Source::Path(path) => path.display().to_string(),
            _ => self
                .file_name
                .clone()
                .unwrap_or_else(|| "the upload".to_string()),
        }
    }

    /// The body to send, its length, and the check that it is sent at exactly that length. Files are opened
    /// now and streamed.
    pub(crate) async fn body(&self) -> std::io::Result<(reqwest::Body, u64, LengthCheck)> {
        let (stream, length): (ByteStream, u64) = match &self.source {
            Source::Path(path) => {
                let file = tokio::fs::File::open(path).await?;
                let length = regular_file_len(&file.metadata().await?)?;
                let stream = tokio_util::io::ReaderStream::with_capacity(file, CHUNK);
                (Box::pin(stream), length)
            }
            // Sent in one piece unless progress is wanted; then in chunks (slices of the same buffer, no copy).
            Source::Bytes(bytes) if self.progress.is_none() => {
                let check = LengthCheck::new(self.describe());
                return Ok((
                    reqwest::Body::from(bytes.clone()),
                    bytes.len() as u64,
                    check,
                ));
            }
            Source::Bytes(bytes) => {
                let bytes = bytes.clone();
                let length = bytes.len() as u64;
                let chunks = (0..bytes.len())
                    .step_by(CHUNK)
                    .map(move |start| Ok(bytes.slice(start..(start + CHUNK).min(bytes.len()))));
                (Box::pin(futures::stream::iter(chunks)), length)
            }
            Source::Reader { reader, length } => {
                let taken = reader
                    .lock()
                    .map_err(|_| io::Error::other("the reader's lock is poisoned"))?
                    .take();
                let reader = taken.ok_or_else(|| {
                    io::Error::other("this reader was already sent; a reader can be sent once")
                })?;
                let stream = tokio_util::io::ReaderStream::with_capacity(reader, CHUNK);
                (Box::pin(stream), *length)
            }
        };
        let (body, check) =
            exact_length_body(stream, length, self.describe(), self.progress.clone());
        Ok((body, length, check))
    }
}

/// A request body streaming `stream`, which must yield exactly `length` bytes (see [`ExactLength`]), and the
/// check that records why it stopped early, naming the source `file`. `progress` is told of each chunk yielded.
pub(crate) fn exact_length_body(
    stream: ByteStream,
    length: u64,
    file: String,
    progress: Option<Progress>,
) -> (reqwest::Body, LengthCheck) {
    let check = LengthCheck::new(file);
    let exact = ExactLength {
        inner: stream,
        expected: length,
        sent: 0,
        held: None,
        done: false,
        check: check.clone(),
        progress,
    };
    (reqwest::Body::wrap_stream(exact), check)
}

/// The size of a regular file; other kinds of files (directories, devices, pipes) have none to announce.
pub(crate) fn regular_file_len(metadata: &std::fs::Metadata) -> io::Result<u64> {
    if metadata.is_file() {
        Ok(metadata.len())
    } else if metadata.is_dir() {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a directory, not a file",
        ))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file, so its length cannot be announced",
        ))
    }
}

pub(crate) type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// Where a streamed upload records why it stopped early, for the error the caller gets (the HTTP stack only
/// reports that the body failed).
#[derive(Debug, Clone)]
pub(crate) struct LengthCheck {
    /// The file, as errors name it.
    file: String,
    failure: Arc<Mutex<Option<io::Error>>>,
}

impl LengthCheck {
    fn new(file: String) -> Self {
        Self {
            file,
            failure: Arc::default(),
        }
    }

    /// Keeps `error` for the caller and returns a copy for the HTTP stack.
    fn record(&self, error: io::Error) -> io::Error {
        let copy = io::Error::new(error.kind(), error.to_string());
        if let Ok(mut slot) = self.failure.lock() {
            slot.get_or_insert(error);
        }
        copy
    }

    /// The error of the first check that failed, as the caller's error.
    pub(crate) fn failure(checks: &[LengthCheck], operation: &'static str) -> Option<crate::Error> {
        checks.iter().find_map(|check| {
            let source = check.failure.lock().ok()?.take()?;
            Some(crate::Error::File {
                operation,
                path: check.file.clone(),
                source,
            })
        })
    }
}

/// A body stream that yields exactly `expected` bytes or fails: a file that shrinks or grows while it is sent,
/// or a reader that yields more or less than it announced, aborts the request instead of sending a body the
/// server would take as complete (or see cut off with no explanation). The last bytes are held back until the
/// source has confirmed its end, so a body is never completed by a source that would have gone on.
struct ExactLength {
    inner: ByteStream,
    expected: u64,
    sent: u64,
    held: Option<Bytes>,
    done: bool,
    check: LengthCheck,
    /// Told `(sent, expected)` each time a chunk is yielded: counting here costs nothing more than the length
    /// check already does.
    progress: Option<Progress>,
}

impl ExactLength {
    fn fail(&mut self, error: io::Error) -> Poll<Option<io::Result<Bytes>>> {
        self.done = true;
        self.held = None;
        Poll::Ready(Some(Err(self.check.record(error))))
    }

    fn report(&self, sent: u64) {
        if let Some(progress) = &self.progress {
            progress(sent, self.expected);
        }
    }
}

impl Stream for ExactLength {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            match self.inner.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) if chunk.is_empty() => {}
                Poll::Ready(Some(Ok(chunk))) => {
                    let total = self.sent + chunk.len() as u64;
                    if self.held.is_some() || total > self.expected {
                        let expected = self.expected;
                        return self.fail(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("it grew while it was being sent: it has more than the {expected} bytes announced; the request was aborted"),
                        ));
                    }
                    self.sent = total;
                    if total == self.expected {
                        self.held = Some(chunk);
                    } else {
                        self.report(total);
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    let sent = self.sent;
                    return self.fail(io::Error::new(
                        error.kind(),
                        format!("reading it failed after {sent} bytes ({error}); the request was aborted"),
                    ));
                }
                Poll::Ready(None) => {
                    if self.sent < self.expected {
                        let (sent, expected) = (self.sent, self.expected);
                        return self.fail(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            format!("it ended after {sent} of the {expected} bytes announced (did it shrink while it was being sent?); the request was aborted"),
                        ));
                    }
                    // Every byte is out once the held chunk is (an empty body has none to hold).
                    self.done = true;
                    self.report(self.expected);
                    return Poll::Ready(self.held.take().map(Ok));
                }
            }
        }
    }
}

/// A file name made safe for a multipart `Content-Disposition` header, as browsers and the Python SDK (httpx)
/// write them (the HTML form-data encoding): `"` becomes `%22` and control characters (CR and LF included)
/// become `%XX`, so no name can end its header or start another.
pub(crate) fn escape_file_name(name: &str) -> String {
    let mut escaped = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '"' => escaped.push_str("%22"),
            c if c.is_ascii_control() => escaped.push_str(&format!("%{:02X}", c as u32)),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Refuses a file larger than `limit` bytes (or the caller's override in `options`) before anything is sent.
pub(crate) async fn check_size(
    operation: &'static str,
    input: &str,
    file: &InputFile,
    limit: u64,
    options: &crate::RequestOptions,
) -> crate::Result<()> {
    let limit = options.max_upload_bytes.unwrap_or(limit);
    let size = file.len().await.map_err(|source| crate::Error::File {
        operation,
        path: file.describe(),
        source,
    })?;
    if size > limit {
        return Err(crate::Error::invalid_input(
            operation,
            format!(
                "`{input}` ({}) is {size} bytes ({:.1} MiB); this upload accepts at most {limit} bytes ({:.1} MiB). Nothing was sent.",
                file.describe(),
                size as f64 / 1048576.0,
                limit as f64 / 1048576.0
            ),
        ));
    }
    Ok(())
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Path(path) => format!("path {}", path.display()),
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Reader { length, .. } => format!("reader of {length} bytes"),
        };
        f.debug_struct("InputFile")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("on_progress", &self.progress.is_some())
            .finish()
    }
}

impl From<PathBuf> for InputFile {
    fn from(path: PathBuf) -> Self {
        Self::path(path)
    }
}

impl From<&Path> for InputFile {
    fn from(path: &Path) -> Self {
        Self::path(path)
    }
}

/// A string is a path on disk, as in `.file("match.mp4")`; bytes in memory go through [`InputFile::bytes`].
impl From<&str> for InputFile {
    fn from(path: &str) -> Self {
        Self::path(path)
    }
}

/// A string is a path on disk; bytes in memory go through [`InputFile::bytes`].
impl From<String> for InputFile {
    fn from(path: String) -> Self {
        Self::path(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(InputFile::path("/tmp/a.mp4").content_type(), "video/mp4");
        assert_eq!(
            InputFile::bytes("face.jpg", vec![1]).content_type(),
            "image/jpeg"
        );
        assert_eq!(
            InputFile::bytes("blob.unknownext", vec![1]).content_type(),
            "application/octet-stream"
        );
        assert_eq!(
            InputFile::bytes("a.mp4", vec![1])
                .with_content_type("video/quicktime")
                .content_type(),
            "video/quicktime"
        );
    }

    #[tokio::test]
    async fn readers_can_be_sent_once() {
        let file = InputFile::reader("a.bin", &b"abc"[..], 3);
        assert!(!file.is_replayable());
        assert_eq!(file.body().await.unwrap().1, 3);
        assert!(file.clone().body().await.is_err());
    }
}
