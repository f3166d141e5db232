//! Turns spec descriptions (Markdown with the docs site's MDX) into rustdoc that builds with warnings denied.
//!
//! - `<Note title="T">…</Note>` (and `Info`, `Warning`, `Tip`) become block quotes headed with the title;
//! - MDX comments `{/* … */}` are dropped; `<br/>` becomes a line break;
//! - site-relative links (`/v1.3/docs/...`) become absolute on the docs site, or plain text without one;
//! - bare URLs get angle brackets (`rustdoc::bare_urls`);
//! - outside code, `<` that opens no kept tag becomes `&lt;` (`rustdoc::invalid_html_tags`) and `[x]` that is not a
//!   link is escaped (`rustdoc::broken_intra_doc_links`);
//! - unlabelled code fences become `text` fences and indentation is capped below four spaces, so nothing is
//!   compiled as a doctest.

/// Where site-relative links point.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// e.g. `https://docs.twelvelabs.io`; `None` turns site-relative links into plain text.
    pub site_url: Option<String>,
}

/// MDX components rendered as titled block quotes.
const CALLOUTS: [&str; 5] = ["Note", "Info", "Warning", "Tip", "Callout"];

/// Converts one description into rustdoc lines (without the leading `///`).
pub fn render(text: &str, context: &DocContext) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let text = strip_mdx_comments(&text);
    let text = replace_line_breaks(&text);
    let text = expand_callouts(&text);
    let text = join_table_cells(&text);
    let text = strip_component_tags(&text);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if !in_fence && trimmed.trim() == "```" {
                out.push(format!("{}```text", &line[..line.len() - trimmed.len()]));
            } else {
                out.push(line.trim_end().to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_string());
            continue;
        }
        let indent = (line.len() - trimmed.len()).min(3);
        let body = escape_inline(trimmed.trim_end(), context);
        out.push(format!("{}{}", " ".repeat(indent), body));
    }
    if in_fence {
        out.push("```".to_string());
    }
    let out = end_lists_with_a_blank_line(out);
    // Collapse runs of blank lines and trim blank edges.
    let mut lines: Vec<String> = Vec::new();
    for line in out {
        let blank = line.trim().is_empty();
        if blank && lines.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        lines.push(if blank { String::new() } else { line });
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// A table row continued on the next lines (a cell holding a list, say) is one row in Markdown: the lines are
/// joined, so the table stays a table and no line reads as a lazily continued list item.
fn join_table_cells(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut open_row = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if open_row && !trimmed.is_empty() && !trimmed.starts_with('|') {
            let row = out.last_mut().expect("an open row is a line");
            row.push(' ');
            row.push_str(trimmed);
            open_row = !trimmed.ends_with('|');
            continue;
        }
        open_row = trimmed.starts_with('|') && !trimmed.ends_with('|');
        out.push(line.to_string());
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// Text right after a list item that is not indented under it ends the list in the author's mind, but Markdown
/// reads it as a lazy continuation of the item; a blank line makes it the paragraph it was meant to be.
fn end_lists_with_a_blank_line(lines: Vec<String>) -> Vec<String> {
    let item_content = |line: &str| -> Option<usize> {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker = if trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.starts_with("+ ")
        {
            2
        } else {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && trimmed[digits..].starts_with(". ") {
                digits + 2
            } else {
                return None;
            }
        };
        Some(indent + marker)
    };
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut content_indent: Option<usize> = None;
    let mut in_fence = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence || line.trim().is_empty() {
            if line.trim().is_empty() {
                content_indent = None;
            }
            out.push(line);
            continue;
        }
        if let Some(content) = item_content(&line) {
            content_indent = Some(content);
        } else if let Some(content) = content_indent {
            let indent = line.len() - line.trim_start().len();
            if indent < content {
                out.push(String::new());
                content_indent = None;
            }
        }
        out.push(line);
    }
    out
}

/// Lines that are only an MDX component's tag (`<Accordion title="...">`, `</Accordion>`) frame content the docs
/// site lays out; rustdoc shows the content itself.
fn strip_component_tags(text: &str) -> String {
    let is_tag = |line: &str| {
        let t = line.trim();
        let inner = t.strip_prefix('<').and_then(|t| t.strip_suffix('>'));
        inner.is_some_and(|inner| {
            let name = inner.trim_start_matches('/');
            name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('<')
        })
    };
    text.lines()
        .filter(|line| !is_tag(line))
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_mdx_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/}") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn replace_line_breaks(text: &str) -> String {
    let mut out = text.to_string();
    for tag in ["<br/>", "<br />", "<br>"] {
        out = out.replace(tag, "\n");
    }
    out
}

/// `<Note title="Notes">body</Note>` → `> **Notes**` / `>` / `> body...`.
fn expand_callouts(text: &str) -> String {
    let mut out = text.to_string();
    for tag in CALLOUTS {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        while let Some(start) = out.find(&open) {
            let after_name = start + open.len();
            if !out[after_name..].starts_with([' ', '>', '\n', '/']) {
                break;
            }
            let Some(open_end) = out[start..].find('>').map(|i| start + i) else {
                break;
            };
            let attributes = &out[after_name..open_end];
            let title = attribute(attributes, "title").unwrap_or_else(|| tag.to_string());
            let (body, end) = match out[open_end..].find(&close) {
                Some(i) => (
                    out[open_end + 1..open_end + i].to_string(),
                    open_end + i + close.len(),
                ),
                None => (out[open_end + 1..].to_string(), out.len()),
            };
            let body_lines = dedent(&body);
            let mut block = format!("\n\n> **{title}**\n>\n");
            for line in body_lines {
                if line.is_empty() {
                    block.push_str(">\n");
                } else {
                    block.push_str(&format!("> {line}\n"));
                }
            }
            block.push('\n');
            out.replace_range(start..end, &block);
        }
    }
    out
}

