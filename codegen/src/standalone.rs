//! Standalone crates (`cargo xtask generate`): the generated modules plus a copy of the SDK's runtime, a crate
//! root, a `Cargo.toml` and a README, so the result builds on its own with `cargo build`.
//!
//! The runtime is the SDK's own source (`sdk/src/*.rs`), embedded at compile time: one implementation, tested
//! once, in every generated crate. Its doc examples name the SDK crate; the copy names the generated one.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::features::{MARKER, cargo_features, runtime_features};
use crate::emit::{GeneratedFile, format_tokens, header};
use crate::ir::{Ir, Resource};

/// The runtime modules, as the SDK has them.
const RUNTIME: [(&str, &str); 14] = [
    ("blocking", include_str!("../../sdk/src/blocking.rs")),
    ("client", include_str!("../../sdk/src/client.rs")),
    ("error", include_str!("../../sdk/src/error.rs")),
    ("json", include_str!("../../sdk/src/json.rs")),
    ("macros", include_str!("../../sdk/src/macros.rs")),
    ("options", include_str!("../../sdk/src/options.rs")),
    ("pagination", include_str!("../../sdk/src/pagination.rs")),
    ("request", include_str!("../../sdk/src/request.rs")),
    ("response", include_str!("../../sdk/src/response.rs")),
    ("retry", include_str!("../../sdk/src/retry.rs")),
    ("send", include_str!("../../sdk/src/send.rs")),
    ("stream", include_str!("../../sdk/src/stream.rs")),
    ("upload", include_str!("../../sdk/src/upload.rs")),
    ("wait", include_str!("../../sdk/src/wait.rs")),
];

/// The SDK's manifest, whose runtime features generated crates copy.
const SDK_MANIFEST: &str = include_str!("../../sdk/Cargo.toml");

