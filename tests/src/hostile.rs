//! A byte-level HTTP/1.1 server on 127.0.0.1 that answers exactly what a test scripts: well-formed responses,
//! lies (wrong lengths, redirects elsewhere, floods), bodies written piece by piece, or nothing at all. It records
//! every request it reads, so tests can count what the SDK sent and check its bytes.

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One request as the server read it.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target: path and query, as sent.
    pub target: String,
    /// Header lines as sent, names lowercased, in order.
    pub headers: Vec<(String, String)>,
    /// The raw head: request line and header lines, exactly as sent.
    pub head: String,
    /// The body bytes read.
    pub body: Vec<u8>,
    /// Whether the body arrived whole (as long as its `content-length`, or a complete chunked body).
    pub complete: bool,
}

impl Received {
    /// Every value of a header, in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// What the server does with a request, after reading it.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Writes these bytes and closes the connection.
    Raw(Vec<u8>),
    /// Writes this head, then `body_bytes` bytes of `fill`, then closes (a flood, when large).
    Flood {
        /// Status line and headers, ending with the blank line.
        head: String,
        /// How many body bytes to write.
        body_bytes: u64,
    },
    /// Writes a head, then a body piece by piece: each piece is one TCP write, flushed, and written only when
    /// its [`Gate`] opens, so the client reads every piece on its own.
    Trickle(Trickle),
    /// Closes the connection without answering.
    Close,
    /// Never answers; the connection stays open until the client gives up.
    Hang,
}

/// A well-formed response: status, headers, and a body with its `content-length`; the connection closes after.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut text = format!("HTTP/1.1 {status} Scripted\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Raw(bytes)
}

/// A JSON response.
pub fn json(status: u16, body: &serde_json::Value) -> Reply {
    response(
        status,
        &[("content-type", "application/json")],
        body.to_string().as_bytes(),
    )
}

/// How a [`Reply::Trickle`] body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `transfer-encoding: chunked`, one HTTP chunk per piece.
    Chunked,
    /// Neither `content-length` nor chunks: the body ends when the server closes the connection.
    UntilClose,
    /// A `content-length` announcing every piece.
    Length,
}

/// How a [`Reply::Trickle`] body ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// As its framing says a body ends: the last chunk, the announced length, or the close.
    Complete,
    /// The connection closes early: inside a chunk that announced more bytes, short of the announced length,
    /// or (for [`Framing::UntilClose`], where the client cannot tell the difference) simply closed.
    Cut,
}

/// A `200` response whose body is written piece by piece.
#[derive(Debug, Clone)]
pub struct Trickle {
    /// The `content-type` header.
    pub content_type: String,
    /// The body, one TCP write each.
    pub pieces: Vec<Vec<u8>>,
    /// How the body is framed.
    pub framing: Framing,
    /// How it ends.
    pub ending: Ending,
    /// Opens before each piece; [`Gate::pace`] opens it whenever the client waits for more.
    pub gate: Gate,
}

/// Holds each piece of a [`Reply::Trickle`] back until the client has taken in the ones before it: the client
/// opens it (through [`Gate::pace`]) each time its stream waits for bytes. Pieces never share a read, however
/// the kernel would have merged back-to-back writes, and no test waits on a clock.
#[derive(Debug, Clone, Default)]
pub struct Gate(Arc<Notify>);

impl Gate {
    /// Waits until the client waits; a client that stopped reading releases the server after 10 s.
    async fn wait(&self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.0.notified()).await;
    }

    /// Wraps the stream that reads the trickled body: each time it is polled and has nothing yet, the server
    /// writes the next piece.
    pub fn pace<S: Stream + Unpin>(&self, stream: S) -> Paced<S> {
        Paced {
            stream,
            gate: self.clone(),
        }
    }
}

/// A stream that opens its [`Gate`] whenever it waits.
#[derive(Debug)]
pub struct Paced<S> {
    stream: S,
    gate: Gate,
}

