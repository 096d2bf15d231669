//! The export formats and exporting a board in any of them: PNG (with the board inside), SVG
//! and the PDF report from the one painter, Excalidraw and Mermaid from the board's data.

use crate::board::Board;
use crate::file::format;
use crate::render::export::{ExportError, ExportOptions, board_scene, encode_png, render_board};
use std::path::Path;

/// The formats a board can be exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A PNG image that also carries the board (it reopens as a board).
    Png,
    /// An SVG drawing: vector shapes, text drawn as glyph outlines.
    Svg,
    /// A PDF session report: the board (vector) on page 1, then the session.
    Pdf,
    /// An Excalidraw scene (`.excalidraw`).
    Excalidraw,
    /// A Mermaid flowchart (`.mmd`).
    Mermaid,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 5] = [Self::Png, Self::Svg, Self::Pdf, Self::Excalidraw, Self::Mermaid];

    /// The file-layer description of this format, to check what an export would overwrite.
    pub fn target(self) -> &'static crate::file::output::ExportFormat {
        use crate::file::output;
        match self {
            Self::Png => &output::PNG,
            Self::Svg => &output::SVG,
            Self::Pdf => &output::PDF,
            Self::Excalidraw => &output::EXCALIDRAW,
            Self::Mermaid => &output::MERMAID,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf => "pdf",
            Self::Excalidraw => "excalidraw",
            Self::Mermaid => "mmd",
        }
    }

    /// The name shown to the user.
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG image (reopens as a board)",
            Self::Svg => "SVG drawing",
            Self::Pdf => "PDF session report",
            Self::Excalidraw => "Excalidraw scene",
            Self::Mermaid => "Mermaid flowchart",
        }
    }

    /// The format whose extension `ext` is (case-insensitive; `.mermaid` is Mermaid too).
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        if ext == "mermaid" {
            return Some(Self::Mermaid);
        }
        Self::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// The format a file name asks for by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(Self::from_extension)
    }

    /// Whether the format is drawn by the painter, so scale, theme, padding, transparency and
    /// the summary band apply (Excalidraw and Mermaid are data: only the theme applies to
    /// Excalidraw, as the scene's theme).
    pub fn is_drawing(self) -> bool {
        matches!(self, Self::Png | Self::Svg | Self::Pdf)
    }
}

/// A finished export: the file's bytes and a few words on what they hold.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// What was made, for a status line: "804×424 px", "3 pages, A4", "12 boxes, 9 arrows".
    pub what: String,
}

/// Exports `board` in `format`, in memory. Every format comes from the same board; the drawn
/// ones (PNG, SVG, PDF) from the same painter and layout. See [`Format`] for which options
/// apply to which format.
pub fn export_bytes(board: &Board, format: Format, opts: &ExportOptions) -> Result<Exported, ExportError> {
    let boxes = |b: &Board| format!("{} boxes, {} arrows", b.nodes.len(), b.edges.len());
    match format {
        Format::Png => {
            let img = render_board(board, opts)?;
            let what = format!("{}×{} px", img.width(), img.height());
            Ok(Exported { bytes: encode_png(&img, Some(board))?, what })
        }
        Format::Svg => {
            let scene = board_scene(board, opts)?;
            let what = format!("{:.0}×{:.0} points", scene.size.x, scene.size.y);
            let title = if board.title.trim().is_empty() { "Untitled board" } else { board.title.trim() };
            Ok(Exported {
                bytes: crate::render::svg::to_svg(&scene, title, f32::from(opts.scale)).into_bytes(),
                what,
            })
        }
        Format::Pdf => {
            let (bytes, pages) = crate::render::pdf::report(board, opts)?;
            let what = format!("{pages} page{}, {}", if pages == 1 { "" } else { "s" }, opts.paper.name());
            Ok(Exported { bytes, what })
        }
        Format::Excalidraw => {
            let json = crate::render::interop::excalidraw(board, opts.theme).map_err(ExportError::Encode)?;
            Ok(Exported { bytes: json.into_bytes(), what: boxes(board) })
        }
        Format::Mermaid => {
            Ok(Exported { bytes: crate::file::mermaid::to_mermaid(board).into_bytes(), what: boxes(board) })
        }
    }
}

/// Exports `board` in `format` and writes it to `path` atomically (nothing half-written is ever
/// left at `path`). Returns what was written.
pub fn export_file(
    board: &Board,
    format: Format,
    opts: &ExportOptions,
    path: &Path,
) -> Result<Exported, ExportError> {
    let out = export_bytes(board, format, opts)?;
    format::write_atomic(path, &out.bytes)?;
    Ok(out)
}
