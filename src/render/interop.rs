//! The render side of the interchange formats: the theme's colours for an Excalidraw scene, and
//! Excalidraw import with the catalogue's label matching.
//!
//! The file layer writes and reads the formats ([`crate::file::excalidraw`],
//! [`crate::file::mermaid`]) without knowing the theme; the colours come from here, from the same
//! [`Colors`] the canvas paints with, so a stage box keeps its stage colour and a note its
//! yellow in Excalidraw too.

use crate::board::{Board, Node, NodeKind};
use crate::content::catalogue;
use crate::file::excalidraw::{self, BoxLook, Imported, Style};
use crate::file::format::{FileError, MAX_FILE_BYTES};
use crate::render::theme::{self, Colors, ThemeKind};
use egui::Color32;
use std::path::Path;

fn rgb(c: Color32) -> [u8; 3] {
    [c.r(), c.g(), c.b()]
}

/// A box's colours as the canvas paints them (the component outline takes the kind's group
/// colour, which the canvas shows as the bar along the box's left side).
pub fn box_look(n: &Node, colors: &Colors) -> BoxLook {
    match &n.kind {
        NodeKind::Stage(s) => BoxLook {
            fill: rgb(colors.stage_fill(*s)),
            stroke: rgb(colors.stage(*s)),
            text: rgb(colors.text),
            stroke_width: 2,
        },
        NodeKind::Component(k) => {
            let group = catalogue::kind(k).map_or("", |(g, _)| g.id.as_str());
            BoxLook {
                fill: rgb(colors.component_fill),
                stroke: rgb(colors.group(group)),
                text: rgb(colors.text),
                stroke_width: 2,
            }
        }
        NodeKind::Note => BoxLook {
            fill: rgb(colors.note_fill),
            stroke: rgb(theme::mix(colors.note_fill, Color32::BLACK, 0.25)),
            text: rgb(colors.note_text),
            stroke_width: 1,
        },
    }
}

/// The board as an Excalidraw scene. Excalidraw keeps light colours and darkens the whole
/// canvas itself in its dark theme, so the scene always has the light theme's colours and
/// `theme` only picks the theme it opens in.
pub fn excalidraw(board: &Board, theme: ThemeKind) -> Result<String, String> {
    let colors = Colors::of(ThemeKind::Light);
    let look = |n: &Node| box_look(n, &colors);
    let style = Style {
        node: &look,
        edge: rgb(colors.edge),
        edge_label: rgb(colors.text_weak),
        background: rgb(colors.background),
        dark: theme == ThemeKind::Dark,
    };
    excalidraw::to_json(board, &style)
}

/// The first catalogue kind a label names, as the review reads labels.
pub fn kind_of_label(label: &str) -> Option<String> {
    crate::practice::review::kinds_named_by(label).first().map(|k| (*k).to_owned())
}

/// Reads the `.excalidraw` file at `path` as a new board titled after the file's name. Every
/// error names the file; nothing on disk is changed.
pub fn import_excalidraw(path: &Path) -> Result<Imported, FileError> {
    let err = |problem: String| FileError { path: path.to_owned(), problem };
    // The safe reader: a regular file only, never waiting on a pipe, never past the limit.
    let bytes = crate::file::read::read_limited(path, MAX_FILE_BYTES, "an Excalidraw file")?;
    let text = crate::file::read::decode_text(&bytes).map_err(err)?;
    let title = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    excalidraw::import(text, &title, &kind_of_label).map_err(err)
}
