//! The file I/O around [`crate::generate`]: reading a specs directory, and comparing or writing the generated
//! files. `cargo xtask codegen`, `--check` and the golden test all go through here.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE_NAME, Config};
use crate::{GenerateError, Generated, GeneratedFile, Settings, SpecInput, generate};

/// The everyday target: `specs/` of the workspace into `sdk/src/generated/`.
#[derive(Debug, Clone)]
pub struct Project {
    /// Workspace root.
    pub root: PathBuf,
    /// Directory of the specs and their `codegen.yaml`.
    pub specs_dir: PathBuf,
    /// Directory the generated modules live in.
    pub out_dir: PathBuf,
    /// The command that regenerates them.
    pub command: String,
}

impl Project {
    /// The SDK of the workspace at `root`.
    pub fn sdk(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            specs_dir: root.join("specs"),
            out_dir: root.join("sdk").join("src").join("generated"),
            root,
            command: "cargo xtask codegen".to_string(),
        }
    }

    /// Reads the specs and settings and generates the files in memory.
    pub fn generate(&self) -> Result<Generated, ProjectError> {
        let (specs, config) = read_specs_dir(&self.specs_dir, &self.root)?;
        let config = config.ok_or_else(|| {
            ProjectError::Io(format!(
                "{} has no {CONFIG_FILE_NAME}",
                self.specs_dir.display()
            ))
        })?;
        Ok(generate(&specs, &config, &Settings::new(&self.command))?)
    }
}

/// Why a project could not be generated.
#[derive(Debug)]
pub enum ProjectError {
    /// Reading the specs failed.
    Io(String),
    /// The generator reported errors.
    Generate(GenerateError),
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(message) => f.write_str(message),
            Self::Generate(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ProjectError {}

impl From<GenerateError> for ProjectError {
    fn from(error: GenerateError) -> Self {
        Self::Generate(error)
    }
}

/// Reads every `.yaml`, `.yml` and `.json` spec in `dir` (not recursing), plus its `codegen.yaml` settings. Spec
/// names are relative to `relative_to`, with `/` separators, so diagnostics and output never hold absolute paths.
pub fn read_specs_dir(
    dir: &Path,
    relative_to: &Path,
) -> Result<(Vec<SpecInput>, Option<Config>), ProjectError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ProjectError::Io(format!("cannot read {}: {e}", dir.display())))?;
    let mut specs = Vec::new();
    let mut config = None;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let is_spec = ["yaml", "yml", "json"]
            .iter()
            .any(|ext| path.extension().is_some_and(|e| e == *ext));
        if !is_spec || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ProjectError::Io(format!("cannot read {}: {e}", path.display())))?;
        let name = display_name(&path, relative_to);
        if file_name == crate::config::CONFIG_FILE_NAME {
            config = Some(Config::from_yaml(&text, &name).map_err(|d| {
                ProjectError::Generate(GenerateError {
                    diagnostics: vec![*d],
                })
            })?);
        } else {
            specs.push(SpecInput::new(name, text));
        }
    }
    Ok((specs, config))
}

/// `path` relative to `base` with `/` separators (or as given when it is not below `base`).
pub fn display_name(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let mut shown = String::new();
    for component in relative.components() {
        match component {
            // The root of an absolute path is its leading `/` (not a part to join with another `/`).
            std::path::Component::RootDir => shown.push('/'),
            other => {
                if !shown.is_empty() && !shown.ends_with('/') {
                    shown.push('/');
                }
                shown.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    shown
}

/// How the files on disk differ from the generated ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The file exists with other contents; holds a unified diff from disk to generated.
    Stale { path: String, diff: String },
    /// The file does not exist.
    Missing { path: String },
    /// A `.rs` file under the output directory that no spec produces any more.
    Orphan { path: String },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stale { path, diff } => write!(f, "{path} is stale:\n{diff}"),
            Self::Missing { path } => write!(f, "{path} is missing"),
            Self::Orphan { path } => write!(f, "{path} is not generated from any spec (an orphan)"),
        }
    }
}

