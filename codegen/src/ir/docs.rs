//! Doc text the generator writes itself: operation docs (what the call does, its HTTP method and path, arguments,
//! what success and failure return), builder docs and links to models.

use super::{Check, Input, InputTarget, Pagination, PartKind, ResponseKind, TypeRef};
use crate::ir::composites::describe_type;

/// An item type for docs: a link for models, a phrase otherwise.
fn describe_item(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => model_link(name),
        other => describe_type(other),
    }
}

/// A rustdoc link to a model that resolves from any module of the generated crate.
pub(crate) fn model_link(name: &str) -> String {
    format!("[`{name}`](crate::models::{name})")
}

/// What the caller gets back, for docs.
pub(crate) fn describe_response(response: &ResponseKind) -> String {
    match response {
        ResponseKind::Json(TypeRef::Named(name)) => model_link(name),
        ResponseKind::Json(ty) => format!("a {}", describe_type(ty)),
        ResponseKind::Empty => "`()`".to_string(),
        ResponseKind::Text(_) => "the body as a `String`".to_string(),
        ResponseKind::Bytes(_) => "the body as bytes".to_string(),
        ResponseKind::Events(ty) => format!(
            "an [`EventStream`](crate::EventStream) of {} (server-sent events, decoded as they arrive)",
            describe_item(ty)
        ),
        ResponseKind::JsonLines(ty, _) => format!(
            "an [`EventStream`](crate::EventStream) of {} (one JSON line each, decoded as they arrive)",
            describe_item(ty)
        ),
        ResponseKind::Redirect => {
            "where the redirect points, as a [`Redirect`](crate::Redirect)".to_string()
        }
    }
}

/// The parts of an operation's docs that come from the spec.
pub(crate) struct OperationText<'a> {
    pub summary: Option<&'a str>,
    pub description: Vec<String>,
    pub http_method: &'a str,
    pub path: &'a str,
    pub builder_name: &'a str,
    pub inputs: &'a [Input],
    pub response: &'a ResponseKind,
    pub pagination: Option<&'a Pagination>,
    pub success: Vec<(String, String)>,
    pub errors: Vec<(String, String)>,
    /// The checks made before sending (from the generator's settings).
    pub checks: &'a [Check],
}

/// The doc lines of a resource method.
pub(crate) fn operation_docs(text: &OperationText<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = text.summary {
        lines.push(summary.trim().trim_end_matches('.').to_string() + ".");
        lines.push(String::new());
    }
    if !text.description.is_empty() {
        lines.extend(text.description.iter().cloned());
        lines.push(String::new());
    }
    lines.push(format!("`{} {}`", text.http_method, text.path));
    let required: Vec<&Input> = text.inputs.iter().filter(|i| i.required).collect();
    if !required.is_empty() {
        lines.push(String::new());
        lines.push("# Arguments".to_string());
        lines.push(String::new());
        for input in required {
            lines.push(format!(
                "- `{}`: {}",
                input.name,
                first_sentence(&input.docs)
            ));
        }
    }
    let optional: Vec<&Input> = text.inputs.iter().filter(|i| !i.required).collect();
    if !optional.is_empty() {
        lines.push(String::new());
        lines.push("# Optional parameters".to_string());
        lines.push(String::new());
        lines.push(format!(
            "Set on the returned [`{}`] before awaiting it:",
            text.builder_name
        ));
        lines.push(String::new());
        for input in optional {
            lines.push(format!(
                "- [`{name}`]({builder}::{name}): {}",
                first_sentence(&input.docs),
                name = input.name,
                builder = text.builder_name
            ));
        }
    }
    lines.push(String::new());
    lines.push("# Returns".to_string());
    lines.push(String::new());
    let returns = match text.pagination {
        Some(p) => format!(
            "A [`Page`](crate::Page) of {} with the totals the API reports",
            describe_type(&p.item)
        ),
        None => describe_response(text.response),
    };
    match text.success.as_slice() {
        [] => lines.push(format!("{returns} on success.")),
        [(status, description)] => lines.push(format!(
            "{returns} on HTTP {status}: {}",
            sentence(description)
        )),
        many => {
            lines.push(format!("{returns} on success:"));
            lines.push(String::new());
            for (status, description) in many {
                lines.push(format!("- HTTP {status}: {}", sentence(description)));
            }
        }
    }
    if let Some(p) = text.pagination {
        lines.push(String::new());
        lines.push(format!(
            "The list is page-numbered: set [`{page}`]({builder}::{page}) to go to a page, or use [`pages`]({builder}::pages), [`items`]({builder}::items) and [`collect`]({builder}::collect) to go through all of them.",
            page = p.page_input,
            builder = text.builder_name
        ));
    }
    lines.push(String::new());
    lines.push("# Errors".to_string());
    lines.push(String::new());
    lines.extend(error_lines(text));
    lines
}

