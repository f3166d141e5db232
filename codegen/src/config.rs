//! Generator settings: what a spec cannot say (the crate's name, where docs live, which environment variable
//! holds the API key). Read from a small YAML file next to the specs (`specs/codegen.yaml`); every key is
//! documented on [`Config`].

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
    /// Header parameters that carry the API key. Specs exported without `securitySchemes` declare the key as a
    /// required header parameter on every operation; those parameters become client-level authentication.
    #[serde(default = "default_auth_headers")]
    pub auth_headers: Vec<String>,
    /// Prefixes stripped from tag names before they become resource names (the docs exporter writes
    /// `subpackage_entityCollections/entities`).
    #[serde(default = "default_tag_prefixes")]
    pub strip_tag_prefixes: Vec<String>,
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
            auth_headers: default_auth_headers(),
            strip_tag_prefixes: default_tag_prefixes(),
        }
    }

    /// Parses a settings file; `file` names it in the error.
    pub fn from_yaml(text: &str, file: &str) -> Result<Self, Box<Diagnostic>> {
        serde_yaml::from_str(text).map_err(|error| {
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
        assert_eq!(config, Config::new("x"));
        assert_eq!(config.auth_headers, vec!["x-api-key"]);
    }
}
