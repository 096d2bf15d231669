//! The PDF session report, written with krilla.
//!
//! Page 1 is the board: the same vector drawing as the SVG export (the canvas's painter, its
//! shapes turned into paths and glyphs), scaled down to fit the paper when it is larger, on a
//! portrait or landscape page, whichever shows it larger. The pages after it are the session:
//! the problem statement, time per step against its budget, the checklist, the review as the
//! session record holds it (coverage, missing crux components, missing components and
//! connections, the self-rated rubric when present), the back-of-envelope estimate and the looks
//! at strong answers, the interviewer's follow-ups and the notes of every step. The report pages
//! are painted with egui like everything else (so text uses the app's fonts and line breaking)
//! on one tall canvas cut into pages; a paragraph too long for a page goes on to the next, line
//! by line.
//!
//! Text is real PDF text: the glyphs of the app's fonts, embedded as subsets, with their
//! characters, so it can be searched, copied and extracted (`pdftotext`).

use crate::board::Board;
use crate::board::record::Signal;
use crate::content::{catalogue, frameworks, templates};
use crate::practice::steps::{self, clock_text, over_under_text};
use crate::render::export::{ExportError, ExportOptions, board_scene};
use crate::render::outline::{FontBook, Seg};
use crate::render::theme::{Colors, ThemeKind};
use crate::render::vector::{Item, Paint, Rgba, Scene, capture};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineJoin, Stroke as PdfStroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::cell::Cell;
use std::collections::HashMap;

/// Page margin, in points.
const MARGIN: f32 = 48.0;
/// Room kept at the bottom of each page for the page number.
const FOOTER: f32 = 22.0;
/// Report pages beyond this are left out (with a note): a bound on absurd notes.
const MAX_REPORT_PAGES: usize = 400;
/// Body text size.
const BODY: f32 = 10.5;

/// The report as PDF bytes, with its number of pages.
pub fn report(board: &Board, opts: &ExportOptions) -> Result<(Vec<u8>, usize), ExportError> {
    let paper = opts.paper.size();
    // The board page: the board as exported, without the summary band (the report says it all).
    let board_opts = ExportOptions { summary: false, scale: 2, ..opts.clone() };
    let scene = board_scene(board, &board_opts)?;
    let portrait = fit(scene.size, paper);
    let landscape = fit(scene.size, vec2(paper.y, paper.x));
    let page1 = if landscape > portrait * 1.05 { vec2(paper.y, paper.x) } else { paper };

    let title = if board.title.trim().is_empty() {
        "Untitled board".to_owned()
    } else {
        board.title.trim().to_owned()
    };
    let report_pages = Cell::new(1usize);
    let total = Cell::new(0usize);
    let tall = Rect::from_min_size(Pos2::ZERO, vec2(paper.x, paper.y * MAX_REPORT_PAGES as f32));
    let header_h = Cell::new(0.0f32);
    // Page 1's heading.
    let head_shapes = capture(Rect::from_min_size(Pos2::ZERO, page1), 2.0, ThemeKind::Light, |painter| {
        header_h.set(paint_board_heading(painter, board, &title, page1));
    });
    let head = Scene::from_shapes(&head_shapes, Rect::from_min_size(Pos2::ZERO, page1), 2.0);
    // The session pages, on one tall canvas.
    let shapes = capture(tall, 2.0, ThemeKind::Light, |painter| {
        let mut pager = Pager::new(painter, paper);
        paint_session(&mut pager, board, &title);
        report_pages.set(pager.page + 1);
        total.set(pager.page + 2);
        pager.footers(&title, 2, pager.page + 2);
    });
    let pages = report_pages.get();
    let all = Scene::from_shapes(&shapes, tall, 2.0);

    let mut doc = krilla::Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("{title}: session report"))
            .creator("mlsd-board".to_owned())
            .producer("mlsd-board".to_owned()),
    );
    let mut fonts = Fonts::default();
    // Page 1: the heading, then the board scaled into the space below it.
    {
        let settings = PageSettings::from_wh(page1.x, page1.y).ok_or_else(|| bad("the page size"))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        draw_scene(&mut surface, &head, &mut fonts);
        let area = Rect::from_min_max(
            pos2(MARGIN, MARGIN + header_h.get()),
            pos2(page1.x - MARGIN, page1.y - MARGIN - FOOTER),
        );
        let s = fit(scene.size, area.size());
        let offset = pos2(area.center().x - scene.size.x * s / 2.0, area.min.y);
        surface.push_transform(&Transform::from_row(s, 0.0, 0.0, s, offset.x, offset.y));
        draw_scene(&mut surface, &scene, &mut fonts);
        surface.pop();
        let foot_shapes = capture(Rect::from_min_size(Pos2::ZERO, page1), 2.0, ThemeKind::Light, |painter| {
            footer(painter, page1, 0.0, &title, 1, total.get());
        });
        draw_scene(
            &mut surface,
            &Scene::from_shapes(&foot_shapes, Rect::from_min_size(Pos2::ZERO, page1), 2.0),
            &mut fonts,
        );
        surface.finish();
        page.finish();
    }
    // The session pages, cut out of the tall canvas.
    for (i, page_scene) in split(&all, paper, pages).iter().enumerate() {
        let settings =
            PageSettings::from_wh(paper.x, paper.y).ok_or_else(|| bad(&format!("page {}", i + 2)))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        draw_scene(&mut surface, page_scene, &mut fonts);
        surface.finish();
        page.finish();
    }
    let bytes = doc.finish().map_err(|e| ExportError::Encode(format!("the PDF cannot be written: {e:?}")))?;
    Ok((bytes, pages + 1))
}

