//! Importing an endpoint as the API's documentation site exports it (`cargo xtask specs import`): a Markdown page
//! holding one OpenAPI document (like seed 003), or the bare document. The document is kept exactly as exported;
//! the file it goes to is named after the operation, so importing a newer export of an endpoint replaces the old
//! file.

use heck::ToKebabCase;
use serde_yaml::Value;

/// An endpoint ready to be written into the specs directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// `entity-collections-entities-delete-assets.yaml`: the resource path of its tags, then its `operationId`.
    pub file_name: String,
    /// The file's contents: a comment naming the source, then the OpenAPI document exactly as exported.
    pub contents: String,
    /// What identifies the operation across exports: method, path and `operationId`.
    pub operation: OperationKey,
}

/// Method, path and `operationId` of the one operation a document holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationKey {
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The `operationId`.
    pub operation_id: String,
}

/// Reads an exported page (Markdown with an `## OpenAPI Specification` YAML block, or the bare YAML document).
pub fn import_export(source_name: &str, text: &str) -> Result<Imported, String> {
    let yaml = extract_document(text)
        .ok_or_else(|| format!("{source_name}: no OpenAPI document found (expected a ```yaml block after `## OpenAPI Specification`, or a YAML document starting with `openapi:`)"))?;
    let doc: Value = serde_yaml::from_str(&yaml)
        .map_err(|e| format!("{source_name}: the OpenAPI document is not valid YAML: {e}"))?;
    let operation = operation_key(&doc).ok_or_else(|| {
        format!(
            "{source_name}: expected exactly one operation under `paths`, with an `operationId`"
        )
    })?;
    let tags = first_tag_path(&doc, &operation);
    let mut words: Vec<String> = tags
        .iter()
        .map(|tag| {
            tag.strip_prefix("subpackage_")
                .unwrap_or(tag)
                .to_kebab_case()
        })
        .collect();
    words.push(operation.operation_id.to_kebab_case());
    let file_name = format!("{}.yaml", words.join("-"));
    let reference = text
        .lines()
        .find_map(|l| l.strip_prefix("Reference: "))
        .map(str::trim);
    let mut contents = format!("# Imported by `cargo xtask specs import` from {source_name}");
    if let Some(reference) = reference {
        contents.push_str(&format!(" ({reference})"));
    }
    contents.push_str(".\n");
    contents.push_str(&yaml);
    if !contents.ends_with('\n') {
        contents.push('\n');
    }
    Ok(Imported {
        file_name,
        contents,
        operation,
    })
}

/// The YAML document: the block after `## OpenAPI Specification` in a page, or the whole text when it is one.
fn extract_document(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A bare document, perhaps after comment lines (the specs directory's own files start with their source).
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or_default();
    if first.starts_with("openapi:") || first.starts_with('{') {
        return Some(text.to_string());
    }
    let after = text.split("## OpenAPI Specification").nth(1)?;
    let start = after.find("```yaml")? + "```yaml".len();
    let body = &after[start..];
    let body = body.strip_prefix('\n').unwrap_or(body);
    let end = body.find("\n```")?;
    Some(format!("{}\n", &body[..end]))
}

/// The one operation of the document.
pub fn operation_key(doc: &Value) -> Option<OperationKey> {
    let paths = doc.get("paths")?.as_mapping()?;
    let mut found = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_mapping()? {
            let method = method.as_str()?;
            if crate::normalize::HTTP_METHODS.contains(&method) {
                found.push(OperationKey {
                    method: method.to_string(),
                    path: path.as_str()?.to_string(),
                    operation_id: operation.get("operationId")?.as_str()?.to_string(),
                });
            }
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// The tag path of the operation (`[entityCollections, entities]`): the exporter writes each tag as the list of
/// its ancestors, the last naming the whole path.
fn first_tag_path(doc: &Value, key: &OperationKey) -> Vec<String> {
    let tag = doc
        .get("paths")
        .and_then(|p| p.get(key.path.as_str()))
        .and_then(|i| i.get(key.method.as_str()))
        .and_then(|o| o.get("tags"))
        .and_then(Value::as_sequence)
        .and_then(|tags| tags.first());
    let last = match tag {
        Some(Value::Sequence(path)) => path.last().and_then(Value::as_str),
        Some(Value::String(tag)) => Some(tag.as_str()),
        _ => None,
    };
    last.map(|t| t.split('/').map(str::to_string).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Remove assets\n\nDELETE https://api.example.com/x\n\nReference: https://docs.example.com/remove\n\n## OpenAPI Specification\n\n```yaml\nopenapi: 3.1.1\ninfo:\n  title: Remove\n  version: endpoint_entityCollections/entities.delete_assets\npaths:\n  /entity-collections/{id}/entities/{eid}/assets:\n    delete:\n      operationId: delete_assets\n      tags:\n        - - subpackage_entityCollections\n          - subpackage_entityCollections/entities\n      responses: {}\n```\n\n## SDK Code Examples\n\n```python\nprint(1)\n```\n";

    #[test]
    fn a_page_becomes_a_file_named_after_its_operation() {
        let imported = import_export("remove.md", PAGE).unwrap();
        assert_eq!(
            imported.file_name,
            "entity-collections-entities-delete-assets.yaml"
        );
        assert!(imported.contents.starts_with(
            "# Imported by `cargo xtask specs import` from remove.md (https://docs.example.com/remove).\nopenapi: 3.1.1\n"
        ));
        assert!(imported.contents.ends_with("      responses: {}\n"));
        assert_eq!(imported.operation.method, "delete");
        assert_eq!(imported.operation.operation_id, "delete_assets");
    }

    #[test]
    fn bare_documents_and_bad_pages() {
        let bare = PAGE
            .split("```yaml\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let imported = import_export("bare.yaml", bare).unwrap();
        assert_eq!(
            imported.file_name,
            "entity-collections-entities-delete-assets.yaml"
        );
        let commented = format!("# Source: somewhere\n{bare}");
        assert_eq!(
            import_export("c.yaml", &commented).unwrap().operation,
            imported.operation
        );
        assert!(import_export("x.md", "# nothing here").is_err());
    }
}