/// The `# Errors` list of an operation: the statuses its spec documents, then what the runtime itself returns
/// for this operation: the checks made before sending, files, decoding, and the network.
fn error_lines(text: &OperationText<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    for (status, description) in &text.errors {
        lines.push(format!(
            "- [`Error::Api`](crate::Error::Api) with HTTP {status}: {}",
            sentence(description)
        ));
    }
    let other = if text.errors.is_empty() {
        "an"
    } else {
        "another"
    };
    lines.push(format!(
        "- [`Error::Api`](crate::Error::Api) with {other} error status, with the API's `code` and `message`."
    ));
    let refused = refused_inputs(text);
    if !refused.is_empty() {
        lines.push(format!(
            "- [`Error::InvalidInput`](crate::Error::InvalidInput), before anything is sent, when {}.",
            refused.join("; ")
        ));
    }
    let files: Vec<String> = text
        .inputs
        .iter()
        .filter(|i| is_file(i))
        .map(|i| format!("`{}`", i.name))
        .collect();
    if !files.is_empty() {
        lines.push(format!(
            "- [`Error::File`](crate::Error::File) when {} cannot be read, or its size changes while it is sent.",
            files.join(" or ")
        ));
    }
    match text.response {
        ResponseKind::Json(ty) => lines.push(format!(
            "- [`Error::Decode`](crate::Error::Decode) when the body does not decode as {}.",
            describe_item(ty)
        )),
        ResponseKind::Events(_) | ResponseKind::JsonLines(..) => lines.push(
            "- For the stream's items: the errors listed on [`EventStream`](crate::EventStream)."
                .to_string(),
        ),
        ResponseKind::Empty
        | ResponseKind::Text(_)
        | ResponseKind::Bytes(_)
        | ResponseKind::Redirect => {}
    }
    let repeat = if matches!(text.http_method, "POST") {
        " A `POST` is sent again only when the API cannot have applied it (not sent; `408`, `429`, `503`)."
    } else {
        ""
    };
    lines.push(format!(
        "- [`Error::Timeout`](crate::Error::Timeout), [`Error::Connection`](crate::Error::Connection) or [`Error::Interrupted`](crate::Error::Interrupted) when the network fails and the client's [`RetryPolicy`](crate::RetryPolicy) gives up.{repeat}"
    ));
    lines
}

/// What the runtime refuses before sending this operation, as phrases (`` `asset_id` is empty, `.` or `..` ``).
fn refused_inputs(text: &OperationText<'_>) -> Vec<String> {
    let mut refused = Vec::new();
    let path: Vec<String> = text
        .inputs
        .iter()
        .filter(|i| i.target == InputTarget::Path)
        .map(|i| format!("`{}`", i.name))
        .collect();
    if !path.is_empty() {
        refused.push(format!(
            "{} is empty, `.`, `..` or too long for a URL",
            path.join(" or ")
        ));
    }
    for check in text.checks {
        match check {
            Check::Rule {
                input,
                value,
                require,
                forbid,
                ..
            } => {
                let mut wrong: Vec<String> = require
                    .iter()
                    .map(|(name, _)| format!("`{name}` is not set"))
                    .collect();
                wrong.extend(forbid.iter().map(|(name, _)| format!("`{name}` is set")));
                if !wrong.is_empty() {
                    refused.push(format!("`{input}` is `{value}` and {}", wrong.join(" or ")));
                }
            }
            Check::MaxUpload { input, bytes, .. } => {
                refused.push(format!("`{input}` is larger than {}", byte_size(*bytes)));
            }
        }
    }
    refused
}

