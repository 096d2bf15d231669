//! A small CPU rasterizer for egui's tessellated output.
//!
//! egui turns shapes into triangle meshes ([`ClippedPrimitive`]s) whose vertices carry a position in
//! points, a texture coordinate and a premultiplied sRGB-gamma colour. This module fills those
//! triangles into an [`image::RgbaImage`] the way egui's own GPU backends do:
//!
//! - the vertex colours and texture coordinates are interpolated across each triangle
//!   (barycentric weights at the pixel centre);
//! - the texture (usually egui's font atlas, whose top-left texel is white for solid fills) is
//!   sampled bilinearly, or nearest-neighbour when the texture asks for it;
//! - the fragment colour is `vertex colour × texel`, both premultiplied;
//! - it is blended "over" the image with premultiplied alpha in gamma space, as egui's backends
//!   do (`ONE, ONE_MINUS_SRC_ALPHA`);
//! - each mesh is limited to its clip rectangle, rounded to whole pixels like `egui_glow` does.
//!
//! egui already anti-aliases with feathered edges, so the rasterizer samples once per pixel, at
//! its centre, with a top-left fill rule so that triangles sharing an edge never cover a pixel
//! twice. The final image is un-premultiplied, so a PNG written from it has the right alpha.
//!
//! The rasterizer keeps the textures egui asks for ([`TexturesDelta`]): whole images and partial
//! updates of the font atlas as it grows.

use egui::epaint::textures::{TextureFilter, TextureOptions, TextureWrapMode, TexturesDelta};
use egui::epaint::{ClippedPrimitive, Color32, ImageData, ImageDelta, Primitive, TextureId};
use image::RgbaImage;
use std::collections::HashMap;

/// Below this many pixels, the image is filled on one thread.
const PARALLEL_MIN_PIXELS: usize = 256 * 1024;
/// At most this many threads fill one image.
const MAX_THREADS: usize = 4;

/// One texture: its texels (premultiplied sRGB-gamma) and how to sample it.
#[derive(Clone, Debug)]
struct Texture {
    width: usize,
    height: usize,
    texels: Vec<Color32>,
    nearest: bool,
    wrap: TextureWrapMode,
}

impl Texture {
    fn new(width: usize, height: usize, texels: Vec<Color32>, options: TextureOptions) -> Self {
        Self {
            width,
            height,
            texels,
            nearest: options.magnification == TextureFilter::Nearest,
            wrap: options.wrap_mode,
        }
    }

    /// The texel at integer coordinates, wrapped as the texture asks.
    #[inline]
    fn texel(&self, x: i64, y: i64) -> [f32; 4] {
        let x = wrap(x, self.width, self.wrap);
        let y = wrap(y, self.height, self.wrap);
        match self.texels.get(y * self.width + x) {
            Some(c) => [f32::from(c.r()), f32::from(c.g()), f32::from(c.b()), f32::from(c.a())],
            None => [0.0; 4],
        }
    }

    /// The texture's colour at normalised coordinates, each channel in 0..=1 (premultiplied).
    #[inline]
    fn sample(&self, u: f32, v: f32) -> [f32; 4] {
        const K: f32 = 1.0 / 255.0;
        if self.width == 0 || self.height == 0 || !u.is_finite() || !v.is_finite() {
            return [0.0; 4];
        }
        let x = u * self.width as f32;
        let y = v * self.height as f32;
        if self.nearest {
            let t = self.texel(x.floor() as i64, y.floor() as i64);
            return [t[0] * K, t[1] * K, t[2] * K, t[3] * K];
        }
        let (x, y) = (x - 0.5, y - 0.5);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let t00 = self.texel(x0, y0);
        let t10 = self.texel(x0 + 1, y0);
        let t01 = self.texel(x0, y0 + 1);
        let t11 = self.texel(x0 + 1, y0 + 1);
        let mut out = [0.0; 4];
        for i in 0..4 {
            let top = t00[i] + (t10[i] - t00[i]) * fx;
            let bottom = t01[i] + (t11[i] - t01[i]) * fx;
            out[i] = (top + (bottom - top) * fy) * K;
        }
        out
    }
}

