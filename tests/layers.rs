//! The layering rule, read from the source: folders under `src/` are layers, from the bottom
//! `board` < `content` < `file` < `practice` < `render` < `ui` < `cli`. A file uses only its own
//! layer and the layers below it; the engine layers (board, content, file, practice) never use
//! egui, eframe or rfd; and no two source files need each other, directly or in a circle.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first.
const LAYERS: [&str; 7] = ["board", "content", "file", "practice", "render", "ui", "cli"];
/// The layers that must build without a window.
const ENGINE: [&str; 4] = ["board", "content", "file", "practice"];
/// Crates only the app may use.
const UI_CRATES: [&str; 5] = ["egui", "eframe", "rfd", "egui_plot", "egui_kittest"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The file's code without comments (line comments, doc comments and block comments) and without
/// string literals, so that words in prose or messages are not mistaken for uses.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// The layer of a file under `src/` (`None` for `lib.rs` and `main.rs`).
fn layer_of(file: &Path) -> Option<&'static str> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    LAYERS.iter().copied().find(|l| *l == first)
}

/// Every `crate::a::b…` path in the code, as its segments (also inside `use crate::{a, b}`).
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `mlsd_board_crate::`
        }
        let path: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let segs: Vec<String> = path.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
        if segs.is_empty() {
            // `crate::{board::x, file::y}`: take each first segment of the group.
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let segs: Vec<String> =
                        item.trim().split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
                    if !segs.is_empty() {
                        out.push(segs);
                    }
                }
            }
            continue;
        }
        out.push(segs);
    }
    out
}

/// The source file a module path names, when it names one below a layer's root.
fn file_of(segs: &[String]) -> Option<PathBuf> {
    let mut p = src();
    let mut found = None;
    for s in segs.iter().take(3) {
        p = p.join(s);
        let as_file = p.with_extension("rs");
        if as_file.is_file() {
            found = Some(as_file);
        } else if p.join("mod.rs").is_file() {
            found = Some(p.join("mod.rs"));
        } else {
            break;
        }
    }
    found
}

#[test]
fn layers_use_only_the_layers_below_them() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let rank = |l: &str| LAYERS.iter().position(|x| *x == l);
    let mut problems = Vec::new();
    for file in &files {
        let Some(layer) = layer_of(file) else { continue };
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for segs in crate_paths(&code) {
            let Some(used) = rank(&segs[0]) else { continue };
            if used > rank(layer).unwrap() {
                problems.push(format!("{} ({layer}) uses crate::{}", file.display(), segs.join("::")));
            }
        }
    }
    assert!(problems.is_empty(), "upward uses:\n{}", problems.join("\n"));
}

#[test]
fn the_engine_layers_never_use_the_ui_crates() {
    let mut files = Vec::new();
    for layer in ENGINE {
        rust_files(&src().join(layer), &mut files);
    }
    assert!(files.len() > 20, "the engine layers hold the engine ({} files)", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for krate in UI_CRATES {
            for pattern in [format!("{krate}::"), format!("use {krate}"), format!("extern crate {krate}")] {
                let hit = code.match_indices(&pattern).any(|(i, _)| {
                    code[..i].chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                });
                if hit {
                    problems.push(format!("{} uses {krate}", file.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_source_files_need_each_other() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let deps = graph.entry(file.clone()).or_default();
        for segs in crate_paths(&code) {
            // A path to a layer's root names its re-exports, not a file: only paths into a
            // named module make an edge.
            if let Some(target) = file_of(&segs)
                && !target.ends_with("mod.rs")
                && &target != file
            {
                deps.insert(target);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<PathBuf, u8>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|x| x == m).unwrap_or(0);
                    return Some(stack[start..].to_vec());
                }
                0 => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n).copied().unwrap_or(0) == 0
            && let Some(cycle) = visit(n, &graph, &mut state, &mut Vec::new())
        {
            let names: Vec<String> = cycle.iter().map(|p| p.display().to_string()).collect();
            panic!("a circle of files: {}", names.join(" → "));
        }
    }
}

#[test]
fn the_checks_see_what_they_check() {
    // The readers above must find what they look for, or the rules would pass on anything.
    let code = code_of("use crate::ui::app; // crate::cli\nlet s = \"crate::render\"; egui::Color32");
    let paths = crate_paths(&code);
    assert_eq!(paths, vec![vec!["ui".to_owned(), "app".to_owned()]]);
    assert!(code.contains("egui::Color32"));
    assert!(!code.contains("crate::cli"), "comments are left out");
    let grouped = crate_paths("use crate::{board::items::Node, file::format};");
    assert_eq!(grouped.len(), 2);
    assert_eq!(layer_of(&src().join("board").join("items.rs")), Some("board"));
    assert_eq!(
        file_of(&["board".to_owned(), "items".to_owned(), "Node".to_owned()]),
        Some(src().join("board").join("items.rs"))
    );
}