/// Whether an input takes files.
fn is_file(input: &Input) -> bool {
    matches!(
        input.target,
        InputTarget::Part(PartKind::File | PartKind::Files)
    ) || (input.target == InputTarget::WholeBody
        && matches!(input.ty, TypeRef::File | TypeRef::Bytes))
}

/// A size for docs: whole MiB or GiB when it is one, bytes otherwise.
fn byte_size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// The doc lines of a request builder.
pub(crate) fn builder_docs(method_path: &str, summary: Option<&str>) -> Vec<String> {
    let mut lines = vec![format!("Request builder for [`{method_path}`].")];
    if let Some(summary) = summary {
        lines.push(String::new());
        lines.push(format!("{}.", summary.trim().trim_end_matches('.')));
    }
    lines.push(String::new());
    lines.push(
        "Set optional parameters with its methods, then `.await` it (or call `send`).".to_string(),
    );
    lines
}

/// Doc lines for an input: its description, plus where it goes on the wire.
pub(crate) fn input_docs(
    description: Vec<String>,
    wire_name: &str,
    target: &InputTarget,
    default: Option<String>,
) -> Vec<String> {
    let mut lines = description;
    let mut notes = Vec::new();
    if let Some(default) = default
        && !lines.iter().any(|l| l.contains("Default"))
    {
        notes.push(format!("Default: `{default}`."));
    }
    notes.push(match target {
        InputTarget::Path => format!("Sent as the `{wire_name}` path segment."),
        InputTarget::Query(_) => format!("Sent as the `{wire_name}` query parameter."),
        InputTarget::Header => format!("Sent as the `{wire_name}` header."),
        InputTarget::BodyField => format!("Sent as the `{wire_name}` field of the body."),
        InputTarget::Part(_) => format!("Sent as the `{wire_name}` part of the multipart body."),
        InputTarget::WholeBody => "Sent as the request body.".to_string(),
    });
    let notes = notes.join(" ");
    // The notes end the description's last paragraph when it is prose; after a list, a table or code, they are a
    // paragraph of their own.
    match lines.last_mut() {
        Some(last) if ends_in_prose(last) => {
            last.push(' ');
            last.push_str(&notes);
        }
        Some(_) => {
            lines.push(String::new());
            lines.push(notes);
        }
        None => lines.push(notes),
    }
    lines
}

/// Whether a rendered doc line is a line of a prose paragraph (not a list item, table row, code, quote or heading).
fn ends_in_prose(line: &str) -> bool {
    let t = line.trim_start();
    let list_item = ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m))
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    !t.is_empty()
        && line.len() == t.len()
        && !list_item
        && !t.starts_with(['|', '>', '#', '`', '<'])
}

/// The first sentence of rendered docs, on one line, for argument lists.
pub(crate) fn first_sentence(docs: &[String]) -> String {
    let paragraph: Vec<&str> = docs
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim())
        .collect();
    let joined = paragraph.join(" ");
    let cut = joined.find(". ").map_or(joined.len(), |i| i + 1);
    let sentence = joined[..cut].trim();
    if sentence.starts_with('>') || sentence.is_empty() {
        "see its docs.".to_string()
    } else {
        sentence.to_string()
    }
}

fn sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        "no description.".to_string()
    } else if text.ends_with('.') {
        text
    } else {
        format!("{text}.")
    }
}