/// The dependencies of the runtime, as in `sdk/Cargo.toml` (`tests/tests/standalone.rs` keeps the two in step).
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["json", "query", "multipart", "stream"] }
serde = { version = "1", default-features = false, features = ["std"] }
serde_json = { version = "1", features = ["preserve_order"] }
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
futures = { version = "0.3", default-features = false, features = ["std"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
tokio = { version = "1", default-features = false, features = ["fs", "io-util", "time"] }
bytes = "1"
indexmap = { version = "2", features = ["serde"] }
tokio-util = { version = "0.7", default-features = false, features = ["io"] }
percent-encoding = "2"
mime_guess = { version = "2", default-features = false }
serde_urlencoded = "0.7"
base64 = "0.23"
fastrand = "2"
rustls = { version = "0.23", optional = true, default-features = false, features = ["ring", "std", "tls12"] }
"#;

/// Every file of a crate named `crate_name` around the generated modules `generated` (paths relative to
/// `src/generated`). Paths in the result are relative to the crate's root.
pub fn crate_files(
    ir: &Ir,
    generated: &[GeneratedFile],
    crate_name: &str,
    command: &str,
    sources: &[String],
) -> Result<Vec<GeneratedFile>, String> {
    crate_files_with(ir, generated, crate_name, command, sources, false)
}

/// [`crate_files`], plus `tests/examples.rs` when `examples_test` is set: a test that decodes every example the
/// specs give into its generated type and prints one `EXAMPLE` line per example (`ok same`, `ok differs` when
/// encoding the decoded value gives other JSON, or `fail` with the decoder's message). The corpus runner counts
/// them.
pub fn crate_files_with(
    ir: &Ir,
    generated: &[GeneratedFile],
    crate_name: &str,
    command: &str,
    sources: &[String],
    examples_test: bool,
) -> Result<Vec<GeneratedFile>, String> {
    let crate_ident = crate_name.replace('-', "_");
    let mut files: Vec<GeneratedFile> = generated
        .iter()
        .map(|f| GeneratedFile {
            path: format!("src/generated/{}", f.path),
            contents: f.contents.clone(),
        })
        .collect();
    for (module, source) in RUNTIME {
        // The runtime's unit tests are tested once, in the SDK; the copy leaves them out (they are last).
        let source = source
            .find("\n#[cfg(test)]\nmod tests {")
            .map_or(source, |at| &source[..=at]);
        // Marks the copy, and points its doc examples at this crate.
        let contents = format!(
            "// Copied by `{command}` from the runtime of the twelvelabs SDK (sdk/src/{module}.rs); shared by every generated crate.\n{}",
            source.replace("twelvelabs::", &format!("{crate_ident}::"))
        );
        files.push(GeneratedFile {
            path: format!("src/{module}.rs"),
            contents,
        });
    }
    files.push(GeneratedFile {
        path: "src/lib.rs".to_string(),
        contents: format!("{}{}", header(command), format_tokens(lib_rs(ir))?),
    });
    files.push(GeneratedFile {
        path: "Cargo.toml".to_string(),
        contents: cargo_toml(crate_name, ir, command),
    });
    files.push(GeneratedFile {
        path: "README.md".to_string(),
        contents: readme(ir, crate_name, command, sources),
    });
    if examples_test {
        files.push(GeneratedFile {
            path: "tests/examples.rs".to_string(),
            contents: format!(
                "{}{}",
                header(command),
                format_tokens(examples_test_file(ir, &crate_ident))?
            ),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A type as the examples test names it: models through `models::`.
fn qualified_type(ty: &crate::ir::TypeRef) -> TokenStream {
    use crate::ir::TypeRef;
    match ty {
        TypeRef::Named(name) => {
            let name = crate::emit::ident(name);
            quote! { models::#name }
        }
        TypeRef::List(item) => {
            let item = qualified_type(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = qualified_type(value);
            quote! { indexmap::IndexMap<String, #value> }
        }
        TypeRef::Option(inner) => {
            let inner = qualified_type(inner);
            quote! { Option<#inner> }
        }
        TypeRef::File => quote! { serde_json::Value },
        other => crate::emit::types::rust_type(other),
    }
}

fn examples_test_file(ir: &Ir, crate_ident: &str) -> TokenStream {
    let krate = crate::emit::ident(crate_ident);
    let checks = ir.examples.iter().map(|example| {
        let ty = qualified_type(&example.ty);
        let place = format!(
            "{}#{}",
            example.file,
            example.pointer.trim_start_matches('#')
        );
        let text = example.value.to_string();
        quote! { check::<#ty>(#place, #text); }
    });
    quote! {
        //! Decodes every example the specs give into its generated type; prints one `EXAMPLE` line each.
        // A spec without examples leaves the import and the check unused; an example of a deprecated schema
        // still has to decode.
        #![allow(unused_imports, dead_code, deprecated)]
        use #krate::models;

        fn check<T: serde::de::DeserializeOwned + serde::Serialize>(place: &str, text: &str) {
            let value: serde_json::Value = serde_json::from_str(text).expect("an example is JSON");
            match serde_json::from_value::<T>(value.clone()) {
                Ok(decoded) => {
                    let same = serde_json::to_value(&decoded).is_ok_and(|again| again == value);
                    println!("EXAMPLE ok {} {place}", if same { "same" } else { "differs" });
                }
                Err(error) => println!("EXAMPLE fail {place}: {error}"),
            }
        }

        #[test]
        fn examples_decode() {
            #(#checks)*
        }
    }
}

fn lib_rs(ir: &Ir) -> TokenStream {
    let doc = format!(
        " A client for the {}, generated from its OpenAPI description; see the README.",
        ir.api_phrase()
    );
    quote! {
        #![doc = #doc]
        #![warn(missing_docs)]
        #![allow(dead_code, reason = "the runtime is shared by every generated crate, and no API uses all of it")]

        #[cfg(feature = "blocking")]
        pub mod blocking;
        mod client;
        mod error;
        mod json;
        mod macros;
        mod options;
        mod pagination;
        mod request;
        mod response;
        mod retry;
        mod send;
        mod stream;
        mod upload;
        mod wait;

        #[rustfmt::skip]
        mod generated;

        pub use client::{Client, ClientBuilder, http_client_builder, same_origin_redirects};
        pub use error::{ApiError, Error, Result};
        pub use generated::*;
        pub use options::{RequestOptions, RetryPolicy, Timer, TokioTimer};
        pub use pagination::{Items, MAX_PAGE_FAILURES, Page, Pages};
        pub use response::{Redirect, Response};
        pub use stream::EventStream;
        pub use upload::InputFile;
        pub use wait::WaitOptions;
        /// The HTTP client crate this client uses.
        pub use reqwest;
        /// The ordered map type of the models' maps, so callers can name it.
        pub use indexmap;
    }
}

fn cargo_toml(crate_name: &str, ir: &Ir, command: &str) -> String {
    let runtime = runtime_features(SDK_MANIFEST);
    let resources = cargo_features(ir);
    let description = format!(
        "A client for the {}, generated from its OpenAPI description.",
        ir.api_phrase()
    )
    .replace('"', "'");
    format!(
        r#"# Generated by `{command}`. Do not edit: change the spec and generate again.
[package]
name = "{crate_name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.88"
description = "{description}"
publish = false

# A crate of its own, even when generated inside another workspace.
[workspace]

[features]
default = ["full", "rustls"]
{runtime}{MARKER}
{resources}
[dependencies]
{DEPENDENCIES}"#
    )
}

fn readme(ir: &Ir, crate_name: &str, command: &str, sources: &[String]) -> String {
    let crate_ident = crate_name.replace('-', "_");
    let mut text = format!(
        "# {crate_name}\n\nA Rust client for the {}, generated by `{command}` from:\n\n",
        ir.api_phrase()
    );
    for source in sources {
        text.push_str(&format!("- `{source}`\n"));
    }
    text.push_str(&format!(
        "\nDo not edit the files: change the spec and generate again.\n\n## Use\n\n```rust,no_run\n#[tokio::main]\nasync fn main() -> Result<(), {crate_ident}::Error> {{\n    let client = {crate_ident}::Client::builder().api_key(\"...\").build()?;\n    println!(\"{{}}\", client.base_url());\n    Ok(())\n}}\n```\n\n"
    ));
    if let Some(variable) = &ir.api_key_env {
        text.push_str(&format!(
            "Without `api_key`, the key is read from `{variable}`.\n\n"
        ));
    }
    text.push_str("## Operations\n\n| call | HTTP |\n| --- | --- |\n");
    list_operations(&ir.root, "client", &mut text);
    text
}

fn list_operations(resource: &Resource, prefix: &str, out: &mut String) {
    for operation in &resource.operations {
        out.push_str(&format!(
            "| `{prefix}.{}(..)` | `{} {}` |\n",
            operation.method_name, operation.http_method, operation.path_template
        ));
    }
    for child in &resource.children {
        list_operations(child, &format!("{prefix}.{}()", child.accessor), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{CLIENT_RESERVED, EXTERN_CRATES, ROOT_MODULES};

    /// The names the crate root has of its own, read from `lib_rs`: `mod x;` and the last segment of each
    /// `pub use` (or each name in its braces).
    fn root_names() -> Vec<String> {
        let ir = crate::ir::Ir {
            crate_name: "x".into(),
            api_name: "X".into(),
            base_url: None,
            api_key_env: None,
            base_url_env: None,
            auth: Vec::new(),
            models: Vec::new(),
            root: crate::ir::Resource {
                key: Vec::new(),
                path: Vec::new(),
                type_name: "Client".into(),
                accessor: String::new(),
                docs: Vec::new(),
                operations: Vec::new(),
                children: Vec::new(),
                waiters: Vec::new(),
            },
            features: Vec::new(),
            examples: Vec::new(),
        };
        let file: syn::File = syn::parse2(lib_rs(&ir)).expect("lib.rs parses");
        let mut names = Vec::new();
        for item in file.items {
            match item {
                syn::Item::Mod(m) => names.push(m.ident.to_string()),
                syn::Item::Use(u) => collect_use_names(&u.tree, &mut names),
                _ => {}
            }
        }
        names
    }

    fn collect_use_names(tree: &syn::UseTree, names: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => collect_use_names(&p.tree, names),
            syn::UseTree::Name(n) => names.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => names.push(r.rename.to_string()),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_use_names(t, names)),
            syn::UseTree::Glob(_) => {}
        }
    }

    #[test]
    fn resources_at_the_root_cannot_take_the_name_of_a_root_module_or_item() {
        // Modules and lower-case items (functions, crates): the resource modules `pub use generated::*` puts
        // beside them would clash (`stream`, E0255). Types are PascalCase, and resource modules never are.
        for name in root_names() {
            if name.starts_with(|c: char| c.is_ascii_lowercase()) {
                assert!(
                    ROOT_MODULES.contains(&name.as_str()),
                    "`{name}` is not in ROOT_MODULES"
                );
            }
        }
        for (module, _) in RUNTIME {
            assert!(
                ROOT_MODULES.contains(&module),
                "`{module}` is not in ROOT_MODULES"
            );
        }
    }

    #[test]
    fn resources_cannot_take_the_name_of_a_crate_the_generated_code_names() {
        for line in DEPENDENCIES.lines() {
            let name = line
                .split('=')
                .next()
                .unwrap_or_default()
                .trim()
                .replace('-', "_");
            assert!(
                EXTERN_CRATES.contains(&name.as_str()),
                "`{name}` is not in EXTERN_CRATES"
            );
        }
        for name in ["std", "core", "alloc"] {
            assert!(EXTERN_CRATES.contains(&name));
        }
    }

    #[test]
    fn operations_on_the_client_cannot_take_the_name_of_a_method_the_runtime_gives_it() {
        // Every method of every `impl Client` block of the runtime, public or not: a generated method of the same
        // name in the generated `impl Client` is a duplicate definition (E0592).
        for (module, source) in RUNTIME {
            let mut inside = false;
            for line in source.lines() {
                if line.starts_with("impl Client {") {
                    inside = true;
                } else if inside && line.starts_with('}') {
                    inside = false;
                } else if inside
                    && let Some(rest) = [
                        "    fn ",
                        "    pub fn ",
                        "    pub(crate) fn ",
                        "    async fn ",
                        "    pub async fn ",
                        "    pub(crate) async fn ",
                    ]
                    .iter()
                    .find_map(|p| line.strip_prefix(p))
                {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    assert!(
                        CLIENT_RESERVED.contains(&name.as_str()),
                        "`Client::{name}` (sdk/src/{module}.rs) is not in CLIENT_RESERVED"
                    );
                }
            }
        }
    }
}
