//! The owner's photo: shown in a square box of `BOX` CSS pixels, so a larger picture is cut to
//! a square (centred; nearer the top for portraits, where faces are) and scaled to twice the box
//! for sharp high-density screens, then written as a new file beside the original. Smaller
//! pictures and SVG are used as they are.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, ImageReader};

use crate::base::diagnostic::Diagnostic;

/// The photo box's side in CSS pixels (see `.profile-photo` in the theme's style.css).
pub(crate) const BOX: u32 = 160;
/// The side of the emitted picture: twice the box.
const SIDE: u32 = 2 * BOX;
/// Pictures over this many bytes are made again even when their size already fits.
const MAX_BYTES: u64 = 200 * 1024;

/// The photo as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// Path in the output folder, relative to the site root.
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// The made picture, when the original was not used as is.
    pub made: Option<(PathBuf, Vec<u8>)>,
    /// Bytes of the original file, and of the one the page uses.
    pub original_bytes: u64,
    pub bytes: u64,
}

/// Prepares `photo` (a path inside `static/`) from the site's static files.
pub(crate) fn prepare(photo: &str, static_files: &[(PathBuf, PathBuf)]) -> Result<Photo, Diagnostic> {
    let inside = Path::new(photo);
    let Some((_, source)) = static_files.iter().find(|(path, _)| path == inside) else {
        return Err(Diagnostic::new("site.toml", format!("owner.photo `{photo}` is not a file in static/"))
            .with_hint(format!("put the picture at static/{photo}, or fix the path")));
    };
    let bad = |message: String| {
        let shown = crate::site::urls::of_file(inside).unwrap_or_else(|| inside.display().to_string());
        Diagnostic::new(format!("static/{shown}"), message).with_hint("use a JPEG, PNG or SVG picture")
    };
    let bytes = std::fs::read(source).map_err(|e| bad(format!("cannot read the photo: {e}")))?;
    let original_bytes = bytes.len() as u64;
    if inside.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return Ok(Photo {
            path: photo.to_owned(),
            width: BOX,
            height: BOX,
            made: None,
            original_bytes,
            bytes: original_bytes,
        });
    }
    let reader = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| bad(format!("cannot read the photo: {e}")))?;
    let format = reader.format();
    let (width, height) = reader.into_dimensions().map_err(|e| bad(format!("cannot read the photo: {e}")))?;
    if width.min(height) <= SIDE && width == height && original_bytes <= MAX_BYTES {
        return Ok(Photo {
            path: photo.to_owned(),
            width,
            height,
            made: None,
            original_bytes,
            bytes: original_bytes,
        });
    }
    let picture = crate::site::preview::decode_upright(&bytes)
        .map_err(|e| bad(format!("cannot decode the photo: {e}")))?;
    let square = square(&picture);
    let side = square.width().min(SIDE);
    // Area averaging: as sharp as Lanczos when shrinking this much, and several times faster.
    let scaled = square.thumbnail_exact(side, side);
    let (encoded, extension) = if scaled.color().has_alpha() && format == Some(ImageFormat::Png) {
        let mut out = Vec::new();
        scaled.write_to(Cursor::new(&mut out), ImageFormat::Png).map_err(|e| bad(e.to_string()))?;
        (out, "png")
    } else {
        let mut out = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        scaled.into_rgb8().write_with_encoder(encoder).map_err(|e| bad(e.to_string()))?;
        (out, "jpg")
    };
    let stem = inside.file_stem().and_then(|s| s.to_str()).unwrap_or("photo");
    let made = inside.with_file_name(format!("{stem}.{side}px.{extension}"));
    let path = crate::site::urls::of_file(&made).unwrap_or_else(|| made.to_string_lossy().into_owned());
    let bytes = encoded.len() as u64;
    Ok(Photo { path, width: side, height: side, made: Some((made, encoded)), original_bytes, bytes })
}

/// The largest square of `picture`: centred across, and a third of the way down a portrait.
fn square(picture: &DynamicImage) -> DynamicImage {
    let (w, h) = (picture.width(), picture.height());
    let side = w.min(h);
    let x = (w - side) / 2;
    let y = (h - side) / 3;
    picture.crop_imm(x, y, side, side)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(picture).write_to(Cursor::new(&mut out), ImageFormat::Jpeg).unwrap();
        out
    }

    #[test]
    fn a_large_photo_is_cut_square_and_scaled_to_twice_the_box() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("me.jpg");
        std::fs::write(&source, jpeg(1200, 900)).unwrap();
        let photo = prepare("images/me.jpg", &[(PathBuf::from("images/me.jpg"), source)]).unwrap();
        assert_eq!((photo.width, photo.height), (SIDE, SIDE));
        assert_eq!(photo.path, "images/me.320px.jpg");
        let (path, bytes) = photo.made.unwrap();
        assert_eq!(path, PathBuf::from("images/me.320px.jpg"));
        assert_eq!(image::load_from_memory(&bytes).unwrap().width(), SIDE);
    }

    #[test]
    fn a_small_square_photo_is_used_as_is_and_a_missing_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("me.jpg");
        std::fs::write(&source, jpeg(200, 200)).unwrap();
        let files = [(PathBuf::from("me.jpg"), source)];
        let photo = prepare("me.jpg", &files).unwrap();
        assert_eq!((photo.path.as_str(), photo.width, photo.made.is_none()), ("me.jpg", 200, true));
        let missing = prepare("nope.jpg", &files).unwrap_err();
        assert!(missing.message.contains("nope.jpg"));
    }
}
