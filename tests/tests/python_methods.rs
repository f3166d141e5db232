//! Every public method of the official Python SDK (`twelvelabs==1.3.6`) has a Rust counterpart and a wire test.
//!
//! `tests/fixtures/python-wire/python-methods.txt` lists the Python methods (written by `list_python_methods.py`
//! from the installed SDK). The README's "From the Python SDK" table maps each to its Rust call and names the
//! wire test that covers it. [`the_readme_maps_every_python_method_to_a_rust_call_and_a_wire_test`] checks that
//! table against the list, the Rust calls against the crate's public surface (`sdk/src/generated/API.txt`, and
//! the hand-written runtime for what is not generated), and the wire tests against the fixtures and this file.
//!
//! `multipart_upload.upload_file` cannot run against the Python capture server (its parts go to presigned
//! storage URLs), so the Rust `upload_file` and `resume` are checked here instead, request by request, against
//! a local fake of the API and of storage.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tests::python_wire::{fixture_dir, load_fixture};
use twelvelabs::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The file the upload tests send: 20 bytes, so two parts of 16 and 4 bytes.
const FILE: &[u8] = b"0123456789abcdefWXYZ";

/// One line per request the fake received: method, path and query, and the JSON body or the body's length;
/// `x-api-key` marks the requests that carried the key.
fn summary(request: &Request) -> String {
    let query = request
        .url
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let key = if request.headers.contains_key("x-api-key") {
        " [key]"
    } else {
        ""
    };
    let body = match serde_json::from_slice::<Value>(&request.body) {
        Ok(json) => format!(" {json}"),
        Err(_) if request.body.is_empty() => String::new(),
        Err(_) => format!(
            " <{} bytes: {:?}>",
            request.body.len(),
            String::from_utf8_lossy(&request.body)
        ),
    };
    format!(
        "{} {}{query}{key}{body}",
        request.method,
        request.url.path()
    )
}

/// The fake's answers: the session (two parts of 16 bytes), storage (an ETag per part), the report, and the
/// session's status: `first_status` once if given, then `completed` with both parts.
async fn fake(server: &MockServer, first_status: Option<Value>) {
    let base = server.uri();
    let session = json!({
        "upload_id": "up_1", "asset_id": "asset_1", "chunk_size": 16, "total_chunks": 2,
        "upload_urls": [
            {"chunk_index": 1, "url": format!("{base}/storage/1")},
            {"chunk_index": 2, "url": format!("{base}/storage/2")}
        ]
    });
    Mock::given(method("POST"))
        .and(path("/assets/multipart-uploads"))
        .respond_with(ResponseTemplate::new(201).set_body_json(session))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/assets/multipart-uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"upload_id": "up_1", "status": "active", "total_size": 20, "chunk_size": 16, "total_chunks": 2}],
            "page_info": {"page": 1, "total_page": 1, "total_results": 1, "limit_per_page": 10}
        })))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/assets/multipart-uploads/up_1/presigned-urls"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "upload_id": "up_1", "start_index": 2, "count": 1,
            "upload_urls": [{"chunk_index": 2, "url": format!("{base}/storage/2")}]
        })))
        .mount(server)
        .await;
    for part in [1, 2] {
        Mock::given(method("PUT"))
            .and(path(format!("/storage/{part}")))
            .respond_with(
                ResponseTemplate::new(200).insert_header("etag", format!("\"etag-{part}\"")),
            )
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/assets/multipart-uploads/up_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "asset_id": "asset_1", "processed_chunks": 1, "duplicate_chunks": 0, "total_completed": 1
        })))
        .mount(server)
        .await;
    if let Some(first) = first_status {
        Mock::given(method("GET"))
            .and(path("/assets/multipart-uploads/up_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(first))
            .up_to_n_times(1)
            .mount(server)
            .await;
    }
    let chunk = |index: u32| json!({"index": index, "status": "completed"});
    Mock::given(method("GET"))
        .and(path("/assets/multipart-uploads/up_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "upload_id": "up_1", "status": "completed", "total_size": 20, "uploaded_size": 20,
            "uploaded_chunks": [chunk(1), chunk(2)],
            "page_info": {"page": 1, "total_page": 1, "total_results": 2, "limit_per_page": 10}
        })))
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("tlk_TEST")
        .base_url(server.uri())
        .build()
        .expect("client")
}

fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("python-methods-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("match.mp4");
    std::fs::write(&file, FILE).expect("write the file");
    file
}

fn assert_requests(server_requests: &[Request], expected: &[&str]) {
    let actual: Vec<String> = server_requests.iter().map(summary).collect();
    assert_eq!(
        actual,
        expected,
        "the requests sent, in order:\n{}",
        actual.join("\n")
    );
}

/// Python: `client.multipart_upload.upload_file("match.mp4")`. The Python helper sends the same create, the
/// parts to storage, and one report per 10 parts; the Rust one reports each part as storage acknowledges it
/// (so a resume never sends it again), never sends the API key to storage, and ends by reading the session until
/// it is `completed`.
#[tokio::test]
async fn upload_file_sends_these_requests() {
    let server = MockServer::start().await;
    fake(&server, None).await;
    let file = temp_file("upload");
    let done = client(&server)
        .multipart_upload()
        .upload_file(&file)
        .concurrency(1) // the parts in order, so the list below is the only one possible
        .await
        .expect("uploaded");
    assert_eq!(done.asset_id.as_deref(), Some("asset_1"));
    let requests = server.received_requests().await.expect("recorded");
    assert_requests(
        &requests,
        &[
            r#"POST /assets/multipart-uploads [key] {"filename":"match.mp4","type":"video","total_size":20}"#,
            r#"PUT /storage/1 <16 bytes: "0123456789abcdef">"#,
            r#"POST /assets/multipart-uploads/up_1 [key] {"completed_chunks":[{"chunk_index":1,"proof":"etag-1","proof_type":"etag","chunk_size":16}]}"#,
            r#"PUT /storage/2 <4 bytes: "WXYZ">"#,
            r#"POST /assets/multipart-uploads/up_1 [key] {"completed_chunks":[{"chunk_index":2,"proof":"etag-2","proof_type":"etag","chunk_size":4}]}"#,
            "GET /assets/multipart-uploads/up_1 [key]",
        ],
    );
    std::fs::remove_dir_all(file.parent().expect("dir")).ok();
}

/// Python has no resume; this is the Rust half of an upload that `upload_file` did not finish.
#[tokio::test]
async fn resume_sends_these_requests() {
    let server = MockServer::start().await;
    fake(
        &server,
        Some(json!({
            "upload_id": "up_1", "status": "active", "total_size": 20, "uploaded_size": 16,
            "uploaded_chunks": [{"index": 1, "status": "completed"}],
            "page_info": {"page": 1, "total_page": 1, "total_results": 1, "limit_per_page": 10}
        })),
    )
    .await;
    let file = temp_file("resume");
    let done = client(&server)
        .multipart_upload()
        .resume("up_1", &file)
        .await
        .expect("resumed");
    assert_eq!(done.parts_sent, 1, "only the missing part");
    let requests = server.received_requests().await.expect("recorded");
    assert_requests(
        &requests,
        &[
            "GET /assets/multipart-uploads/up_1?page=1&page_limit=50 [key]",
            "GET /assets/multipart-uploads?page=1&page_limit=50 [key]",
            r#"POST /assets/multipart-uploads/up_1/presigned-urls [key] {"start":2,"count":1}"#,
            r#"PUT /storage/2 <4 bytes: "WXYZ">"#,
            r#"POST /assets/multipart-uploads/up_1 [key] {"completed_chunks":[{"chunk_index":2,"proof":"etag-2","proof_type":"etag","chunk_size":4}]}"#,
            "GET /assets/multipart-uploads/up_1 [key]",
        ],
    );
    std::fs::remove_dir_all(file.parent().expect("dir")).ok();
}