fn bad(what: &str) -> ExportError {
    ExportError::Encode(format!("the PDF cannot be written: {what} is impossible"))
}

/// The scale that fits `content` into `area`, at most 1 (a small board keeps its size).
fn fit(content: Vec2, area: Vec2) -> f32 {
    if content.x <= 0.0 || content.y <= 0.0 {
        return 1.0;
    }
    (area.x / content.x).min(area.y / content.y).clamp(0.0, 1.0)
}

/// The heading of the board page; returns its height (below the top margin).
fn paint_board_heading(painter: &Painter, board: &Board, title: &str, page: Vec2) -> f32 {
    let colors = Colors::of(ThemeKind::Light);
    let width = page.x - 2.0 * MARGIN;
    let mut y = MARGIN;
    let g = painter.layout(title.to_owned(), FontId::proportional(20.0), colors.text, width);
    let h = g.size().y;
    painter.galley(pos2(MARGIN, y), g, colors.text);
    y += h + 4.0;
    let fw = frameworks::get_or_default(&board.framework);
    let case = board.template.as_deref().and_then(templates::find).map(|t| t.title.clone());
    let line = match case {
        Some(c) => format!("Case: {c} · {} · the board", fw.title),
        None => format!("{} · the board", fw.title),
    };
    let g = painter.layout(line, FontId::proportional(BODY), colors.text_weak, width);
    let h = g.size().y;
    painter.galley(pos2(MARGIN, y), g, colors.text_weak);
    y += h + 10.0;
    y - MARGIN
}

/// "title · Page n of m" at the bottom of the page whose top is at `top`.
fn footer(painter: &Painter, page: Vec2, top: f32, title: &str, n: usize, total: usize) {
    let colors = Colors::of(ThemeKind::Light);
    painter.text(
        pos2(page.x / 2.0, top + page.y - MARGIN + 6.0),
        Align2::CENTER_TOP,
        format!("{title} · session report · page {n} of {total}"),
        FontId::proportional(8.5),
        colors.text_weak,
    );
}

/// Lays the report out on a tall canvas of pages stacked one under the other.
struct Pager<'a> {
    painter: &'a Painter,
    page_size: Vec2,
    /// The current page (0-based, among the report pages).
    page: usize,
    /// Where the next thing goes, in canvas points.
    y: f32,
    colors: Colors,
    /// Set once the page limit is reached: nothing more is drawn.
    full: bool,
}

impl<'a> Pager<'a> {
    fn new(painter: &'a Painter, page_size: Vec2) -> Self {
        Self { painter, page_size, page: 0, y: MARGIN, colors: Colors::of(ThemeKind::Light), full: false }
    }

    fn width(&self) -> f32 {
        self.page_size.x - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.page as f32 * self.page_size.y + self.page_size.y - MARGIN - FOOTER
    }