/// A texel coordinate brought inside `0..size`.
#[inline]
fn wrap(i: i64, size: usize, mode: TextureWrapMode) -> usize {
    let n = size.max(1) as i64;
    let i = match mode {
        TextureWrapMode::ClampToEdge => i.clamp(0, n - 1),
        TextureWrapMode::Repeat => i.rem_euclid(n),
        TextureWrapMode::MirroredRepeat => {
            let m = i.rem_euclid(2 * n);
            if m < n { m } else { 2 * n - 1 - m }
        }
    };
    i as usize
}

/// The CPU renderer: the textures egui has asked for, and the triangle filler.
#[derive(Debug, Default)]
pub struct Rasterizer {
    textures: HashMap<TextureId, Texture>,
    /// Textures egui asked to free after the frame they came with was painted.
    pending_free: Vec<TextureId>,
}

impl Rasterizer {
    /// A rasterizer with no textures yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies the texture changes of one egui pass and empties `delta` (so dropping the pass's
    /// output does not complain). New and changed textures take effect at once; textures egui
    /// asks to free stay until the next call, since the pass's own shapes may still use them.
    pub fn handle_delta(&mut self, delta: &mut TexturesDelta) {
        for id in self.pending_free.drain(..) {
            self.textures.remove(&id);
        }
        for (id, deltas) in delta.set.drain() {
            for d in &deltas {
                self.set_texture(id, d);
            }
        }
        self.pending_free.extend(delta.free.drain());
    }

    /// Sets a whole texture, or patches part of one.
    pub fn set_texture(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        let [w, h] = image.size;
        if image.pixels.len() != w * h {
            return; // A malformed image: ignore it rather than read out of bounds.
        }
        match delta.pos {
            None => {
                self.textures.insert(id, Texture::new(w, h, image.pixels.clone(), delta.options));
            }
            Some([x, y]) => {
                let Some(tex) = self.textures.get_mut(&id) else { return };
                if x >= tex.width || y >= tex.height {
                    return;
                }
                let cols = w.min(tex.width - x);
                for row in 0..h.min(tex.height - y) {
                    let src = &image.pixels[row * w..row * w + cols];
                    let start = (y + row) * tex.width + x;
                    tex.texels[start..start + cols].copy_from_slice(src);
                }
            }
        }
    }

    /// Forgets a texture.
    pub fn free_texture(&mut self, id: TextureId) {
        self.textures.remove(&id);
    }

    /// How many textures are kept.
    pub fn texture_count(&self) -> usize {
        self.textures.len()
    }

    /// The size of a kept texture, in texels.
    pub fn texture_size(&self, id: TextureId) -> Option<[usize; 2]> {
        self.textures.get(&id).map(|t| [t.width, t.height])
    }

    /// Fills the primitives into a new image of `size` pixels, first cleared to `clear`
    /// (premultiplied; [`Color32::TRANSPARENT`] for none). Positions are in points and are
    /// multiplied by `pixels_per_point`. Paint callbacks and meshes with unknown textures are
    /// skipped. The returned image has straight (un-premultiplied) alpha.
    pub fn render(
        &self,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        size: [u32; 2],
        clear: Color32,
    ) -> RgbaImage {
        self.render_with(primitives, pixels_per_point, size, clear, true)
    }

    /// [`Self::render`], leaving the image's colours premultiplied by alpha.
    pub fn render_premultiplied(
        &self,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        size: [u32; 2],
        clear: Color32,
    ) -> RgbaImage {
        self.render_with(primitives, pixels_per_point, size, clear, false)
    }