/// The repository's root (this crate is `tests/`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The cells of a Markdown table row; `\|` (a pipe inside a cell) does not split.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().expect("a cell").push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().expect("a cell").push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The text of every `code span` of a cell, in order.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The method names of every `client.a().b(..).c(..)` chain in a text, one list per chain.
fn client_chains(text: &str) -> Vec<Vec<String>> {
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut chains = Vec::new();
    let mut start = 0;
    while let Some(found) = text[start..].find("client.") {
        let at = start + found;
        start = at + "client.".len();
        if at > 0 && is_ident(bytes[at - 1]) {
            continue;
        }
        let mut names = Vec::new();
        let mut i = start;
        loop {
            let name_start = i;
            while i < bytes.len() && is_ident(bytes[i]) {
                i += 1;
            }
            if i == name_start || i >= bytes.len() || bytes[i] != b'(' {
                break;
            }
            names.push(text[name_start..i].to_string());
            let mut depth = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            if i >= bytes.len() || bytes[i] != b'.' {
                break;
            }
            i += 1;
        }
        chains.push(names);
    }
    chains
}

/// The functions of the crate's generated surface: `(type, method)` to what it returns (`None` for a builder
/// setter, which returns the builder).
fn api_functions(api: &str) -> HashMap<(String, String), Option<String>> {
    let mut functions = HashMap::new();
    for line in api.lines() {
        let Some(rest) = line.strip_prefix("fn ") else {
            continue;
        };
        let Some((path, after)) = rest.split_once('(') else {
            continue;
        };
        let Some((ty, name)) = path.rsplit_once("::") else {
            continue;
        };
        let returns = after.split_once(") -> ").map(|(_, ret)| {
            ret.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        });
        functions.insert((ty.to_string(), name.to_string()), returns);
    }
    functions
}

/// The hand-written runtime's source (`sdk/src/` without `generated/`), for the methods API.txt does not list.
fn runtime_source(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("sdk/src") {
        let path = entry.expect("an entry").path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "generated") {
            runtime_source(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&read(&path));
        }
    }
}

/// Checks that every method of a chain exists: in API.txt, following the types each returns from `Client`, or,
/// for a method API.txt does not list (the hand-written `upload_file`, `resume`), as a `pub fn` of the runtime.
/// After a method that returns a value rather than a builder or handle, the rest is not checked.
fn check_chain(
    names: &[String],
    api: &HashMap<(String, String), Option<String>>,
    runtime: &str,
) -> Result<(), String> {
    let mut ty = Some("twelvelabs::Client".to_string());
    for name in names {
        let Some(current) = ty.clone() else {
            break;
        };
        match api.get(&(current.clone(), name.clone())) {
            Some(None) => {}
            Some(Some(returns)) if returns.starts_with("twelvelabs::") => {
                ty = Some(returns.clone())
            }
            Some(Some(_)) => ty = None,
            None if runtime.contains(&format!("pub fn {name}(")) => ty = None,
            None => return Err(format!("`{current}` has no method `{name}`")),
        }
    }
    Ok(())
}

