//! Papers' preview images (`preview = "images/swa.png"`): scaled at build time to the width
//! lists show them at and to twice that for high-density screens, each written beside the
//! original in the output (`images/swa.240w.webp`, `images/swa.480w.webp`). A scaled picture is
//! kept in a cache folder under a name made from its source's bytes, so it is made again only
//! when the source changes. SVG is used as it is; a picture already narrow enough too.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// The width lists show a preview at, in CSS pixels (see `.paper-preview` in style.css).
pub const WIDTH: u32 = 240;
/// Sources over this many bytes, or pixels, are refused: no preview needs them, and decoding
/// them would take seconds and hundreds of megabytes.
pub const MAX_BYTES: u64 = 25 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 40_000_000;
/// Changes when what is made from a source changes (widths, encoders), so old cached files
/// are not used.
const CACHE_VERSION: u32 = 1;

/// One preview image, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewImage {
    /// The picture for normal screens (path in the output), and its size in CSS pixels.
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// The picture for high-density screens and its width in pixels, when there is one
    /// larger than `path`'s.
    pub path_2x: Option<(String, u32)>,
    /// Files to put in the output: (path in the output, file on disk).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Whether any picture had to be scaled now (not found in the cache).
    pub scaled: usize,
}

/// Prepares the preview `inside` (a path inside `static/`, found at `source`), scaling into
/// `cache` what is not there yet. The error is a sentence about the picture.
pub fn prepare(inside: &str, source: &Path, cache: &Path) -> Result<PreviewImage, String> {
    let size = std::fs::metadata(source).map_err(|e| format!("cannot be read: {e}"))?.len();
    if size > MAX_BYTES {
        return Err(format!(
            "is {:.1} MB, more than a preview may be ({} MB)",
            size as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    let bytes = std::fs::read(source).map_err(|e| format!("cannot be read: {e}"))?;
    let is_svg = Path::new(inside).extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let (w, h) = svg_size(&bytes)?;
        let height = ((f64::from(WIDTH) * h / w).round() as u32).max(1);
        return Ok(PreviewImage {
            path: inside.to_owned(),
            width: WIDTH,
            height,
            path_2x: None,
            files: Vec::new(),
            scaled: 0,
        });
    }
    let reader = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => f,
        Some(other) => return Err(format!("is {other:?}, which pubsite does not read as a preview")),
        None => return Err("is not a PNG, JPEG, WebP or SVG picture".into()),
    };
    let mut decoder = reader.into_decoder().map_err(|e| format!("is broken: {e}"))?;
    let (mut width, mut height) = decoder.dimensions();
    // A photo turned on its side by its EXIF orientation is shown upright.
    if decoder.orientation().is_ok_and(|o| {
        use image::metadata::Orientation::*;
        matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    }) {
        std::mem::swap(&mut width, &mut height);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!("is {width}×{height} pixels, more than a preview may have (40 megapixels)"));
    }
    if width == 0 || height == 0 {
        return Err("has no pixels".into());
    }
    let css_height = |w: u32| ((f64::from(w) * f64::from(height) / f64::from(width)).round() as u32).max(1);
    if width <= WIDTH {
        // Small enough as it is (checked to decode, so a broken file is found now).
        decode(&bytes)?;
        return Ok(PreviewImage {
            path: inside.to_owned(),
            width,
            height,
            path_2x: None,
            files: Vec::new(),
            scaled: 0,
        });
    }
    let key = source_key(&bytes);
    let extension = if format == ImageFormat::Jpeg { "jpg" } else { "webp" };
    let stem = crate::site::urls::of_file(&Path::new(inside).with_extension(""))
        .unwrap_or_else(|| inside.to_owned());
    let widths: Vec<u32> = if width <= 2 * WIDTH { vec![WIDTH] } else { vec![WIDTH, 2 * WIDTH] };
    let mut decoded: Option<DynamicImage> = None;
    let mut files = Vec::new();
    let mut scaled = 0;
    for &w in &widths {
        let cached = cache.join(format!("{key}.{w}w.{extension}"));
        if !cached.is_file() {
            if decoded.is_none() {
                decoded = Some(decode(&bytes)?);
            }
            let picture = decoded.as_ref().expect("decoded above");
            let made = picture.thumbnail_exact(w, css_height(w));
            let encoded = encode(&made, format).map_err(|e| format!("could not be scaled: {e}"))?;
            write_atomically(&cached, &encoded)
                .map_err(|e| format!("could not be cached in {}: {e}", cache.display()))?;
            scaled += 1;
        }
        files.push((PathBuf::from(format!("{stem}.{w}w.{extension}")), cached));
    }
    let path_of = |w: u32| format!("{stem}.{w}w.{extension}");
    let path_2x = if widths.len() == 2 {
        Some((path_of(2 * WIDTH), 2 * WIDTH))
    } else {
        Some((inside.to_owned(), width))
    };
    Ok(PreviewImage { path: path_of(WIDTH), width: WIDTH, height: css_height(WIDTH), path_2x, files, scaled })
}

