//! The text of every file read in one run, and spans that point into it.
//!
//! Spans carry a file id rather than a path so that they stay small and `Copy`; the map
//! turns them back into `file:line:col` and into miette sources when a diagnostic is shown.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FileId(pub u32);

/// A byte range in one source file.
///
/// Offsets are kept in 32 bits: a file is at most [`MAX_FILE_SIZE`], and a table of
/// 100,000 backends holds about ten spans each, so 12 bytes a span instead of 24 is tens
/// of megabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub file: FileId,
    start: u32,
    end: u32,
}

impl Span {
    /// Offsets past 4 GiB (only text handed to the library, never a file lvsc reads)
    /// are clamped there.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        Span { file, start: offset(start), end: offset(end) }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The smallest span covering both (they must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One file's name (as the user should see it) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of each line's start, so that a place is found by a binary search:
    /// thousands of diagnostics must not each scan the file from its start.
    line_starts: Vec<usize>,
    /// Whether the whole text is ASCII: then a column is a byte count, not a char count
    /// (counting chars from a line's start made one long line of findings quadratic).
    ascii: bool,
}

impl SourceFile {
    /// The 0-based line holding byte `offset`, and that line's start.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|start| *start <= offset).saturating_sub(1);
        (line, self.line_starts[line])
    }

    /// The 0-based column, in characters, of byte `offset` (a char boundary) on its line.
    pub fn column_of(&self, offset: usize) -> usize {
        let (_, line_start) = self.line_of(offset);
        if self.ascii {
            offset - line_start
        } else {
            self.text[line_start..offset].chars().count()
        }
    }

    /// The start of 0-based line `line`, or the end of the text past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.text.len())
    }
}

/// Every file read in one run; [`FileId`]s index into it.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, path: impl AsRef<Path>, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let ascii = text.is_ascii();
        self.files.push(SourceFile { name: name.into(), path: path.as_ref().to_path_buf(), text, line_starts, ascii });
        id
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let source = self.file(file);
        let text = &source.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, _) = source.line_of(offset);
        (line + 1, source.column_of(offset) + 1)
    }

    /// `name:line:col` of a span's start.
    pub fn location(&self, span: Span) -> String {
        let (line, col) = self.line_col(span.file, span.start());
        format!("{}:{}:{}", self.file(span.file).name, line, col)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let text = &self.file(span.file).text;
        text.get(span.start()..span.end()).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Why a file operation failed, in the words every command and importer uses (no
/// `(os error 2)`).
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::InvalidData => "not UTF-8 text".into(),
        ErrorKind::IsADirectory => "it is a directory".into(),
        ErrorKind::FileTooLarge => error.to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// The largest input lvsc reads as one file (a `.lvs` file, an include, an import or a
/// saved table): far above any real table (10,000 services × 10 backends is 4.3 MB),
/// low enough that `lvsc check /dev/zero` or a hostile include stops at once.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A file's text, refused past [`MAX_FILE_SIZE`] (`FileTooLarge`) or when not UTF-8
/// (`InvalidData`).
pub fn read_file(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    // Room for a regular file's whole text at once (not twice it, as doubling leaves).
    let size = file.metadata().map_or(0, |m| m.len().min(MAX_FILE_SIZE + 1));
    read_into(file, Vec::with_capacity(usize::try_from(size).unwrap_or(0)))
}

/// A stream's text (standard input), with the same limit as [`read_file`].
pub fn read_text(reader: impl std::io::Read) -> std::io::Result<String> {
    read_into(reader, Vec::new())
}

fn read_into(reader: impl std::io::Read, mut bytes: Vec<u8>) -> std::io::Result<String> {
    use std::io::Read;
    reader.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than {} MiB, the most lvsc reads as one file", MAX_FILE_SIZE / (1024 * 1024)),
        ));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}