/// Compares generated files with the contents of `dir`. Line endings are normalised before comparing.
pub fn compare(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Difference>> {
    let mut differences = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(existing) => {
                let existing = existing.replace("\r\n", "\n");
                if existing != file.contents {
                    differences.push(Difference::Stale {
                        path: file.path.clone(),
                        diff: unified_diff(&file.path, &existing, &file.contents),
                    });
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                differences.push(Difference::Missing {
                    path: file.path.clone(),
                })
            }
            Err(e) => return Err(e),
        }
    }
    for orphan in rust_files(dir)? {
        if !files.iter().any(|f| f.path == orphan) {
            differences.push(Difference::Orphan { path: orphan });
        }
    }
    Ok(differences)
}

/// Writes the files that differ and deletes orphans; returns what changed.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Difference>> {
    let differences = compare(dir, files)?;
    for difference in &differences {
        match difference {
            Difference::Stale { path, .. } | Difference::Missing { path } => {
                let target = dir.join(path);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let contents = &files
                    .iter()
                    .find(|f| f.path == *path)
                    .expect("a difference names a generated file")
                    .contents;
                std::fs::write(&target, contents)?;
            }
            Difference::Orphan { path } => std::fs::remove_file(dir.join(path))?,
        }
    }
    Ok(differences)
}

/// Writes a standalone crate's files into `dir`; returns how many changed. Files no longer generated are removed
/// only from `src/generated/`, which the generator owns; the rest of the crate's directory is left alone.
pub fn write_crate(dir: &Path, files: &[GeneratedFile]) -> io::Result<usize> {
    let mut changed = 0;
    for file in files {
        let target = dir.join(&file.path);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(file.contents.as_str()) {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, &file.contents)?;
            changed += 1;
        }
    }
    let owned = dir.join("src").join("generated");
    let generated: std::collections::HashSet<&str> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix("src/generated/"))
        .collect();
    for orphan in rust_files(&owned)? {
        if !generated.contains(orphan.as_str()) {
            std::fs::remove_file(owned.join(&orphan))?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// A unified diff with `a/` and `b/` headers, three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Every `.rs` file under `dir`, relative, sorted; none when `dir` does not exist.
fn rust_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(display_name(&path, dir));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_have_one_leading_slash() {
        let base = Path::new("/work/main");
        assert_eq!(
            display_name(Path::new("/tmp/a/b.yaml"), base),
            "/tmp/a/b.yaml"
        );
        assert_eq!(
            display_name(Path::new("/work/main/specs/a.yaml"), base),
            "specs/a.yaml"
        );
        assert_eq!(
            display_name(Path::new("specs/a.yaml"), base),
            "specs/a.yaml"
        );
    }

    #[test]
    fn compare_reports_stale_missing_and_orphans_and_write_fixes_them() {
        let dir = std::env::temp_dir().join(format!("codegen-output-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.rs"), "old\r\n").unwrap();
        std::fs::write(dir.join("sub/orphan.rs"), "x").unwrap();
        let files = vec![
            GeneratedFile {
                path: "a.rs".into(),
                contents: "new\n".into(),
            },
            GeneratedFile {
                path: "b.rs".into(),
                contents: "b\n".into(),
            },
        ];
        let differences = compare(&dir, &files).unwrap();
        assert!(
            matches!(&differences[0], Difference::Stale { path, diff } if path == "a.rs" && diff.contains("-old\n+new")),
            "{differences:?}"
        );
        assert_eq!(
            differences[1],
            Difference::Missing {
                path: "b.rs".into()
            }
        );
        assert_eq!(
            differences[2],
            Difference::Orphan {
                path: "sub/orphan.rs".into()
            }
        );
        write(&dir, &files).unwrap();
        assert!(compare(&dir, &files).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn crlf_checkouts_are_not_stale() {
        let dir = std::env::temp_dir().join(format!("codegen-crlf-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.rs"), "x\r\ny\r\n").unwrap();
        let files = vec![GeneratedFile {
            path: "a.rs".into(),
            contents: "x\ny\n".into(),
        }];
        assert!(compare(&dir, &files).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