    fn render_with(
        &self,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        size: [u32; 2],
        clear: Color32,
        straight: bool,
    ) -> RgbaImage {
        let [width, height] = size;
        let mut img = if clear == Color32::TRANSPARENT {
            RgbaImage::new(width, height) // zeroed memory straight from the allocator
        } else {
            RgbaImage::from_pixel(width, height, image::Rgba(clear.to_array()))
        };
        if width == 0 || height == 0 {
            return img;
        }
        let jobs = self.prepare(primitives, pixels_per_point, width, height);
        let (w, h) = (width as usize, height as usize);
        let threads = if w * h < PARALLEL_MIN_PIXELS {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_THREADS)
        };
        let band_rows = h.div_ceil(threads);
        let buf: &mut [u8] = &mut img;
        let work = |chunk: &mut [u8], y0: i32, y1: i32| {
            fill_band(&mut Target { buf: chunk, width: w, y0, y1 }, &jobs);
            if straight {
                unpremultiply_bytes(chunk);
            }
        };
        if threads == 1 {
            work(buf, 0, h as i32);
        } else {
            std::thread::scope(|s| {
                for (i, chunk) in buf.chunks_mut(band_rows * w * 4).enumerate() {
                    let y0 = (i * band_rows) as i32;
                    let y1 = y0 + (chunk.len() / (w * 4)) as i32;
                    let work = &work;
                    s.spawn(move || work(chunk, y0, y1));
                }
            });
        }
        img
    }

    /// Turns the meshes into pixel-space jobs: vertices scaled to pixels, colours to floats, clip
    /// rectangles rounded and limited to the image. Meshes clipped away entirely are dropped.
    fn prepare<'a>(
        &'a self,
        primitives: &'a [ClippedPrimitive],
        ppp: f32,
        width: u32,
        height: u32,
    ) -> Vec<Job<'a>> {
        let mut jobs = Vec::with_capacity(primitives.len());
        for p in primitives {
            let Primitive::Mesh(mesh) = &p.primitive else { continue };
            if mesh.indices.is_empty() {
                continue;
            }
            let Some(tex) = self.textures.get(&mesh.texture_id) else { continue };
            let clip = clip_pixels(p.clip_rect, ppp, width, height);
            if clip.x0 >= clip.x1 || clip.y0 >= clip.y1 {
                continue;
            }
            const K: f32 = 1.0 / 255.0;
            let verts = mesh
                .vertices
                .iter()
                .map(|v| {
                    let c = v.color;
                    PVert {
                        x: v.pos.x * ppp,
                        y: v.pos.y * ppp,
                        u: v.uv.x,
                        v: v.uv.y,
                        c: [
                            f32::from(c.r()) * K,
                            f32::from(c.g()) * K,
                            f32::from(c.b()) * K,
                            f32::from(c.a()) * K,
                        ],
                    }
                })
                .collect();
            jobs.push(Job { clip, tex, verts, indices: &mesh.indices });
        }
        jobs
    }
}

/// Straight alpha from premultiplied, in place.
pub fn unpremultiply(img: &mut RgbaImage) {
    unpremultiply_bytes(img);
}

/// Straight alpha from premultiplied, in place, on RGBA bytes.
fn unpremultiply_bytes(buf: &mut [u8]) {
    for px in buf.chunks_exact_mut(4) {
        let a = px[3];
        if a == 255 {
            continue;
        }
        if a == 0 {
            px.copy_from_slice(&[0, 0, 0, 0]);
            continue;
        }
        let a32 = u32::from(a);
        for c in &mut px[..3] {
            *c = ((u32::from(*c) * 255 + a32 / 2) / a32).min(255) as u8;
        }
    }
}

/// A clip rectangle in whole pixels: `x0..x1`, `y0..y1`.
#[derive(Clone, Copy, Debug)]
struct ClipRect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

/// The clip rectangle in pixels, rounded as `egui_glow` does and limited to the image.
fn clip_pixels(r: egui::Rect, ppp: f32, width: u32, height: u32) -> ClipRect {
    let (w, h) = (width.min(i32::MAX as u32) as f32, height.min(i32::MAX as u32) as f32);
    // `as` saturates (and maps NaN to 0), so no value can overflow here.
    let px = |v: f32, max: f32| (v * ppp).round().clamp(0.0, max) as i32;
    let x0 = px(r.min.x, w);
    let y0 = px(r.min.y, h);
    ClipRect { x0, y0, x1: px(r.max.x, w).max(x0), y1: px(r.max.y, h).max(y0) }
}

/// A vertex in pixels, with its colour as floats in 0..=1 (premultiplied).
#[derive(Clone, Copy, Debug)]
struct PVert {
    x: f32,
    y: f32,
    u: f32,
    v: f32,
    c: [f32; 4],
}

/// One mesh ready to fill.
struct Job<'a> {
    clip: ClipRect,
    tex: &'a Texture,
    verts: Vec<PVert>,
    indices: &'a [u32],
}

/// The rows `y0..y1` of the image (a band, so threads can fill bands side by side).
struct Target<'a> {
    buf: &'a mut [u8],
    width: usize,
    y0: i32,
    y1: i32,
}

