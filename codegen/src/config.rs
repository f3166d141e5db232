//! Generator settings: what a spec cannot say (the crate's name, where docs live, which environment variable
//! holds the API key). Read from a small YAML file next to the specs (`specs/codegen.yaml`); every key is
//! documented on [`Config`].

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};

/// The name of the settings file inside a specs directory. It is not a spec, so the loader skips it.
pub const CONFIG_FILE_NAME: &str = "codegen.yaml";

/// Generator settings.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Package name of the generated crate (`twelvelabs`).
    pub crate_name: String,
    /// Human name of the API for docs (`TwelveLabs`); defaults to the first spec's title.
    #[serde(default)]
    pub api_name: Option<String>,
    /// Default base URL of the client; defaults to the first `servers` entry of the specs.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Site that site-relative links in descriptions (`/v1.3/docs/...`) are relative to.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Environment variable the client reads the API key from when none is given (`TWELVE_LABS_API_KEY`).
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// Environment variable that `Client::from_env` reads a base URL from, when set (`TWELVE_LABS_BASE_URL`), for
    /// tests and staging servers.
    #[serde(default)]
    pub base_url_env: Option<String>,
    /// Header parameters that carry the API key. Specs exported without `securitySchemes` declare the key as a
    /// required header parameter on every operation; those parameters become client-level authentication.
    #[serde(default = "default_auth_headers")]
    pub auth_headers: Vec<String>,
    /// Prefixes stripped from tag names before they become resource names (the docs exporter writes
    /// `subpackage_entityCollections/entities`).
    #[serde(default = "default_tag_prefixes")]
    pub strip_tag_prefixes: Vec<String>,
    /// What page-numbered lists look like. Every operation that matches gets pagers; see [`Pagination`].
    #[serde(default)]
    pub pagination: Pagination,
    /// `wait_until_...` helpers to generate; see [`Waiter`].
    #[serde(default)]
    pub waiters: Vec<Waiter>,
    /// Settings of single operations, by dotted id (`assets.create`); see [`OperationSettings`].
    #[serde(default)]
    pub operations: BTreeMap<String, OperationSettings>,
    /// The file these settings came from, for diagnostics.
    #[serde(skip)]
    pub file: String,
}

/// The page-numbered list pattern. An operation is paginated when it has an integer query parameter named
/// `page_parameter` and its JSON response is an object with a list property `items_property`; the totals are read
/// from the object `page_info_property` when the response has it. The defaults describe the TwelveLabs API:
/// `?page=2&page_limit=10` answered by `{"data": [...], "page_info": {"page": 2, "total_page": 3, ...}}`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Pagination {
    /// Set to `false` to generate no pagers.
    pub enabled: bool,
    /// The query parameter that selects a page (numbered from 1).
    pub page_parameter: String,
    /// The response property holding the page's items.
    pub items_property: String,
    /// The response property holding the totals.
    pub page_info_property: String,
    /// In the totals: the current page.
    pub page_number_property: String,
    /// In the totals: how many pages there are.
    pub total_pages_property: String,
    /// In the totals: how many items there are.
    pub total_results_property: String,
    /// In the totals: the page size used.
    pub page_size_property: String,
}

impl Default for Pagination {
    fn default() -> Self {
        Self {
            enabled: true,
            page_parameter: "page".to_string(),
            items_property: "data".to_string(),
            page_info_property: "page_info".to_string(),
            page_number_property: "page".to_string(),
            total_pages_property: "total_page".to_string(),
            total_results_property: "total_results".to_string(),
            page_size_property: "limit_per_page".to_string(),
        }
    }
}

/// A helper that polls a read operation until a status property says the resource is done:
/// `client.assets().wait_until_ready(asset_id, WaitOptions::default())`.
///
/// The statuses come from the spec's enum: `success` and `failure` classify some of them, and every other value
/// (including values the SDK does not know) means "still working". `success` values must be in the spec's enum;
/// `failure` may also name values the live API is known to send that the spec does not list.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// The operation that reads the resource (`assets.retrieve`); the waiter takes its required arguments.
    pub operation: String,
    /// The method to generate on the same resource (default `wait_until_ready`).
    #[serde(default = "default_waiter_name")]
    pub name: String,
    /// The response property holding the status (default `status`).
    #[serde(default = "default_status_property")]
    pub status_property: String,
    /// Statuses that end the wait successfully.
    pub success: Vec<String>,
    /// Statuses that end the wait with an error.
    #[serde(default)]
    pub failure: Vec<String>,
}

fn default_waiter_name() -> String {
    "wait_until_ready".to_string()
}

fn default_status_property() -> String {
    "status".to_string()
}

/// What the spec of one operation cannot say.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OperationSettings {
    /// The largest file the operation accepts, in bytes; larger files are refused before anything is sent.
    #[serde(default)]
    pub max_upload_bytes: Option<u64>,
    /// Which combinations of inputs are valid, checked before sending.
    #[serde(default)]
    pub rules: Vec<InputRule>,
}

/// "When input `X` is `v`, inputs `A` must be set and `B` must not be." Inputs are named as on the wire.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InputRule {
    /// The condition: one input and the value it must have.
    #[serde(rename = "if")]
    pub condition: BTreeMap<String, String>,
    /// Optional inputs that must be set when the condition holds.
    #[serde(default)]
    pub require: Vec<String>,
    /// Optional inputs that must not be set when the condition holds.
    #[serde(default)]
    pub forbid: Vec<String>,
}

fn default_auth_headers() -> Vec<String> {
    vec!["x-api-key".to_string()]
}

fn default_tag_prefixes() -> Vec<String> {
    vec!["subpackage_".to_string()]
}

impl Config {
    /// Settings for a crate named `crate_name`, everything else defaulted.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Self {
            crate_name: crate_name.into(),
            api_name: None,
            base_url: None,
            docs_url: None,
            api_key_env: None,
            base_url_env: None,
            auth_headers: default_auth_headers(),
            strip_tag_prefixes: default_tag_prefixes(),
            pagination: Pagination::default(),
            waiters: Vec::new(),
            operations: BTreeMap::new(),
            file: String::new(),
        }
    }

    /// Parses a settings file; `file` names it in the error.
    pub fn from_yaml(text: &str, file: &str) -> Result<Self, Box<Diagnostic>> {
        let parsed: Result<Self, _> = serde_yaml::from_str(text);
        parsed
            .map(|config| Self {
                file: file.to_string(),
                ..config
            })
            .map_err(|error| {
                let mut location = Location::new(file, "");
                if let Some(at) = error.location() {
                    location.line = Some(at.line());
                    location.column = Some(at.column());
                }
                Box::new(Diagnostic::error(
                    location,
                    format!("invalid generator settings: {error}"),
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let error =
            Config::from_yaml("crate_name: x\nbase_ulr: https://a\n", "codegen.yaml").unwrap_err();
        assert!(
            error.message.contains("unknown field `base_ulr`"),
            "{error}"
        );
        assert_eq!(error.location.as_ref().unwrap().line, Some(2));
    }

    #[test]
    fn defaults_recognise_the_exported_api_key_header() {
        let config = Config::from_yaml("crate_name: x", "c").unwrap();
        assert_eq!(
            config,
            Config {
                file: "c".into(),
                ..Config::new("x")
            }
        );
        assert_eq!(config.auth_headers, vec!["x-api-key"]);
    }
}