#[test]
fn the_readme_maps_every_python_method_to_a_rust_call_and_a_wire_test() {
    let root = repo_root();
    let methods_text = read(&fixture_dir().join("python-methods.txt"));
    let methods: Vec<&str> = methods_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        methods.len() >= 100,
        "python-methods.txt lists {} methods",
        methods.len()
    );
    let readme = read(&root.join("README.md"));
    let section = readme
        .split("\n## From the Python SDK\n")
        .nth(1)
        .expect("the README has a `## From the Python SDK` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let api = api_functions(&read(&root.join("sdk/src/generated/API.txt")));
    let mut runtime = String::new();
    runtime_source(&root.join("sdk/src"), &mut runtime);
    let lib = read(&root.join("sdk/src/lib.rs"));
    let this_file = include_str!("python_methods.rs");
    let mut fixtures: BTreeMap<String, Value> = BTreeMap::new();

    let mut problems = Vec::new();
    let mut rows: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells = cells(row);
        let [python, rust, wire] = &cells[..] else {
            problems.push(format!("a row without three cells: {row}"));
            continue;
        };
        let python = python.trim_matches('`').to_string();
        if rows
            .insert(python.clone(), (rust.clone(), wire.clone()))
            .is_some()
        {
            problems.push(format!("`{python}` has two rows"));
        }
    }
    for method in &methods {
        if !rows.contains_key(*method) {
            problems.push(format!(
                "`{method}` (python-methods.txt) has no row in the README's table"
            ));
        }
    }
    for (python, (rust, wire)) in &rows {
        if !methods.contains(&python.as_str()) {
            problems.push(format!(
                "`{python}`: a row for a method python-methods.txt does not list"
            ));
        }
        // The Rust calls.
        let chains = client_chains(rust);
        let functions: Vec<&str> = rust
            .split("twelvelabs::")
            .skip(1)
            .filter_map(|rest| rest.split_once('(').map(|(name, _)| name))
            .collect();
        if chains.is_empty() && functions.is_empty() {
            problems.push(format!("`{python}`: no Rust call in `{rust}`"));
        }
        for chain in &chains {
            if let Err(e) = check_chain(chain, &api, &runtime) {
                problems.push(format!("`{python}`: {e} (in `{rust}`)"));
            }
        }
        for function in functions {
            let exported = lib
                .lines()
                .any(|l| l.starts_with("pub use") && l.contains(function));
            if !exported || !runtime.contains(&format!("pub fn {function}")) {
                problems.push(format!(
                    "`{python}`: the crate has no `twelvelabs::{function}`"
                ));
            }
        }
        // The wire tests: `python_wire` then fixture entries, `python_methods` then test functions of this file.
        let mut test = None;
        let mut references = 0;
        for span in code_spans(wire) {
            match span {
                "python_wire" | "python_methods" => test = Some(span),
                _ if test == Some("python_wire") => {
                    references += 1;
                    let entry = span.split_once(' ').and_then(|(file, case)| {
                        let (section, index) = case.strip_suffix(']')?.split_once('[')?;
                        let fixture = fixtures
                            .entry(file.to_string())
                            .or_insert_with(|| load_fixture(file));
                        Some(fixture[section][index.parse::<usize>().ok()?].clone())
                    });
                    match entry {
                        Some(entry) if entry["operation"] == python.as_str() => {}
                        Some(entry) if !entry.is_null() => problems.push(format!(
                            "`{python}`: `{span}` is a case of `{}`",
                            entry["operation"]
                        )),
                        _ => problems.push(format!("`{python}`: no python_wire case `{span}`")),
                    }
                }
                _ if test == Some("python_methods") => {
                    references += 1;
                    if !this_file.contains(&format!("async fn {span}()")) {
                        problems.push(format!(
                            "`{python}`: python_methods.rs has no test `{span}`"
                        ));
                    }
                }
                _ => problems.push(format!("`{python}`: `{span}` names no wire test")),
            }
        }
        if references == 0 {
            problems.push(format!("`{python}`: no wire test named in `{wire}`"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems with the README's \"From the Python SDK\" table:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(rows.len(), methods.len());
}

#[test]
fn the_table_checks_find_what_is_wrong() {
    let root = repo_root();
    let api = api_functions(&read(&root.join("sdk/src/generated/API.txt")));
    let mut runtime = String::new();
    runtime_source(&root.join("sdk/src"), &mut runtime);
    let chains = client_chains(
        "`twelvelabs::send_all(urls.map(|u| client.tasks().create(index_id).video_url(u)))`; \
         `client.multipart_upload().upload_file(path)` and `client.tasks().creat(index_id)`",
    );
    let names: Vec<Vec<&str>> = chains
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        names,
        [
            vec!["tasks", "create", "video_url"],
            vec!["multipart_upload", "upload_file"],
            vec!["tasks", "creat"],
        ]
    );
    assert_eq!(check_chain(&chains[0], &api, &runtime), Ok(()));
    assert_eq!(check_chain(&chains[1], &api, &runtime), Ok(()));
    assert_eq!(
        check_chain(&chains[2], &api, &runtime),
        Err("`twelvelabs::tasks::Tasks` has no method `creat`".into())
    );
    assert_eq!(
        cells(r"| `a` | `x(\|u\| u)` | b |"),
        ["`a`", "`x(|u| u)`", "b"]
    );
}
