//! PNGs that reopen as boards: the PNG export carries the board file (its RON text) in a
//! compressed `iTXt` chunk, and [`crate::file::format::load`] reads it back from such a PNG.
//!
//! The chunk's keyword is [`KEYWORD`]; it is written before the image data, so a reader finds it
//! without decoding the pixels. Reading is bounded: the text may not inflate past
//! [`crate::file::format::MAX_FILE_BYTES`], and a PNG whose image is too large to decode is
//! refused with a message rather than read.

use crate::file::read::MAX_FILE_BYTES;
use std::io::Cursor;

/// The keyword of the text chunk that holds the board.
pub const KEYWORD: &str = "mlsd-board";

/// The eight bytes every PNG file starts with.
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Whether `bytes` start like a PNG file.
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// Whether the file at `path` starts like a PNG (false when it cannot be read).
pub fn is_png_file(path: &std::path::Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && is_png(&head)
}

/// Encodes an RGBA image (`width` × `height`, 4 bytes a pixel, straight alpha) as PNG, with
/// `board` (a board file's text) in a compressed `iTXt` chunk when given.
pub fn encode(rgba: &[u8], width: u32, height: u32, board: Option<&str>) -> Result<Vec<u8>, String> {
    let expected = u64::from(width) * u64::from(height) * 4;
    if rgba.len() as u64 != expected {
        return Err(format!(
            "the image has {} bytes, not {expected} for {width}×{height} pixels",
            rgba.len()
        ));
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    if let Some(text) = board {
        let mut chunk = png::text_metadata::ITXtChunk::new(KEYWORD, text);
        chunk.compressed = true;
        chunk.compress_text().map_err(|e| format!("cannot compress the board: {e}"))?;
        writer.write_text_chunk(&chunk).map_err(|e| format!("cannot write the board chunk: {e}"))?;
    }
    writer.write_image_data(rgba).map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    writer.finish().map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    Ok(out)
}

/// The text of the board chunk in `chunks`, if one is there.
fn board_chunk(chunks: &[png::text_metadata::ITXtChunk]) -> Option<Result<String, String>> {
    let chunk = chunks.iter().find(|c| c.keyword == KEYWORD)?;
    let mut chunk = chunk.clone();
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    Some(
        chunk
            .decompress_text_with_limit(limit)
            .and_then(|()| chunk.get_text())
            .map_err(|e| format!("is a PNG whose board chunk is damaged ({e})")),
    )
}

/// The board file text embedded in a PNG file's bytes. The error is the problem in words,
/// without the path: a damaged PNG, a damaged chunk, or a PNG without a board.
pub fn board_text(bytes: &[u8]) -> Result<String, String> {
    if !is_png(bytes) {
        return Err("is not a PNG image".to_owned());
    }
    let limits = png::Limits { bytes: 256 * 1024 * 1024 };
    let decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    let mut reader = decoder.read_info().map_err(|e| format!("is a damaged PNG image ({e})"))?;
    if let Some(found) = board_chunk(&reader.info().utf8_text) {
        return found;
    }
    // Another program may have moved the chunk after the image data: read on to the end.
    let size = reader.output_buffer_size().ok_or("is a PNG image too large to read")?;
    if size > 256 * 1024 * 1024 {
        return Err(
            "is a PNG image without an mlsd-board board inside (and too large to look further)".to_owned()
        );
    }
    let mut buf = vec![0; size];
    reader.next_frame(&mut buf).map_err(|e| format!("is a damaged PNG image ({e})"))?;
    reader.finish().map_err(|e| format!("is a damaged PNG image ({e})"))?;
    match board_chunk(&reader.info().utf8_text) {
        Some(found) => found,
        None => Err("is a PNG image without an mlsd-board board inside; only PNGs exported by mlsd-board \
             (which carry the board) can be opened as boards"
            .to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_text_survives_a_round_trip() {
        let text = "Board(version: 4, title: \"Ünïcode ✓\")\n".repeat(50);
        let png = encode(&[255; 4 * 6], 3, 2, Some(&text)).expect("encodes");
        assert!(is_png(&png));
        assert_eq!(board_text(&png).as_deref(), Ok(text.as_str()));
        // Compressed: 50 copies take far less room than 50 times one.
        assert!(png.len() < text.len() / 4, "{} bytes for {} of text", png.len(), text.len());
    }

    #[test]
    fn a_png_without_a_board_says_so() {
        let png = encode(&[0; 4], 1, 1, None).expect("encodes");
        let e = board_text(&png).expect_err("no board");
        assert!(e.contains("without an mlsd-board board"), "{e}");
        assert!(board_text(b"not a png").expect_err("not png").contains("not a PNG"));
        let mut cut = encode(&[0; 4], 1, 1, Some("x")).expect("encodes");
        cut.truncate(20);
        assert!(board_text(&cut).expect_err("truncated").contains("damaged"));
    }

    #[test]
    fn a_wrong_buffer_size_is_an_error_not_a_panic() {
        assert!(encode(&[0; 3], 1, 1, None).is_err());
    }
}