fn attribute(attributes: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = attributes.find(&key)? + key.len();
    let end = attributes[start..].find('"')? + start;
    Some(attributes[start..end].to_string())
}

/// Removes the common indentation of the non-blank lines and blank edges.
fn dedent(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                l[indent.min(l.len())..].trim_end().to_string()
            }
        })
        .collect();
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Escapes one line outside code spans: links, bare URLs, stray `<` and `[x]`.
fn escape_inline(line: &str, context: &DocContext) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // Copy a code span verbatim (up to the matching run of backticks).
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            let fence: String = "`".repeat(run);
            let rest: String = chars[i + run..].iter().collect();
            match rest.find(&fence) {
                Some(end) => {
                    out.push_str(&fence);
                    out.push_str(&rest[..end]);
                    out.push_str(&fence);
                    i += run + rest[..end].chars().count() + run;
                }
                None => {
                    out.push_str(&fence);
                    i += run;
                }
            }
            continue;
        }
        if c == '[' {
            if let Some((consumed, rendered)) = link(&chars[i..], context) {
                out.push_str(&rendered);
                i += consumed;
                continue;
            }
            out.push_str("\\[");
            i += 1;
            continue;
        }
        if c == ']' {
            out.push_str("\\]");
            i += 1;
            continue;
        }
        if c == '<' {
            let rest: String = chars[i..].iter().collect();
            if rest.starts_with("<http://") || rest.starts_with("<https://") {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                out.push_str(&rest[..end]);
                i += rest[..end].chars().count();
                continue;
            }
            out.push_str("&lt;");
            i += 1;
            continue;
        }
        if c == '>' && i > 0 {
            out.push_str("&gt;");
            i += 1;
            continue;
        }
        if c == 'h' {
            let rest: String = chars[i..].iter().collect();
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == ')' || c == '"')
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                i += url.chars().count();
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A Markdown link `[text](target)` at the start of `chars`: how many chars it spans and its rendering.
fn link(chars: &[char], context: &DocContext) -> Option<(usize, String)> {
    let close = chars.iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let text: String = chars[1..close].iter().collect();
    let target: String = chars[close + 2..end].iter().collect();
    let text = escape_inline(&text, &DocContext::default())
        .replace("\\[", "[")
        .replace("\\]", "]");
    let rendered = if target.starts_with("http://") || target.starts_with("https://") {
        format!("[{text}]({target})")
    } else if target.starts_with('/') {
        match &context.site_url {
            Some(site) => format!("[{text}]({}{target})", site.trim_end_matches('/')),
            None => text,
        }
    } else {
        // In-page anchors (`#x`) lead nowhere in rustdoc, and relative links without a leading slash are typos in
        // the source docs (e.g. `0/v1.3/...`): keep the text.
        text
    };
    Some((end + 1, rendered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> DocContext {
        DocContext {
            site_url: Some("https://docs.example.com".to_string()),
        }
    }

    #[test]
    fn notes_become_block_quotes() {
        let text = "Removes assets.\n\n<Note title=\"Notes\">\n  - Only the association.\n  - Not the last one.\n</Note>\n";
        assert_eq!(
            render(text, &site()),
            vec![
                "Removes assets.",
                "",
                "> **Notes**",
                ">",
                "> - Only the association.",
                "> - Not the last one."
            ]
        );
        assert_eq!(
            render("<Info> In beta.</Info>", &site()),
            vec!["> **Info**", ">", "> In beta."]
        );
    }

    #[test]
    fn site_relative_links_become_absolute() {
        let text = "See [Upgrade](/v1.3/docs/plan#upgrade) and [x](https://a.b/c).";
        assert_eq!(
            render(text, &site()),
            vec![
                "See [Upgrade](https://docs.example.com/v1.3/docs/plan#upgrade) and [x](https://a.b/c)."
            ]
        );
        assert_eq!(
            render(text, &DocContext::default()),
            vec!["See Upgrade and [x](https://a.b/c)."]
        );
    }

    #[test]
    fn stray_markup_is_escaped_outside_code() {
        assert_eq!(
            render("Form `undefined <token>` or <token> [key]", &site()),
            vec!["Form `undefined <token>` or &lt;token&gt; \\[key\\]"]
        );
        assert_eq!(
            render("Visit https://x.io/a.", &site()),
            vec!["Visit <https://x.io/a>."]
        );
        assert_eq!(render("a<br/>b", &site()), vec!["a", "b"]);
        assert_eq!(
            render("x {/* hidden\n comment */} y", &site()),
            vec!["x  y"]
        );
    }

    #[test]
    fn nothing_becomes_a_doctest() {
        assert_eq!(
            render("```\ncode\n```", &site()),
            vec!["```text", "code", "```"]
        );
        assert_eq!(
            render("a\n\n        indented", &site()),
            vec!["a", "", "   indented"]
        );
    }
}