fn fill_band(t: &mut Target<'_>, jobs: &[Job<'_>]) {
    for job in jobs {
        let clip = ClipRect { y0: job.clip.y0.max(t.y0), y1: job.clip.y1.min(t.y1), ..job.clip };
        if clip.y0 >= clip.y1 {
            continue;
        }
        for tri in job.indices.chunks_exact(3) {
            let (Some(a), Some(b), Some(c)) = (
                job.verts.get(tri[0] as usize),
                job.verts.get(tri[1] as usize),
                job.verts.get(tri[2] as usize),
            ) else {
                continue;
            };
            fill_triangle(t, clip, job.tex, *a, *b, *c);
        }
    }
}

/// One edge of a triangle, directed so that the inside is where its function is positive.
///
/// The function is computed from the edge's lower endpoint (by coordinates) whichever way the edge
/// runs, and negated for the other direction, so two triangles sharing an edge get exactly
/// opposite values and a pixel centre on the edge goes to exactly one of them (top-left rule).
#[derive(Clone, Copy, Debug)]
struct Edge {
    ax: f32,
    ay: f32,
    dx: f32,
    dy: f32,
    sign: f32,
    /// Whether pixel centres exactly on the edge belong to this triangle.
    owns_ties: bool,
    /// The directed edge's deltas, for finding the span of a row.
    ddx: f32,
    ddy: f32,
    dax: f32,
    day: f32,
}

impl Edge {
    fn new(a: &PVert, b: &PVert) -> Self {
        let (ddx, ddy) = (b.x - a.x, b.y - a.y);
        let forward = (a.x, a.y) <= (b.x, b.y);
        let (p, q, sign) = if forward { (a, b, 1.0) } else { (b, a, -1.0) };
        Self {
            ax: p.x,
            ay: p.y,
            dx: q.x - p.x,
            dy: q.y - p.y,
            sign,
            owns_ties: ddy > 0.0 || (ddy == 0.0 && ddx < 0.0),
            ddx,
            ddy,
            dax: a.x,
            day: a.y,
        }
    }

    /// The edge function at a point (positive inside).
    #[inline]
    fn at(&self, px: f32, py: f32) -> f32 {
        self.sign * (self.dx * (py - self.ay) - self.dy * (px - self.ax))
    }

    #[inline]
    fn inside(&self, w: f32) -> bool {
        w > 0.0 || (w == 0.0 && self.owns_ties)
    }

    /// Narrows `lo..=hi` (pixel columns) to those whose centres may be inside this edge on the
    /// row whose centre is at `py`, with a pixel of margin for rounding.
    #[inline]
    fn narrow(&self, py: f32, lo: &mut f32, hi: &mut f32) {
        // w(px) = ddx·(py − ay) − ddy·(px − ax) ≥ 0.
        let k = self.ddx * (py - self.day);
        if self.ddy == 0.0 {
            if k < 0.0 {
                *hi = *lo - 1.0;
            }
        } else {
            let x = self.dax + k / self.ddy - 0.5; // the column whose centre is on the edge
            if self.ddy > 0.0 {
                *hi = hi.min(x.floor() + 1.0);
            } else {
                *lo = lo.max(x.ceil() - 1.0);
            }
        }
    }
}

#[inline]
fn mul4(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]]
}

/// Premultiplied `src` (0..=1) over the pixel.
#[inline]
fn blend(px: &mut [u8], src: [f32; 4]) {
    let inv = 1.0 - src[3];
    for (d, s) in px.iter_mut().zip(src) {
        // `as u8` saturates: negative values become 0, large ones 255.
        *d = (s * 255.0 + f32::from(*d) * inv + 0.5) as u8;
    }
}

