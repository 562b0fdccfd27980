//! `[theme]` of `site.toml`: the accent colour (with light and dark variants that keep WCAG AA
//! contrast), the font stacks and the switches of the default theme's parts.

use serde::Deserialize;

use crate::base::color::{self, Rgb};
use crate::base::diagnostic::Diagnostic;
use crate::model::profile::Reporter;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTheme {
    accent: Option<toml::Spanned<String>>,
    title_font: Option<toml::Spanned<String>>,
    text_font: Option<toml::Spanned<String>>,
    charts: Option<bool>,
    metrics: Option<bool>,
    filter: Option<bool>,
    previews: Option<bool>,
}

/// The theme settings, resolved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ThemeSettings {
    /// The accent's variants, when `accent` is set.
    pub accent: Option<Accent>,
    /// CSS font stacks for titles and for running text (None: the theme's).
    pub title_font: Option<String>,
    pub text_font: Option<String>,
    /// Whether the home page shows the charts, the metrics and the filter, and whether lists
    /// show preview images.
    pub charts: bool,
    pub metrics: bool,
    pub filter: bool,
    pub previews: bool,
    /// The CSS custom properties these settings set (`:root{...}`), empty for the defaults.
    pub css: String,
}

impl Default for ThemeSettings {
    fn default() -> Self {
        ThemeSettings {
            accent: None,
            title_font: None,
            text_font: None,
            charts: true,
            metrics: true,
            filter: true,
            previews: true,
            css: String::new(),
        }
    }
}

/// An accent colour as the light and the dark theme use it, each with its soft background and
/// the owner's (stronger) colour, all `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Accent {
    pub given: String,
    pub light: String,
    pub light_soft: String,
    pub light_owner: String,
    pub dark: String,
    pub dark_soft: String,
    pub dark_owner: String,
}

/// The theme's page backgrounds (see `--bg` and `--bg-soft` in style.css).
const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb(0xff, 0xff, 0xff), Rgb(0xf5, 0xf6, 0xf8)];
const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb(0x0f, 0x12, 0x16), Rgb(0x18, 0x1c, 0x22)];
/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

/// The accent's variants: the colour itself where it has AA contrast on the theme's
/// backgrounds (and on its own soft background), else the nearest darker (light theme) or
/// lighter (dark theme) colour of the same hue that has. Each variant that differs from the
/// given colour is named in `notes`.
pub fn accent(given: Rgb) -> (Accent, Vec<String>) {
    let mut notes = Vec::new();
    let light_soft = color::mix(LIGHT_BACKGROUNDS[0], given, 0.1);
    let dark_soft = color::mix(DARK_BACKGROUNDS[0], given, 0.22);
    let light_on = [LIGHT_BACKGROUNDS[0], LIGHT_BACKGROUNDS[1], light_soft];
    let dark_on = [DARK_BACKGROUNDS[0], DARK_BACKGROUNDS[1], dark_soft];
    let light = color::with_contrast(given, &light_on, AA, Rgb(0, 0, 0));
    let dark = color::with_contrast(given, &dark_on, AA, Rgb(0xff, 0xff, 0xff));
    for (theme, made, on) in [("light", light, &light_on), ("dark", dark, &dark_on)] {
        if made != given {
            notes.push(format!(
                "the {theme} theme uses {} (contrast {:.1}:1) in place of {} ({:.1}:1)",
                made.hex(),
                color::min_contrast(made, on),
                given.hex(),
                color::min_contrast(given, on)
            ));
        }
    }
    // The owner's name stands out a little more than links do.
    let light_owner =
        color::with_contrast(color::mix(light, Rgb(0, 0, 0), 0.25), &light_on, 7.0, Rgb(0, 0, 0));
    let dark_owner = color::with_contrast(
        color::mix(dark, Rgb(0xff, 0xff, 0xff), 0.35),
        &dark_on,
        7.0,
        Rgb(0xff, 0xff, 0xff),
    );
    let accent = Accent {
        given: given.hex(),
        light: light.hex(),
        light_soft: light_soft.hex(),
        light_owner: light_owner.hex(),
        dark: dark.hex(),
        dark_soft: dark_soft.hex(),
        dark_owner: dark_owner.hex(),
    };
    (accent, notes)
}

/// A font setting: `serif`, `sans` or a CSS font stack of names.
fn font(value: &str) -> Result<String, String> {
    let value = value.trim();
    match value {
        "serif" => Ok("var(--serif)".into()),
        "sans" | "sans-serif" => Ok("var(--sans)".into()),
        "" => Err("is empty".into()),
        _ if value.chars().any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '(' | ')')) => {
            Err("must be a list of font names, such as \"Source Serif 4\", Georgia, serif".into())
        }
        _ => Ok(value.to_owned()),
    }
}

