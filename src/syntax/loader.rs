//! Reads a root file and everything it includes, depth first.
//!
//! An include path is relative to the file that names it. A file reached twice by
//! different routes (a diamond) is read once, so its clusters are not duplicated; a file
//! that includes one of the files that led to it is a cycle, reported with the chain.
//!
//! Input may come from a stranger's pull request, so includes stay inside the root
//! file's directory tree (or the roots the caller adds): `include "/proc/self/environ"`
//! or `include "../../secrets"` is refused before anything is read, by the path as
//! written and by where its symlinks lead.

use super::ast::{File, Item};
use super::parse;
use crate::diagnostic::{Diagnostic, Label, Problem};
use crate::source::{io_reason, FileId, SourceMap, Span};
use std::path::{Component, Path, PathBuf};

/// The root file and every file it reached, parsed where they could be.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    /// Parsed files in the order they were read (root first).
    pub files: Vec<(FileId, File)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads an included file.
pub type ReadFile<'a> = &'a dyn Fn(&Path) -> std::io::Result<String>;

/// Reads and parses `name` (shown as given) whose text is `text`, then its includes
/// from the file system, inside the root file's directory tree.
pub fn load(name: &str, path: &Path, text: String) -> Loaded {
    load_with(name, path, text, &|p: &Path| crate::source::read_file(p), &[])
}

/// As [`load`], with includes read by `read` (for instance from a git revision) and
/// allowed inside `extra_roots` too.
pub fn load_with(name: &str, path: &Path, text: String, read: ReadFile<'_>, extra_roots: &[PathBuf]) -> Loaded {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let root_dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut roots = vec![normalize(&absolute(root_dir))];
    roots.extend(extra_roots.iter().map(|r| normalize(&absolute(r))));
    let real_roots = roots.iter().map(|r| r.canonicalize().unwrap_or_else(|_| r.clone())).collect();
    let mut loader = Loader { loaded: Loaded::default(), seen: Vec::new(), stack: Vec::new(), read, roots, real_roots };
    let id = loader.loaded.sources.add(name, path, text);
    loader.visit(id, canonical);
    loader.loaded
}

struct Loader<'r> {
    loaded: Loaded,
    read: ReadFile<'r>,
    /// Canonical paths already read.
    seen: Vec<PathBuf>,
    /// Canonical paths of the files now being read, with the include that led to each.
    stack: Vec<(PathBuf, Option<Span>)>,
    /// Where includes may be, as written (absolute, `..` resolved) and with symlinks resolved.
    roots: Vec<PathBuf>,
    real_roots: Vec<PathBuf>,
}

impl Loader<'_> {
    fn visit(&mut self, id: FileId, canonical: PathBuf) {
        self.seen.push(canonical.clone());
        let text = self.loaded.sources.file(id).text.clone();
        let ast = match parse(id, &text) {
            Ok(ast) => ast,
            Err(diagnostics) => {
                self.loaded.diagnostics.extend(diagnostics);
                return;
            }
        };
        let base = self.loaded.sources.file(id).path.parent().map(Path::to_path_buf).unwrap_or_default();
        let includes: Vec<_> = ast
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Include(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        self.loaded.files.push((id, ast));
        self.stack.push((canonical, None));
        for include in includes {
            let path = base.join(&include.value);
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !self.inside_roots(&path, &canonical) {
                let problem = Problem::IncludeOutsideProject { path: include.value.clone() };
                self.loaded.diagnostics.push(problem.at(include.span));
                continue;
            }
            if let Some(position) = self.stack.iter().position(|(p, _)| *p == canonical) {
                self.cycle(position, include.span, &include.value);
                continue;
            }
            if self.seen.contains(&canonical) {
                continue;
            }
            match (self.read)(&path) {
                Ok(text) => {
                    let name = path.to_string_lossy().into_owned();
                    let child = self.loaded.sources.add(name, &path, text);
                    if let Some(top) = self.stack.last_mut() {
                        top.1 = Some(include.span);
                    }
                    self.visit(child, canonical);
                }
                Err(error) => self.loaded.diagnostics.push(
                    Problem::IncludeNotFound { path: path.display().to_string(), reason: io_reason(&error) }
                        .at(include.span),
                ),
            }
        }
        self.stack.pop();
    }

    /// Whether `path` (as written, and where it really leads) lies inside the roots.
    fn inside_roots(&self, path: &Path, canonical: &Path) -> bool {
        let written = normalize(&absolute(path));
        let real = if canonical.exists() { canonical.to_path_buf() } else { written.clone() };
        self.roots.iter().any(|r| written.starts_with(r)) && self.real_roots.iter().any(|r| real.starts_with(r))
    }

    fn cycle(&mut self, position: usize, span: Span, written: &str) {
        let mut diagnostic = Problem::IncludeCycle { written: written.to_string() }.at(span);
        for (_, via) in &self.stack[position..] {
            if let Some(via) = via {
                diagnostic = diagnostic.with_secondary(Label::new(*via, "which includes the next file of the cycle"));
            }
        }
        self.loaded.diagnostics.push(diagnostic);
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `a/b/../c` as `a/c`, without touching the file system (a git revision has no files).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
