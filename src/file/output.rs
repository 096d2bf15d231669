//! Checking where an export will go before anything is written: [`check_export_target`].
//!
//! Every export (PNG today; SVG, PDF, Excalidraw, Mermaid later) calls it with its
//! [`ExportFormat`] before rendering. It refuses:
//!
//! - the board being exported, or any of the given source files, under any name (another path, a
//!   symbolic link, a hard link): an export never replaces its own source;
//! - a target that exists and is not a regular file (a folder, a device, a named pipe, a socket);
//! - an existing, non-empty file that does not look like the format being written (a board, a
//!   text file…), unless `force`. An empty file holds nothing to lose and is replaced.
//!
//! The atomic writer ([`crate::file::atomic`]) refuses non-regular targets on its own too.

use crate::file::atomic::resolve_links;
use crate::file::error::FileError;
use crate::file::read::{self, io_problem, not_regular};
use std::path::Path;

/// How many leading bytes of an existing file are given to [`ExportFormat::looks_like`].
pub const HEAD_BYTES: u64 = 4096;

/// A file format an export writes, as far as checking an existing target needs it.
#[derive(Clone, Copy, Debug)]
pub struct ExportFormat {
    /// The format's name in messages: "PNG image".
    pub name: &'static str,
    /// Whether a file whose first bytes (up to [`HEAD_BYTES`]) are these is of this format.
    pub looks_like: fn(&[u8]) -> bool,
}

/// The signature every PNG file starts with.
pub const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// PNG images.
pub const PNG: ExportFormat = ExportFormat { name: "PNG image", looks_like: is_png };

/// SVG drawings.
pub const SVG: ExportFormat = ExportFormat { name: "SVG drawing", looks_like: is_svg };
/// PDF documents.
pub const PDF: ExportFormat = ExportFormat { name: "PDF document", looks_like: is_pdf };
/// Excalidraw scenes.
pub const EXCALIDRAW: ExportFormat = ExportFormat { name: "Excalidraw scene", looks_like: is_excalidraw };
/// Mermaid flowcharts.
pub const MERMAID: ExportFormat = ExportFormat { name: "Mermaid flowchart", looks_like: is_mermaid };

/// Whether `head` starts like an SVG file.
pub fn is_svg(head: &[u8]) -> bool {
    starts_with_text(head, &["<?xml", "<svg"])
}

/// Whether `head` starts like a PDF file.
pub fn is_pdf(head: &[u8]) -> bool {
    head.starts_with(b"%PDF-")
}

/// Whether `head` starts like an Excalidraw scene: a JSON object naming its type.
pub fn is_excalidraw(head: &[u8]) -> bool {
    starts_with_text(head, &["{"]) && head.windows(b"\"excalidraw\"".len()).any(|w| w == b"\"excalidraw\"")
}

/// Whether `head` starts like a Mermaid diagram (a comment, front matter or a diagram keyword).
pub fn is_mermaid(head: &[u8]) -> bool {
    starts_with_text(head, &["%%", "---", "flowchart", "graph"])
}

/// Whether `head` starts like a PNG file.
pub fn is_png(head: &[u8]) -> bool {
    head.starts_with(PNG_SIGNATURE)
}

/// Whether text `head` starts, after an optional UTF-8 byte-order mark and white space, with one
/// of `prefixes` (compared ignoring ASCII case): for text formats, e.g.
/// `starts_with_text(head, &["<?xml", "<svg"])` for SVG.
///
/// ```
/// use mlsd_board::file::output::starts_with_text;
/// assert!(starts_with_text(b"\xEF\xBB\xBF\n  <SVG width='1'>", &["<?xml", "<svg"]));
/// assert!(!starts_with_text(b"Board(version: 4)", &["<?xml", "<svg"]));
/// ```
pub fn starts_with_text(head: &[u8], prefixes: &[&str]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    prefixes.iter().any(|p| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// Checks that writing an export of `format` to `output` is safe (see the module's
/// documentation). `sources` are the files the export is made from (the board); `force` allows
/// replacing an existing file of other content. The error names `output` and the problem.
pub fn check_export_target(
    output: &Path,
    sources: &[&Path],
    format: &ExportFormat,
    force: bool,
) -> Result<(), FileError> {
    let err = |problem: String| FileError { path: output.to_owned(), problem };
    let target = resolve_links(output).map_err(err)?;
    let meta = match std::fs::metadata(&target) {
        Ok(meta) => meta,
        // A new file: the writer checks its folder.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(err(io_problem(&e, "cannot be written"))),
    };
    if let Some(kind) = not_regular(&meta) {
        return Err(err(format!("{kind}, not a regular file; an export is written only to a regular file")));
    }
    for source in sources {
        if same_file(source, &target, &meta) {
            return Err(err(format!(
                "is the board being exported ({}); choose another name for the export",
                source.display()
            )));
        }
    }
    if meta.len() == 0 || force {
        return Ok(());
    }
    let head = read::read_head(&target, HEAD_BYTES)?;
    if (format.looks_like)(&head) {
        return Ok(());
    }
    Err(err(format!(
        "exists and is not a {}, so it was not replaced; choose another name, or pass --force to replace it",
        format.name
    )))
}

/// Whether `path` (links followed) is the file `target`, whose metadata is `target_meta`.
fn same_file(path: &Path, target: &Path, target_meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let _ = target;
        std::fs::metadata(path).is_ok_and(|m| (m.dev(), m.ino()) == (target_meta.dev(), target_meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = target_meta;
        matches!((std::fs::canonicalize(path), std::fs::canonicalize(target)), (Ok(a), Ok(b)) if a == b)
    }
}