    /// Makes room for `h` points, starting a new page when this one has not got it.
    fn room(&mut self, h: f32) -> bool {
        if self.full {
            return false;
        }
        if self.y + h > self.bottom() {
            if self.page + 1 >= MAX_REPORT_PAGES {
                self.full = true;
                return false;
            }
            self.page += 1;
            self.y = self.page as f32 * self.page_size.y + MARGIN;
        }
        true
    }

    /// Text wrapped to the page width (less `indent`), line by line, each line on the page it
    /// fits on. Newlines in `text` start new lines.
    fn text(&mut self, text: &str, size: f32, color: Color32, indent: f32) {
        let font = FontId::proportional(size);
        let galley =
            self.painter.layout(text.to_owned(), font.clone(), color, (self.width() - indent).max(20.0));
        for row in &galley.rows {
            let line: String = row.row.glyphs.iter().map(|g| g.chr).collect();
            let h = row.row.size.y.max(size * 1.2);
            if !self.room(h) {
                return;
            }
            if !line.trim().is_empty() {
                self.painter.text(pos2(MARGIN + indent, self.y), Align2::LEFT_TOP, line, font.clone(), color);
            }
            self.y += h;
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// A section heading, kept with at least two lines of what follows.
    fn heading(&mut self, text: &str) {
        self.gap(10.0);
        if !self.room(14.0 * 1.3 + 3.0 * BODY * 1.3) {
            return;
        }
        self.painter.text(
            pos2(MARGIN, self.y),
            Align2::LEFT_TOP,
            text,
            FontId::proportional(14.0),
            self.colors.text,
        );
        self.y += 14.0 * 1.3;
        self.painter.hline(MARGIN..=MARGIN + self.width(), self.y, Stroke::new(0.75, self.colors.outline));
        self.y += 6.0;
    }

    fn subheading(&mut self, text: &str) {
        self.gap(4.0);
        if !self.room(2.0 * BODY * 1.3) {
            return;
        }
        self.painter.text(
            pos2(MARGIN, self.y),
            Align2::LEFT_TOP,
            text,
            FontId::proportional(BODY + 1.0),
            self.colors.text,
        );
        self.y += (BODY + 1.0) * 1.35;
    }

    /// One table row: texts at column offsets.
    fn row(&mut self, cells: &[(f32, String, Align2)], color: Color32) {
        let h = BODY * 1.45;
        if !self.room(h) {
            return;
        }
        for (x, text, align) in cells {
            self.painter.text(pos2(MARGIN + x, self.y), *align, text, FontId::proportional(BODY), color);
        }
        self.y += h;
    }

    /// A checklist item: a box, ticked or not, and its text.
    fn check(&mut self, ticked: bool, text: &str) {
        if !self.room(BODY * 1.3) {
            return;
        }
        let r = Rect::from_min_size(pos2(MARGIN + 4.0, self.y + 2.0), Vec2::splat(8.0));
        self.painter.rect_stroke(r, 1, Stroke::new(0.8, self.colors.text_weak), StrokeKind::Inside);
        if ticked {
            self.painter.line(
                vec![
                    r.left_center() + vec2(1.5, 0.0),
                    r.center_bottom() + vec2(-0.5, -1.5),
                    r.right_top() + vec2(-1.0, 1.5),
                ],
                Stroke::new(1.3, self.colors.selection),
            );
        }
        self.text(text, BODY, if ticked { self.colors.text } else { self.colors.text_weak }, 18.0);
    }

    /// The page numbers of every report page, counted from `first`.
    fn footers(&self, title: &str, first: usize, total: usize) {
        for p in 0..=self.page {
            footer(self.painter, self.page_size, p as f32 * self.page_size.y, title, first + p, total);
        }
    }
}

fn level_words(level: u8) -> &'static str {
    match level {
        1 => "missing",
        2 => "weak",
        3 => "solid",
        _ => "strong",
    }
}

/// The session pages: problem, time, checklist, review, follow-ups, notes.
fn paint_session(p: &mut Pager<'_>, board: &Board, title: &str) {
    let text = p.colors.text;
    let weak = p.colors.text_weak;
    p.text(title, 20.0, text, 0.0);
    let template = board.template.as_deref().and_then(templates::find);
    let fw = frameworks::get_or_default(&board.framework);
    let sub = match template {
        Some(t) => format!(
            "Session report · {} · {} · {}",
            t.title,
            fw.title,
            templates::difficulty_name(t.difficulty)
        ),
        None => format!("Session report · {}", fw.title),
    };
    p.text(&sub, BODY, weak, 0.0);

    p.heading("Problem");
    let problem = board.session.problem.trim();
    if problem.is_empty() {
        p.text("No problem statement.", BODY, weak, 0.0);
    } else {
        p.text(problem, BODY, text, 0.0);
    }

    let steps = steps::steps(board);
    let summary = steps::summary(board);
    p.heading("Time per step");
    let right = p.width();
    let cols = |a: String, b: String, c: String, d: String, e: String| {
        vec![
            (0.0, a, Align2::LEFT_TOP),
            (300.0, b, Align2::RIGHT_TOP),
            (360.0, c, Align2::RIGHT_TOP),
            (425.0, d, Align2::RIGHT_TOP),
            (right, e, Align2::RIGHT_TOP),
        ]
    };
    p.row(
        &cols("Step".into(), "Budget".into(), "Used".into(), "Over/under".into(), "Checklist".into()),
        weak,
    );
    for (i, r) in summary.rows.iter().enumerate() {
        let pace = steps::pace(r.used_ms, r.budget_min);
        let color = match pace {
            steps::Pace::Over => crate::render::paint::MISSING,
            _ => text,
        };
        p.row(
            &cols(
                format!("{}. {}", i + 1, r.title),
                format!("{} min", r.budget_min),
                clock_text(r.used_ms),
                over_under_text(r.used_ms, r.budget_min),
                format!("{}/{}", r.done, r.total),
            ),
            color,
        );
    }
    let (done, all) = summary.rows.iter().fold((0, 0), |(d, t), r| (d + r.done, t + r.total));
    p.row(
        &cols(
            "Total".into(),
            format!("{} min", summary.budget_min()),
            clock_text(summary.used_ms()),
            over_under_text(summary.used_ms(), summary.budget_min()),
            format!("{done}/{all}"),
        ),
        text,
    );

    p.heading("Checklist");
    for s in &steps {
        if s.checklist.is_empty() {
            continue;
        }
        p.subheading(&format!("{}. {}", s.index + 1, s.title));
        for item in &s.checklist {
            p.check(board.session.is_ticked(&s.id, &item.text), &item.text);
        }
    }

    p.heading("Review");
    match &board.session.review {
        None => p.text(
            "Not reviewed: the review is made when the session is finished and compared with the case's reference.",
            BODY,
            weak,
            0.0,
        ),
        Some(rec) => {
            let name = |k: &str| catalogue::kind_name(k).to_owned();
            let covered = rec.components.iter().filter(|c| c.covered).count();
            let joined = rec.connections.iter().filter(|c| c.covered).count();
            p.text(&format!("Coverage of the reference: {:.0}%", rec.coverage_percent), BODY + 2.0, text, 0.0);
            p.text(
                &format!(
                    "{covered} of {} components and {joined} of {} connections covered.",
                    rec.components.len(),
                    rec.connections.len()
                ),
                BODY,
                text,
                0.0,
            );
            let crux: Vec<String> = template
                .map(|t| {
                    t.review
                        .crux
                        .iter()
                        .filter(|k| rec.components.iter().any(|c| &c.kind == *k && !c.covered))
                        .map(|k| name(k))
                        .collect()
                })
                .unwrap_or_default();
            if !crux.is_empty() {
                p.text(&format!("Crux missing: {}", crux.join(", ")), BODY, crate::render::paint::MISSING, 0.0);
            }
            let missing: Vec<String> = rec.components.iter().filter(|c| !c.covered).map(|c| name(&c.kind)).collect();
            if !missing.is_empty() {
                p.text(&format!("Missing components: {}", missing.join(", ")), BODY, text, 0.0);
            }
            let missing: Vec<String> = rec
                .connections
                .iter()
                .filter(|c| !c.covered)
                .map(|c| format!("{} → {}", name(&c.from), name(&c.to)))
                .collect();
            if !missing.is_empty() {
                p.text(&format!("Missing connections: {}", missing.join("; ")), BODY, text, 0.0);
            }
            let step_names = |list: &[usize]| {
                list.iter()
                    .map(|i| steps.get(*i).map_or(format!("{}", i + 1), |s| format!("{} {}", i + 1, s.title)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !rec.steps_without_stage_box.is_empty() {
                p.text(&format!("Steps without a stage box: {}", step_names(&rec.steps_without_stage_box)), BODY, text, 0.0);
            }
            if !rec.steps_without_components.is_empty() {
                p.text(&format!("Steps without components: {}", step_names(&rec.steps_without_components)), BODY, text, 0.0);
            }
        }
    }
    if !board.session.ratings.is_empty() {
        p.subheading("Rubric (your own rating of each signal, 1 to 4)");
        for signal in Signal::ALL {
            if let Some(r) = board.session.ratings.iter().find(|r| r.signal == signal) {
                p.text(
                    &format!("{}: {} of 4 ({})", signal.name(), r.level, level_words(r.level)),
                    BODY,
                    text,
                    18.0,
                );
            }
        }
    }

    if let Some(inputs) = &board.session.estimate {
        p.heading("Estimates");
        for line in crate::practice::estimate::report_lines(inputs) {
            p.text(&line, BODY, text, 0.0);
        }
    }
    if !board.session.peeks.is_empty() {
        p.heading("Looks at strong answers before Finish");
        for peek in &board.session.peeks {
            let step = steps
                .iter()
                .find(|s| s.id == peek.step)
                .map_or(peek.step.clone(), |s| format!("{} {}", s.index + 1, s.title));
            p.text(&format!("Step {step} at {}", clock_text(peek.at_ms)), BODY, text, 0.0);
        }
    }

    if !board.session.follow_ups.is_empty() {
        p.heading("Interviewer follow-ups");
        for f in &board.session.follow_ups {
            let step = steps.iter().find(|s| s.id == f.step).map_or(f.step.clone(), |s| s.title.clone());
            p.text(&format!("{} ({}, at {})", f.question, step, clock_text(f.at_ms)), BODY, text, 0.0);
        }
    }

    p.heading("Notes");
    let mut any = false;
    for s in &steps {
        let notes = board.session.step(&s.id).map_or("", |r| r.notes.trim());
        if notes.is_empty() {
            continue;
        }
        any = true;
        p.subheading(&format!("{}. {}", s.index + 1, s.title));
        p.text(notes, BODY, text, 0.0);
    }
    if !any {
        p.text("No notes were taken.", BODY, weak, 0.0);
    }
    if p.full {
        // Over the page limit: say so on the last page.
        p.full = false;
        p.y = p.bottom() - BODY * 1.4;
        p.text("… the rest of the report is too long and was left out.", BODY, weak, 0.0);
    }
}

/// The tall canvas cut into `pages` pages of `size`, each with its own coordinates.
fn split(all: &Scene, size: Vec2, pages: usize) -> Vec<Scene> {
    let mut out: Vec<Scene> = (0..pages).map(|_| Scene { size, layers: Vec::new() }).collect();
    let page_of = |y: f32| ((y / size.y).floor().max(0.0) as usize).min(pages.saturating_sub(1));
    for layer in &all.layers {
        for item in &layer.items {
            let top = match item {
                Item::Path { path, .. } => path.iter().filter_map(seg_y).fold(f32::INFINITY, f32::min),
                Item::Text(run) => run.glyphs.first().map_or(f32::INFINITY, |g| g.pos.y - run.size),
            };
            if !top.is_finite() {
                continue;
            }
            let page = page_of(top + 0.5);
            let dy = -(page as f32) * size.y;
            let moved = shift(item, dy);
            let clip = layer.clip.map(|c| c.translate(vec2(0.0, dy)));
            let target = &mut out[page];
            match target.layers.last_mut() {
                Some(l) if l.clip == clip => l.items.push(moved),
                _ => target.layers.push(crate::render::vector::Layer { clip, items: vec![moved] }),
            }
        }
    }
    out
}

fn seg_y(s: &Seg) -> Option<f32> {
    match s {
        Seg::Move([_, y]) | Seg::Line([_, y]) | Seg::Quad(_, [_, y]) | Seg::Cubic(_, _, [_, y]) => Some(*y),
        Seg::Close => None,
    }
}

fn shift(item: &Item, dy: f32) -> Item {
    let m = |[x, y]: [f32; 2]| [x, y + dy];
    match item {
        Item::Path { path, paint } => Item::Path {
            path: path
                .iter()
                .map(|s| match *s {
                    Seg::Move(a) => Seg::Move(m(a)),
                    Seg::Line(a) => Seg::Line(m(a)),
                    Seg::Quad(c, a) => Seg::Quad(m(c), m(a)),
                    Seg::Cubic(c0, c1, a) => Seg::Cubic(m(c0), m(c1), m(a)),
                    Seg::Close => Seg::Close,
                })
                .collect(),
            paint: *paint,
        },
        Item::Text(run) => {
            let mut run = run.clone();
            for g in &mut run.glyphs {
                g.pos.y += dy;
            }
            Item::Text(run)
        }
    }
}

/// krilla's fonts, made once per face.
#[derive(Default)]
struct Fonts(HashMap<usize, Option<Font>>);

impl Fonts {
    fn get(&mut self, face: usize) -> Option<Font> {
        self.0
            .entry(face)
            .or_insert_with(|| {
                let f = FontBook::get().faces.get(face)?;
                Font::new(krilla::Data::from(f.data.clone()), f.index)
            })
            .clone()
    }
}

fn pdf_path(segs: &[Seg]) -> Option<krilla::geom::Path> {
    let mut b = PathBuilder::new();
    for s in segs {
        match *s {
            Seg::Move([x, y]) => b.move_to(x, y),
            Seg::Line([x, y]) => b.line_to(x, y),
            Seg::Quad([cx, cy], [x, y]) => b.quad_to(cx, cy, x, y),
            Seg::Cubic([c0x, c0y], [c1x, c1y], [x, y]) => b.cubic_to(c0x, c0y, c1x, c1y, x, y),
            Seg::Close => b.close(),
        }
    }
    b.finish()
}

fn paint_of(c: Rgba) -> (krilla::paint::Paint, NormalizedF32) {
    let [r, g, b] = c.rgb;
    (
        rgb::Color::new(r, g, b).into(),
        NormalizedF32::new(c.alpha.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
    )
}

/// Draws a scene on a PDF surface: paths, clip rectangles, and text as embedded glyphs.
fn draw_scene(surface: &mut Surface<'_>, scene: &Scene, fonts: &mut Fonts) {
    for layer in &scene.layers {
        let clipped = match layer.clip {
            Some(r) => {
                let rect = crate::render::vector::rounded_rect(r, egui::epaint::CornerRadiusF32::ZERO);
                match pdf_path(&rect) {
                    Some(path) => {
                        surface.push_clip_path(&path, &FillRule::NonZero);
                        true
                    }
                    // An empty clip shows nothing.
                    None => continue,
                }
            }
            None => false,
        };
        for item in &layer.items {
            match item {
                Item::Path { path, paint } => {
                    let Some(path) = pdf_path(path) else { continue };
                    match *paint {
                        Paint::Fill(c) => {
                            let (paint, opacity) = paint_of(c);
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill { paint, opacity, rule: FillRule::NonZero }));
                        }
                        Paint::Stroke { color, width } => {
                            let (paint, opacity) = paint_of(color);
                            surface.set_fill(None);
                            surface.set_stroke(Some(PdfStroke {
                                paint,
                                width,
                                opacity,
                                line_join: LineJoin::Round,
                                ..Default::default()
                            }));
                        }
                    }
                    surface.draw_path(&path);
                }
                Item::Text(run) => {
                    let Some(font) = fonts.get(run.face) else { continue };
                    let Some(first) = run.glyphs.first() else { continue };
                    let size = run.size.max(0.01);
                    let glyphs: Vec<KrillaGlyph> = run
                        .glyphs
                        .iter()
                        .enumerate()
                        .map(|(i, g)| {
                            let next_x = run.glyphs.get(i + 1).map_or(g.pos.x, |n| n.pos.x);
                            KrillaGlyph::new(
                                GlyphId::new(g.id),
                                (next_x - g.pos.x) / size,
                                0.0,
                                (first.pos.y - g.pos.y) / size,
                                0.0,
                                g.text.clone(),
                                None,
                            )
                        })
                        .collect();
                    let (paint, opacity) = paint_of(run.color);
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill { paint, opacity, rule: FillRule::NonZero }));
                    surface.draw_glyphs(
                        Point::from_xy(first.pos.x, first.pos.y),
                        &glyphs,
                        font,
                        &run.text,
                        size,
                        false,
                    );
                }
            }
        }
        if clipped {
            surface.pop();
        }
    }
}