pub(crate) fn settings(raw: RawTheme, r: &mut Reporter, notes: &mut Vec<Diagnostic>) -> ThemeSettings {
    let mut settings = ThemeSettings {
        charts: raw.charts.unwrap_or(true),
        metrics: raw.metrics.unwrap_or(true),
        filter: raw.filter.unwrap_or(true),
        previews: raw.previews.unwrap_or(true),
        ..ThemeSettings::default()
    };
    if let Some(given) = raw.accent {
        match Rgb::parse(given.get_ref()) {
            Some(rgb) => {
                let (accent, said) = accent(rgb);
                for note in said {
                    notes.push(
                        Diagnostic::new(r.path, format!("theme.accent {}: {note}, for WCAG AA", given.get_ref()))
                            .at_offset(r.text, given.span().start)
                            .with_hint("to show one colour in both themes, choose one with 4.5:1 contrast on white and on #0f1216")
                            .warning(),
                    );
                }
                settings.accent = Some(accent);
            }
            None => r.problems.push(
                Diagnostic::new(r.path, format!("theme.accent `{}` is not a colour", given.get_ref()))
                    .at_offset(r.text, given.span().start)
                    .with_hint("write six hexadecimal digits: accent = \"#1d4ed8\""),
            ),
        }
    }
    for (key, value, slot) in [
        ("title_font", raw.title_font, &mut settings.title_font),
        ("text_font", raw.text_font, &mut settings.text_font),
    ] {
        if let Some(value) = value {
            match font(value.get_ref()) {
                Ok(stack) => *slot = Some(stack),
                Err(e) => r.problems.push(
                    Diagnostic::new(r.path, format!("theme.{key} `{}` {e}", value.get_ref()))
                        .at_offset(r.text, value.span().start)
                        .with_hint("write \"serif\", \"sans\" or font names separated by commas"),
                ),
            }
        }
    }
    settings.css = css(&settings);
    settings
}

/// The custom properties of style.css that the settings replace.
fn css(settings: &ThemeSettings) -> String {
    let mut out = String::new();
    if let Some(a) = &settings.accent {
        // On screens only: print keeps its black links.
        out.push_str(&format!(
            "@media screen{{:root{{--accent:light-dark({},{});--accent-soft:light-dark({},{});--owner:light-dark({},{})}}}}",
            a.light, a.dark, a.light_soft, a.dark_soft, a.light_owner, a.dark_owner
        ));
    }
    let mut fonts = String::new();
    if let Some(font) = &settings.title_font {
        fonts.push_str(&format!("--font-title:{font};"));
    }
    if let Some(font) = &settings.text_font {
        fonts.push_str(&format!("--font-text:{font};"));
    }
    if !fonts.is_empty() {
        out.push_str(&format!(":root{{{fonts}}}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(hex: &str) -> Rgb {
        Rgb::parse(hex).unwrap()
    }

    #[test]
    fn a_colour_with_contrast_is_kept_and_a_pale_one_is_darkened() {
        let (kept, notes) = accent(rgb("#1d4ed8"));
        assert_eq!(kept.light, "#1d4ed8");
        assert_eq!(notes.len(), 1, "only the dark theme needs a lighter blue: {notes:?}");
        let (yellow, notes) = accent(rgb("#ffcc00"));
        assert_ne!(yellow.light, "#ffcc00");
        assert_eq!(yellow.dark, "#ffcc00");
        assert_eq!(notes.len(), 1);
        for (a, bgs) in [(&yellow.light, LIGHT_BACKGROUNDS), (&kept.dark, DARK_BACKGROUNDS)] {
            for bg in bgs {
                assert!(color::contrast(rgb(a), bg) >= AA, "{a} on {}", bg.hex());
            }
        }
        assert!(color::contrast(rgb(&yellow.light), rgb(&yellow.light_soft)) >= AA);
        assert!(color::contrast(rgb(&yellow.light_owner), LIGHT_BACKGROUNDS[0]) >= 7.0);
    }

    #[test]
    fn fonts_are_names_or_the_theme_s_stacks() {
        assert_eq!(font("serif").unwrap(), "var(--serif)");
        assert_eq!(font("\"Source Serif 4\", Georgia, serif").unwrap(), "\"Source Serif 4\", Georgia, serif");
        assert!(font("x;}body{display:none").is_err());
        assert!(font("url(evil)").is_err());
    }
}