fn fill_triangle(t: &mut Target<'_>, clip: ClipRect, tex: &Texture, a: PVert, b: PVert, c: PVert) {
    let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    // Also skips triangles with non-finite coordinates (NaN fails every comparison).
    if !(area.abs() > 1e-9 && area.is_finite()) {
        return;
    }
    let (a, b, c, area) = if area > 0.0 { (a, b, c, area) } else { (a, c, b, -area) };
    let min_x = a.x.min(b.x).min(c.x);
    let max_x = a.x.max(b.x).max(c.x);
    let min_y = a.y.min(b.y).min(c.y);
    let max_y = a.y.max(b.y).max(c.y);
    // Pixel i is covered when its centre i + 0.5 is inside.
    let ix0 = ((min_x - 0.5).ceil().max(clip.x0 as f32)) as i32;
    let ix1 = ((max_x - 0.5).floor().min((clip.x1 - 1) as f32)) as i32;
    let iy0 = ((min_y - 0.5).ceil().max(clip.y0 as f32)) as i32;
    let iy1 = ((max_y - 0.5).floor().min((clip.y1 - 1) as f32)) as i32;
    if ix0 > ix1 || iy0 > iy1 {
        return;
    }
    // Weight of a is the edge b→c, of b the edge c→a, of c the edge a→b.
    let edges = [Edge::new(&b, &c), Edge::new(&c, &a), Edge::new(&a, &b)];
    let inv_area = 1.0 / area;

    let uv_const = a.u == b.u && a.u == c.u && a.v == b.v && a.v == c.v;
    let color_const = a.c == b.c && a.c == c.c;
    let tex_const = if uv_const { Some(tex.sample(a.u, a.v)) } else { None };
    let src_const = match tex_const {
        Some(tc) if color_const => Some(mul4(a.c, tc)),
        _ => None,
    };
    if src_const.is_some_and(|s| s[3] <= 0.0 && s[0] <= 0.0 && s[1] <= 0.0 && s[2] <= 0.0) {
        return; // Fully transparent: nothing to add.
    }

    let row_bytes = t.width * 4;
    for iy in iy0..=iy1 {
        let py = iy as f32 + 0.5;
        let (mut lo, mut hi) = (ix0 as f32, ix1 as f32);
        for e in &edges {
            e.narrow(py, &mut lo, &mut hi);
        }
        if lo > hi {
            continue;
        }
        // The exact span: the first and last covered pixels. Each edge function is linear along
        // the row, so every pixel between two covered ones is covered too.
        let covered = |ix: i32| {
            let px = ix as f32 + 0.5;
            edges.iter().all(|e| e.inside(e.at(px, py)))
        };
        let (mut lo, mut hi) = (lo as i32, hi as i32);
        while lo <= hi && !covered(lo) {
            lo += 1;
        }
        while hi > lo && !covered(hi) {
            hi -= 1;
        }
        if lo > hi {
            continue;
        }
        let row = &mut t.buf[(iy - t.y0) as usize * row_bytes..][..row_bytes];
        let span = &mut row[lo as usize * 4..(hi as usize + 1) * 4];
        if let Some(src) = src_const {
            if src[3] >= 1.0 {
                let c = src.map(|s| (s * 255.0 + 0.5) as u8);
                for px in span.chunks_exact_mut(4) {
                    px.copy_from_slice(&c);
                }
            } else {
                for px in span.chunks_exact_mut(4) {
                    blend(px, src);
                }
            }
            continue;
        }
        for (ix, px_bytes) in (lo..=hi).zip(span.chunks_exact_mut(4)) {
            let px = ix as f32 + 0.5;
            let (w0, w1, w2) = (edges[0].at(px, py), edges[1].at(px, py), edges[2].at(px, py));
            let (l0, l1, l2) = (w0 * inv_area, w1 * inv_area, w2 * inv_area);
            let color = if color_const {
                a.c
            } else {
                let mut col = [0.0; 4];
                for (i, v) in col.iter_mut().enumerate() {
                    *v = a.c[i] * l0 + b.c[i] * l1 + c.c[i] * l2;
                }
                col
            };
            let texel = match tex_const {
                Some(tc) => tc,
                None => tex.sample(a.u * l0 + b.u * l1 + c.u * l2, a.v * l0 + b.v * l1 + c.v * l2),
            };
            let src = mul4(color, texel);
            if src[3] >= 1.0 {
                for (d, s) in px_bytes.iter_mut().zip(src) {
                    *d = (s * 255.0 + 0.5) as u8;
                }
            } else {
                blend(px_bytes, src);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{ColorImage, Mesh, Vertex};
    use egui::{Rect, pos2};

    fn white_texture() -> Rasterizer {
        let mut r = Rasterizer::new();
        let img = ColorImage::new([1, 1], vec![Color32::WHITE]);
        r.set_texture(TextureId::default(), &ImageDelta::full(img, TextureOptions::LINEAR));
        r
    }

    fn quad(x0: f32, y0: f32, x1: f32, y1: f32, color: Color32) -> ClippedPrimitive {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(Rect::from_min_max(pos2(x0, y0), pos2(x1, y1)), color);
        ClippedPrimitive { clip_rect: Rect::EVERYTHING, primitive: Primitive::Mesh(mesh) }
    }

    #[test]
    fn fills_a_rectangle_exactly() {
        let r = white_texture();
        let img = r.render(&[quad(2.0, 1.0, 6.0, 3.0, Color32::RED)], 1.0, [8, 4], Color32::TRANSPARENT);
        for (x, y, p) in img.enumerate_pixels() {
            let inside = (2..6).contains(&x) && (1..3).contains(&y);
            assert_eq!(p.0, if inside { [255, 0, 0, 255] } else { [0, 0, 0, 0] }, "pixel {x},{y}");
        }
    }

    #[test]
    fn shared_edges_are_not_blended_twice() {
        let r = white_texture();
        let half = Color32::from_black_alpha(128);
        let img = r.render(&[quad(0.0, 0.0, 7.3, 5.7, half)], 1.0, [8, 6], Color32::WHITE);
        let values: std::collections::HashSet<u8> =
            img.enumerate_pixels().filter(|(x, y, _)| *x < 7 && *y < 5).map(|(_, _, p)| p.0[0]).collect();
        assert_eq!(values.len(), 1, "a uniform half-transparent quad over white: {values:?}");
    }

    #[test]
    fn clip_rect_and_scale_apply() {
        let r = white_texture();
        let mut p = quad(0.0, 0.0, 4.0, 4.0, Color32::BLUE);
        p.clip_rect = Rect::from_min_max(pos2(1.0, 1.0), pos2(3.0, 3.0));
        let img = r.render(&[p], 2.0, [8, 8], Color32::TRANSPARENT);
        assert_eq!(img.get_pixel(1, 1).0[3], 0);
        assert_eq!(img.get_pixel(2, 2).0, [0, 0, 255, 255]);
        assert_eq!(img.get_pixel(5, 5).0, [0, 0, 255, 255]);
        assert_eq!(img.get_pixel(6, 6).0[3], 0);
    }

    #[test]
    fn interpolates_colours_and_unpremultiplies() {
        let r = white_texture();
        let mut mesh = Mesh::default();
        let v = |x: f32, y: f32, c: Color32| Vertex { pos: pos2(x, y), uv: pos2(0.0, 0.0), color: c };
        let (black, white) = (Color32::BLACK, Color32::WHITE);
        mesh.vertices =
            vec![v(0.0, 0.0, black), v(10.0, 0.0, white), v(10.0, 1.0, white), v(0.0, 1.0, black)];
        mesh.indices = vec![0, 1, 2, 0, 2, 3];
        let p = ClippedPrimitive { clip_rect: Rect::EVERYTHING, primitive: Primitive::Mesh(mesh) };
        let img = r.render(&[p], 1.0, [10, 1], Color32::TRANSPARENT);
        let reds: Vec<u8> = img.pixels().map(|p| p.0[0]).collect();
        assert!(reds.windows(2).all(|w| w[0] < w[1]), "{reds:?}");
        assert!((reds[4] as i32 - 115).abs() <= 2, "{reds:?}");

        let half_red = Color32::from_rgba_premultiplied(100, 0, 0, 128);
        let img = r.render(&[quad(0.0, 0.0, 1.0, 1.0, half_red)], 1.0, [1, 1], Color32::TRANSPARENT);
        assert_eq!(img.get_pixel(0, 0).0, [199, 0, 0, 128]);
    }

    #[test]
    fn partial_texture_updates_and_bilinear_sampling() {
        let mut r = Rasterizer::new();
        let id = TextureId::Managed(7);
        let img = ColorImage::new([4, 1], vec![Color32::BLACK; 4]);
        r.set_texture(id, &ImageDelta::full(img, TextureOptions::LINEAR));
        let patch = ColorImage::new([2, 1], vec![Color32::WHITE; 2]);
        r.set_texture(id, &ImageDelta::partial([2, 0], patch, TextureOptions::LINEAR));
        let tex = &r.textures[&id];
        assert_eq!(tex.sample(0.125, 0.5)[0], 0.0);
        assert!((tex.sample(0.5, 0.5)[0] - 0.5).abs() < 1e-6);
        assert_eq!(tex.sample(0.875, 0.5)[0], 1.0);
        // A patch that does not fit is cut, not a panic.
        let big = ColorImage::new([9, 9], vec![Color32::WHITE; 81]);
        r.set_texture(id, &ImageDelta::partial([3, 0], big, TextureOptions::LINEAR));
        assert_eq!(r.texture_size(id), Some([4, 1]));
    }
}
