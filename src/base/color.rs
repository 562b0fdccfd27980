//! sRGB colours and WCAG 2 contrast: relative luminance, contrast ratio, and the nearest
//! colour of the same hue (mixed toward black or white) that reaches a contrast.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` or `#rgb` (case-insensitive; the `#` may be left out).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().trim_start_matches('#');
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        match hex.len() {
            6 => Some(Rgb(
                u8::from_str_radix(&hex[0..2], 16).ok()?,
                u8::from_str_radix(&hex[2..4], 16).ok()?,
                u8::from_str_radix(&hex[4..6], 16).ok()?,
            )),
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            _ => None,
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2's relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// WCAG 2's contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The lowest contrast of `colour` on any of `backgrounds`.
pub fn min_contrast(colour: Rgb, backgrounds: &[Rgb]) -> f64 {
    backgrounds.iter().map(|&b| contrast(colour, b)).fold(f64::INFINITY, f64::min)
}

/// `a` mixed with `share` of `b` (0: `a`, 1: `b`).
pub fn mix(a: Rgb, b: Rgb, share: f64) -> Rgb {
    let channel = |x: u8, y: u8| (f64::from(x) * (1.0 - share) + f64::from(y) * share).round() as u8;
    Rgb(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// `colour` if it reaches `ratio` on every background, else the least mix of it with `toward`
/// (black for light backgrounds, white for dark ones) that does.
pub fn with_contrast(colour: Rgb, backgrounds: &[Rgb], ratio: f64, toward: Rgb) -> Rgb {
    if min_contrast(colour, backgrounds) >= ratio {
        return colour;
    }
    (1..=100)
        .map(|step| mix(colour, toward, f64::from(step) / 100.0))
        .find(|&c| min_contrast(c, backgrounds) >= ratio)
        .unwrap_or(toward)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_s_examples() {
        let white = Rgb(255, 255, 255);
        assert!((contrast(Rgb(0, 0, 0), white) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic just-AA grey (4.54:1).
        assert!((contrast(Rgb::parse("#767676").unwrap(), white) - 4.54).abs() < 0.01);
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xaa, 0xbb, 0xcc)));
        assert_eq!(Rgb::parse("blue"), None);
        assert_eq!(Rgb::parse("#12345g"), None);
    }

    #[test]
    fn the_adjusted_colour_reaches_the_ratio() {
        let yellow = Rgb::parse("#ffdd00").unwrap();
        let made = with_contrast(yellow, &[Rgb(255, 255, 255)], 4.5, Rgb(0, 0, 0));
        assert!(contrast(made, Rgb(255, 255, 255)) >= 4.5);
        assert!(made.0 > made.2, "still a yellow-brown: {}", made.hex());
    }
}