impl<S: Stream + Unpin> Stream for Paced<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let poll = Pin::new(&mut self.stream).poll_next(cx);
        if poll.is_pending() {
            self.gate.0.notify_one();
        }
        poll
    }
}

type Script = dyn Fn(usize, &Received) -> Reply + Send + Sync;
type OnHead = dyn Fn(&Received) + Send + Sync;

/// A running server.
#[derive(Clone)]
pub struct Hostile {
    /// `http://127.0.0.1:PORT`.
    pub uri: String,
    received: Arc<Mutex<Vec<Received>>>,
    count: Arc<AtomicUsize>,
    /// For each reply finished, whether it was written whole (the client read or buffered all of it).
    written: Arc<Mutex<Vec<bool>>>,
}

impl std::fmt::Debug for Hostile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hostile").field("uri", &self.uri).finish()
    }
}

impl Hostile {
    /// Starts a server that answers request number `n` (from 0) with `script(n, &request)`.
    pub async fn start(script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with(script, |_| {}).await
    }

    /// Like [`Hostile::start`], and calls `on_head` once a request's head has arrived, before its body is
    /// read (to change the world while the client is still sending).
    pub async fn start_with(
        script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static,
        on_head: impl Fn(&Received) + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let uri = format!("http://{}", listener.local_addr().expect("address"));
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let count = Arc::new(AtomicUsize::new(0));
        let written: Arc<Mutex<Vec<bool>>> = Arc::default();
        let script: Arc<Script> = Arc::new(script);
        let on_head: Arc<OnHead> = Arc::new(on_head);
        let (log, counter, done) = (received.clone(), count.clone(), written.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, counter, script, on_head, done) = (
                    log.clone(),
                    counter.clone(),
                    script.clone(),
                    on_head.clone(),
                    done.clone(),
                );
                tokio::spawn(async move {
                    if let Some(whole) = serve(stream, log, counter, script, on_head).await {
                        done.lock().expect("log").push(whole);
                    }
                });
            }
        });
        Self {
            uri,
            received,
            count,
            written,
        }
    }

    /// Requests whose head has arrived so far.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Every request read so far, in order of arrival.
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("log").clone()
    }

    /// For each reply finished so far, whether it was written whole.
    pub fn replies_written_whole(&self) -> Vec<bool> {
        self.written.lock().expect("log").clone()
    }

    /// Every request, once the server has finished reading the bodies of all that arrived (the client may
    /// give up on a request before the server has read what it sent).
    pub async fn settled_requests(&self) -> Vec<Received> {
        for _ in 0..500 {
            let requests = self.requests();
            if requests.len() >= self.count() {
                return requests;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the server did not finish reading its requests within 5 s")
    }
}

async fn serve(
    stream: TcpStream,
    log: Arc<Mutex<Vec<Received>>>,
    counter: Arc<AtomicUsize>,
    script: Arc<Script>,
    on_head: Arc<OnHead>,
) -> Option<bool> {
    let mut reader = BufReader::new(stream);
    let mut request = read_head(&mut reader).await?;
    let n = counter.fetch_add(1, Ordering::SeqCst);
    on_head(&request);
    read_body(&mut reader, &mut request).await;
    log.lock().expect("log").push(request.clone());
    let mut stream = reader.into_inner();
    match script(n, &request) {
        Reply::Raw(bytes) => {
            let whole = stream.write_all(&bytes).await.is_ok();
            let _ = stream.shutdown().await;
            Some(whole)
        }
        Reply::Flood { head, body_bytes } => {
            if stream.write_all(head.as_bytes()).await.is_err() {
                return Some(false);
            }
            let block = vec![b'x'; 64 * 1024];
            let mut left = body_bytes;
            while left > 0 {
                let n = left.min(block.len() as u64) as usize;
                if stream.write_all(&block[..n]).await.is_err() {
                    return Some(false);
                }
                left -= n as u64;
            }
            let _ = stream.shutdown().await;
            Some(true)
        }
        Reply::Trickle(trickle) => Some(trickle_body(&mut stream, trickle).await),
        Reply::Close => {
            let _ = stream.shutdown().await;
            Some(true)
        }
        Reply::Hang => {
            // Hold the connection until the client closes it (or the test ends).
            let mut sink = [0u8; 1024];
            let _ = tokio::time::timeout(Duration::from_secs(120), async {
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
            })
            .await;
            Some(true)
        }
    }
}

/// Writes a [`Reply::Trickle`]; whether every byte was written.
async fn trickle_body(stream: &mut TcpStream, trickle: Trickle) -> bool {
    let Trickle {
        content_type,
        pieces,
        framing,
        ending,
        gate,
    } = trickle;
    let _ = stream.set_nodelay(true);
    let total: usize = pieces.iter().map(Vec::len).sum();
    let cut = ending == Ending::Cut;
    let framing_header = match framing {
        Framing::Chunked => "transfer-encoding: chunked\r\n".to_string(),
        Framing::UntilClose => String::new(),
        // A cut body announces more than it sends.
        Framing::Length => format!("content-length: {}\r\n", total + if cut { 100 } else { 0 }),
    };
    let head = format!(
        "HTTP/1.1 200 Scripted\r\ncontent-type: {content_type}\r\n{framing_header}connection: close\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() || stream.flush().await.is_err() {
        return false;
    }
    let last = pieces.len().saturating_sub(1);
    for (index, piece) in pieces.into_iter().enumerate() {
        gate.wait().await;
        let mut bytes = Vec::with_capacity(piece.len() + 16);
        if framing == Framing::Chunked {
            // The last chunk of a cut body announces more than it holds.
            let announced = piece.len() + if cut && index == last { 100 } else { 0 };
            bytes.extend_from_slice(format!("{announced:x}\r\n").as_bytes());
            bytes.extend_from_slice(&piece);
            if !(cut && index == last) {
                bytes.extend_from_slice(b"\r\n");
            }
        } else {
            bytes.extend_from_slice(&piece);
        }
        if stream.write_all(&bytes).await.is_err() || stream.flush().await.is_err() {
            return false;
        }
    }
    // The end, too, comes once the client has read the last piece.
    gate.wait().await;
    if framing == Framing::Chunked && !cut && stream.write_all(b"0\r\n\r\n").await.is_err() {
        return false;
    }
    let _ = stream.shutdown().await;
    true
}

async fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut request = Received::default();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return None;
        }
        request.head.push_str(&line);
        if line == "\r\n" {
            break;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if request.method.is_empty() {
            let mut words = line.split(' ');
            request.method = words.next().unwrap_or_default().to_string();
            request.target = words.next().unwrap_or_default().to_string();
        } else if let Some((name, value)) = line.split_once(':') {
            request
                .headers
                .push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    Some(request)
}

async fn read_body(reader: &mut BufReader<TcpStream>, request: &mut Received) {
    let length = request
        .header_values("content-length")
        .first()
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = request
        .header_values("transfer-encoding")
        .iter()
        .any(|v| v.eq_ignore_ascii_case("chunked"));
    if let Some(length) = length {
        let mut body = Vec::new();
        let read = (&mut *reader)
            .take(length)
            .read_to_end(&mut body)
            .await
            .unwrap_or(0);
        request.complete = read as u64 == length;
        request.body = body;
    } else if chunked {
        loop {
            let mut size_line = String::new();
            if reader.read_line(&mut size_line).await.unwrap_or(0) == 0 {
                return;
            }
            let Ok(size) = u64::from_str_radix(size_line.trim(), 16) else {
                return;
            };
            let mut chunk = Vec::new();
            if (&mut *reader)
                .take(size + 2)
                .read_to_end(&mut chunk)
                .await
                .unwrap_or(0) as u64
                != size + 2
            {
                return;
            }
            if size == 0 {
                request.complete = true;
                return;
            }
            request.body.extend_from_slice(&chunk[..size as usize]);
        }
    } else {
        request.complete = true;
    }
}