/// The picture, turned upright as its EXIF orientation says.
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    decode_upright(bytes).map_err(|e| format!("is broken: {e}"))
}

/// Decodes a picture and turns it upright as its EXIF orientation says (the owner's photo and
/// the previews); the error is the decoder's.
pub(crate) fn decode_upright(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .and_then(|r| r.into_decoder().map_err(std::io::Error::other))
        .map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(orientation) = orientation {
        picture.apply_orientation(orientation);
    }
    Ok(picture)
}

/// JPEG for photographs (quality 82), lossless WebP for figures and screenshots.
fn encode(picture: &DynamicImage, source: ImageFormat) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    if source == ImageFormat::Jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        picture.to_rgb8().write_with_encoder(encoder)?;
    } else if picture.color().has_alpha() {
        let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
        picture.to_rgba8().write_with_encoder(encoder)?;
    } else {
        let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
        picture.to_rgb8().write_with_encoder(encoder)?;
    }
    Ok(out)
}

/// A name for what is made from these source bytes (and this version of the scaling).
fn source_key(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    CACHE_VERSION.hash(&mut hasher);
    bytes.hash(&mut hasher);
    format!("{:016x}{:08x}", hasher.finish(), bytes.len())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

/// An SVG picture's size: its `width` and `height` when both are plain numbers (or pixels),
/// else its `viewBox`.
fn svg_size(bytes: &[u8]) -> Result<(f64, f64), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not a text SVG file".to_owned())?;
    let document = roxmltree::Document::parse(text).map_err(|e| format!("is not a valid SVG file: {e}"))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err("is not an SVG picture (its root is not <svg>)".into());
    }
    let number = |name: &str| {
        root.attribute(name)
            .map(|v| v.trim().trim_end_matches("px"))
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v > 0.0)
    };
    if let (Some(w), Some(h)) = (number("width"), number("height")) {
        return Ok((w, h));
    }
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Ok((w, h)),
        _ => Err("has neither width and height nor a viewBox, so its shape is unknown".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(picture).write_to(Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    /// PNG's chunk checksum (CRC-32, polynomial 0xEDB88320).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_large_picture_is_scaled_to_two_widths_once() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("fig.png");
        std::fs::write(&source, png(1200, 600)).unwrap();
        let cache = dir.path().join("cache");
        let first = prepare("images/fig.png", &source, &cache).unwrap();
        assert_eq!((first.width, first.height, first.scaled), (WIDTH, WIDTH / 2, 2));
        assert_eq!(first.path, "images/fig.240w.webp");
        assert_eq!(first.path_2x, Some(("images/fig.480w.webp".to_owned(), 480)));
        let made = image::load_from_memory(&std::fs::read(&first.files[1].1).unwrap()).unwrap();
        assert_eq!((made.width(), made.height()), (480, 240));
        let again = prepare("images/fig.png", &source, &cache).unwrap();
        assert_eq!(again.scaled, 0, "the cache has both");
        // A changed source is scaled again.
        std::fs::write(&source, png(1000, 1000)).unwrap();
        assert_eq!(prepare("images/fig.png", &source, &cache).unwrap().scaled, 2);
    }

    #[test]
    fn broken_huge_and_shapeless_pictures_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let broken = dir.path().join("b.png");
        let mut bytes = png(600, 400);
        bytes.truncate(bytes.len() / 2);
        std::fs::write(&broken, &bytes).unwrap();
        assert!(prepare("b.png", &broken, &cache).unwrap_err().contains("broken"));
        let text = dir.path().join("t.png");
        std::fs::write(&text, "not a picture").unwrap();
        assert!(prepare("t.png", &text, &cache).is_err());
        let svg = dir.path().join("s.svg");
        std::fs::write(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        assert!(prepare("s.svg", &svg, &cache).unwrap_err().contains("viewBox"));
        std::fs::write(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 100\"/>").unwrap();
        let ok = prepare("s.svg", &svg, &cache).unwrap();
        assert_eq!((ok.width, ok.height, ok.path.as_str()), (WIDTH, 60, "s.svg"));
        // A PNG header claiming 100,000 × 100,000 pixels.
        let mut huge = png(1, 1);
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        let path = dir.path().join("h.png");
        std::fs::write(&path, &huge).unwrap();
        assert!(prepare("h.png", &path, &cache).unwrap_err().contains("megapixels"));
    }
}
