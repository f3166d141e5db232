//! Wire parity with the official Python SDK: runs the capture server of `tests/fixtures/python-wire/` as a child
//! process, reads what it captured, and compares a request the Rust SDK sent with one the Python SDK sent.
//!
//! The comparison is strict by default: method, path, decoded query pairs in order, every header except the
//! ones the caller says to ignore, and the body (JSON text after parsing, key order included; multipart parts in
//! order with their name, file name, content type and bytes). What the Rust SDK is allowed to do differently is
//! decided by the test (`tests/tests/python_wire.rs`), which normalises the records before comparing.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The folder of the fixtures: `tests/fixtures/python-wire`.
pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/python-wire")
}

/// A fixture file of that folder, parsed (objects keep their key order).
pub fn load_fixture(name: &str) -> Value {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// `capture_server.py` running as a child process on 127.0.0.1; killed when dropped.
#[derive(Debug)]
pub struct CaptureServer {
    child: Child,
    base_url: String,
    http: twelvelabs::reqwest::Client,
}

impl CaptureServer {
    /// Starts the server on a free port with `items` stored items per list endpoint (the Python captures used
    /// 12) and waits for the `PORT <n>` line it prints. Needs `python3` (3.11 standard library) on the `PATH`;
    /// `PYTHON` names another interpreter.
    pub fn start(items: u32) -> Self {
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let script = fixture_dir().join("capture_server.py");
        let mut child = Command::new(&python)
            .arg("-B") // no __pycache__ in the fixtures folder
            .arg(&script)
            .args(["--port", "0", "--items", &items.to_string()])
            // If this process dies without dropping the server, it still goes away on its own.
            .args(["--max-seconds", "300"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run `{python} {}`: {e}", script.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let port: Option<u16> = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok());
        let Some(port) = port.filter(|_| read.is_ok()) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("capture_server.py did not print its port (read {read:?}, line {line:?})");
        };
        Self {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            http: twelvelabs::http_client_builder()
                .build()
                .expect("HTTP client"),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Forgets every request captured so far (`POST /__capture/reset`).
    pub async fn reset(&self) {
        let response = self
            .http
            .post(format!("{}/__capture/reset", self.base_url))
            .send()
            .await
            .expect("reset the capture server");
        assert!(
            response.status().is_success(),
            "reset: {}",
            response.status()
        );
    }

    /// Sets what the server answers for some operations (`POST /__capture/config {"answers": ...}`): fields
    /// replacing those of their canned JSON bodies, by spec operation name, until the next call; `{}` for none.
    pub async fn set_answers(&self, answers: &Value) {
        let response = self
            .http
            .post(format!("{}/__capture/config", self.base_url))
            .json(&serde_json::json!({ "answers": answers }))
            .send()
            .await
            .expect("configure the capture server");
        assert!(
            response.status().is_success(),
            "config: {}",
            response.status()
        );
    }

    /// Every request captured since the last reset, in arrival order (`GET /__capture/requests`).
    pub async fn requests(&self) -> Vec<Value> {
        let response = self
            .http
            .get(format!("{}/__capture/requests", self.base_url))
            .send()
            .await
            .expect("read the capture server");
        let text = response.text().await.expect("captured requests");
        match serde_json::from_str(&text).expect("captured requests are JSON") {
            Value::Array(requests) => requests,
            other => panic!("captured requests are not an array: {other}"),
        }
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What to leave out of a comparison of two captured requests.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ignore<'a> {
    /// Headers not compared (lowercase names).
    pub headers: &'a [&'a str],
    /// Headers not compared when the bodies are otherwise equal (`content-length`).
    pub headers_if_bodies_equal: &'a [&'a str],
    /// Headers not compared when the body is multipart (`content-length`, which counts the boundary too).
    pub headers_if_multipart: &'a [&'a str],
}

/// The differences between the request Python sent and the one Rust sent, one line each; empty when equal.
pub fn compare_requests(python: &Value, rust: &Value, ignore: Ignore<'_>) -> Vec<String> {
    let mut diffs = Vec::new();
    for field in ["method", "path"] {
        if python[field] != rust[field] {
            diffs.push(format!(
                "{field}: python {} rust {}",
                python[field], rust[field]
            ));
        }
    }
    if python["query"] != rust["query"] {
        diffs.push(format!(
            "query pairs: python {} rust {}",
            python["query"], rust["query"]
        ));
    }
    let body_diffs = compare_bodies(&python["body"], &rust["body"]);
    let bodies_equal = body_diffs.is_empty();
    let multipart = python["body"]["kind"] == "multipart" && rust["body"]["kind"] == "multipart";
    diffs.extend(body_diffs);
    let header_names = header_names(python).into_iter().chain(header_names(rust));
    let mut seen = Vec::new();
    for name in header_names {
        if seen.contains(&name)
            || ignore.headers.contains(&name.as_str())
            || (bodies_equal && ignore.headers_if_bodies_equal.contains(&name.as_str()))
            || (multipart && ignore.headers_if_multipart.contains(&name.as_str()))
        {
            continue;
        }
        let (p, r) = (&python["headers"][&name], &rust["headers"][&name]);
        if p != r {
            diffs.push(format!("header {name}: python {p} rust {r}"));
        }
        seen.push(name);
    }
    diffs
}

fn header_names(request: &Value) -> Vec<String> {
    request["headers"]
        .as_object()
        .map(|h| h.keys().cloned().collect())
        .unwrap_or_default()
}

/// Bodies as the capture server records them: `null`, `{"kind": "json", "raw": ..}`, `{"kind": "multipart",
/// "parts": [..]}`, or `{"kind": "other" | "invalid-json", ..}`.
fn compare_bodies(python: &Value, rust: &Value) -> Vec<String> {
    let kind = |body: &Value| body["kind"].as_str().unwrap_or("none").to_string();
    if kind(python) != kind(rust) {
        return vec![format!(
            "body: python {} rust {}",
            describe_body(python),
            describe_body(rust)
        )];
    }
    match kind(python).as_str() {
        "none" => Vec::new(),
        "json" => {
            // Parsing both (objects keep their key order) leaves out whitespace but keeps key order and the
            // number spelling (`10` and `10.0` differ).
            let canonical = |body: &Value| {
                let raw = body["raw"].as_str().unwrap_or_default();
                serde_json::from_str::<Value>(raw)
                    .map(|v| v.to_string())
                    .unwrap_or_else(|_| raw.to_string())
            };
            let (p, r) = (canonical(python), canonical(rust));
            if p == r {
                Vec::new()
            } else {
                vec![format!("json body: python {p} rust {r}")]
            }
        }
        "multipart" => compare_multipart(python, rust),
        _ => {
            if python == rust {
                Vec::new()
            } else {
                vec![format!("body: python {python} rust {rust}")]
            }
        }
    }
}

fn describe_body(body: &Value) -> String {
    match body["kind"].as_str() {
        None => "no body".into(),
        Some("json") => format!("json {}", body["raw"]),
        Some(kind) => format!("{kind} body"),
    }
}

/// The fields of a multipart part that are compared: what identifies it and its bytes (the first 64 as hex, the
/// length, the whole text of small text parts, and a digest when the server records one).
const PART_FIELDS: [&str; 7] = [
    "name",
    "filename",
    "content_type",
    "length",
    "head_hex",
    "value",
    "sha256",
];

fn compare_multipart(python: &Value, rust: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    for field in ["preamble_length", "epilogue_length", "error"] {
        if python[field] != rust[field] {
            diffs.push(format!(
                "multipart {field}: python {} rust {}",
                python[field], rust[field]
            ));
        }
    }
    let p_parts = keyed_parts(python);
    let r_parts = keyed_parts(rust);
    let order = |parts: &[(String, &Value)]| -> Vec<String> {
        parts.iter().map(|(key, _)| key.clone()).collect()
    };
    if order(&p_parts) != order(&r_parts) {
        diffs.push(format!(
            "multipart parts in order: python {:?} rust {:?}",
            order(&p_parts),
            order(&r_parts)
        ));
    }
    // Parts are paired by name and occurrence (the second `search_options` with the second), so a part out of
    // place is the one difference above, not one per field.
    for (key, p) in &p_parts {
        let Some((_, r)) = r_parts.iter().find(|(k, _)| k == key) else {
            diffs.push(format!("multipart part {key}: rust sends no such part"));
            continue;
        };
        for field in PART_FIELDS {
            // A digest is compared only when both captures have one (older fixtures do not).
            if field == "sha256" && (p.get(field).is_none() || r.get(field).is_none()) {
                continue;
            }
            if p[field] != r[field] {
                diffs.push(format!(
                    "multipart part {key} {field}: python {} rust {}",
                    p[field], r[field]
                ));
            }
        }
        // Part headers other than the two the fields above come from.
        let extra = |part: &Value| -> Vec<(String, Value)> {
            part["headers"]
                .as_object()
                .map(|h| {
                    h.iter()
                        .filter(|(k, _)| *k != "content-disposition" && *k != "content-type")
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        if extra(p) != extra(r) {
            diffs.push(format!(
                "multipart part {key} other headers: python {:?} rust {:?}",
                extra(p),
                extra(r)
            ));
        }
    }
    for (key, _) in &r_parts {
        if !p_parts.iter().any(|(k, _)| k == key) {
            diffs.push(format!("multipart part {key}: python sends no such part"));
        }
    }
    diffs
}

/// The parts of a multipart body in order, each under its name and, for a repeated name, its occurrence
/// (`search_options#2`).
fn keyed_parts(body: &Value) -> Vec<(String, &Value)> {
    let mut seen: Vec<String> = Vec::new();
    let mut keyed = Vec::new();
    for part in body["parts"].as_array().into_iter().flatten() {
        let name = part["name"].as_str().unwrap_or("?").to_string();
        let occurrence = seen.iter().filter(|n| **n == name).count() + 1;
        let key = if occurrence == 1 {
            name.clone()
        } else {
            format!("{name}#{occurrence}")
        };
        seen.push(name);
        keyed.push((key, part));
    }
    keyed
}
