//! The words the theme writes, in the site's language: the built-in translations
//! (`locales/<language>.toml`, embedded), with `[translations]` of `site.toml` on top. Counts
//! follow the language's plural rules (CLDR, through `intl_pluralrules`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use crate::base::date::PubDate;
use crate::base::diagnostic::Diagnostic;

/// The built-in translations, by language code.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/en.toml")),
    ("de", include_str!("../../locales/de.toml")),
    ("fr", include_str!("../../locales/fr.toml")),
    ("es", include_str!("../../locales/es.toml")),
    ("it", include_str!("../../locales/it.toml")),
    ("pt", include_str!("../../locales/pt.toml")),
    ("zh", include_str!("../../locales/zh.toml")),
    ("ja", include_str!("../../locales/ja.toml")),
    ("ko", include_str!("../../locales/ko.toml")),
    ("ru", include_str!("../../locales/ru.toml")),
    ("ar", include_str!("../../locales/ar.toml")),
    ("he", include_str!("../../locales/he.toml")),
];

/// Languages written right to left (by their primary code).
const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One message: a text, a count's forms by plural category, or a list (the month names).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Message {
    Text(String),
    Count(BTreeMap<String, String>),
    List(Vec<String>),
}

/// The theme's words in one language.
pub struct Strings {
    /// The language code as `site.toml` gives it (`<html lang>`).
    pub language: String,
    pub right_to_left: bool,
    messages: HashMap<String, Message>,
    rules: PluralRules,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").field("language", &self.language).finish_non_exhaustive()
    }
}

impl Strings {
    /// English, as built in.
    pub fn english() -> Strings {
        let messages = parse_messages(BUILT_IN[0].1).expect("the built-in English strings are valid");
        let rules = PluralRules::create(
            "en".parse::<LanguageIdentifier>().expect("a language code"),
            PluralRuleType::CARDINAL,
        )
        .expect("English has plural rules");
        Strings { language: "en".into(), right_to_left: false, messages, rules }
    }

    /// The text of `key` (empty if it is unknown, which the tests rule out).
    pub fn get(&self, key: &str) -> &str {
        match self.messages.get(key) {
            Some(Message::Text(text)) => text,
            Some(Message::Count(forms)) => forms.get("other").map_or("", String::as_str),
            _ => {
                debug_assert!(false, "no theme string `{key}`");
                ""
            }
        }
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// The form of the count `key` for `n`, with `{n}` (grouped digits) and `values` filled in.
    pub fn count(&self, key: &str, n: u64, values: &[(&str, &str)]) -> String {
        let form = self.count_form(key, n);
        let number = self.number(n);
        let mut all = vec![("n", number.as_str())];
        all.extend_from_slice(values);
        fill(form, &all)
    }

    fn count_form(&self, key: &str, n: u64) -> &str {
        match self.messages.get(key) {
            Some(Message::Count(forms)) => {
                let category = match self.rules.select(n) {
                    Ok(PluralCategory::ZERO) => "zero",
                    Ok(PluralCategory::ONE) => "one",
                    Ok(PluralCategory::TWO) => "two",
                    Ok(PluralCategory::FEW) => "few",
                    Ok(PluralCategory::MANY) => "many",
                    _ => "other",
                };
                forms.get(category).or_else(|| forms.get("other")).map_or("", String::as_str)
            }
            _ => self.get(key),
        }
    }

    /// `9679` with the language's group separator: `9,679`, `9.679`, `9 679`.
    pub fn number(&self, n: u64) -> String {
        let separator = self.get("thousands_separator");
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// The name of month `month` (1 to 12) as a date line writes it.
    pub fn month(&self, month: u32) -> &str {
        self.month_of("months", month)
    }

    fn month_of(&self, list: &str, month: u32) -> &str {
        match self.messages.get(list) {
            Some(Message::List(names)) => names.get(month as usize - 1).map_or("", String::as_str),
            _ => "",
        }
    }

    /// A publication date as precise as it was written: `2021`, `Jul 2021`, `Jul 14, 2021`.
    pub fn date(&self, date: PubDate) -> String {
        let year = format!("{:04}", date.year());
        match (date.month(), date.day_of_month()) {
            (Some(m), Some(d)) => fill(
                self.get("date_day"),
                &[("month", self.month_of("months_with_day", m)), ("day", &d.to_string()), ("year", &year)],
            ),
            (Some(m), None) => fill(self.get("date_month"), &[("month", self.month(m)), ("year", &year)]),
            _ => year,
        }
    }

    /// A calendar day, as `date` writes one to the day.
    pub fn day(&self, day: chrono::NaiveDate) -> String {
        self.date(PubDate::day(day))
    }

    /// Every message, for templates (`t.<key>`; a count is a table of its forms).
    pub fn messages(&self) -> &HashMap<String, Message> {
        &self.messages
    }
}

/// `text` with each `{name}` of `values` replaced.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').map(|end| (&after[..end], &after[end + 1..])) {
            Some((name, tail)) if values.iter().any(|(n, _)| *n == name) => {
                out.push_str(values.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v));
                rest = tail;
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}`s a text uses.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && end > 0 => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

fn parse_messages(text: &str) -> Result<HashMap<String, Message>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    table
        .into_iter()
        .map(|(key, value)| message(&value).map(|m| (key.clone(), m)).map_err(|e| format!("{key}: {e}")))
        .collect()
}

fn message(value: &toml::Value) -> Result<Message, String> {
    match value {
        toml::Value::String(s) => Ok(Message::Text(s.clone())),
        toml::Value::Table(forms) => {
            let mut out = BTreeMap::new();
            for (category, form) in forms {
                if !CATEGORIES.contains(&category.as_str()) {
                    return Err(format!(
                        "`{category}` is not a plural category (zero, one, two, few, many, other)"
                    ));
                }
                let form = form.as_str().ok_or_else(|| format!("the `{category}` form must be a string"))?;
                out.insert(category.clone(), form.to_owned());
            }
            if !out.contains_key("other") {
                return Err("a count needs its `other` form".into());
            }
            Ok(Message::Count(out))
        }
        toml::Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_owned).ok_or_else(|| "a list of strings is expected".to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Message::List),
        _ => Err("a string, a table of plural forms or a list of strings is expected".into()),
    }
}

/// The built-in translation for `language` (`de`, `de-AT`, `pt-BR`: by its primary code).
fn built_in(language: &str) -> Option<&'static str> {
    let primary = primary(language);
    BUILT_IN.iter().find(|(code, _)| *code == primary).map(|(_, text)| *text)
}

fn primary(language: &str) -> String {
    language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// The strings for `language`, with `overrides` (site.toml's `[translations]`) on top. `text`
/// is site.toml's text, to point at the line of a bad override.
pub(crate) fn strings(
    language: &toml::Spanned<String>,
    overrides: &BTreeMap<String, toml::Value>,
    path: &Path,
    text: &str,
) -> Result<Strings, Vec<Diagnostic>> {
    let code = language.get_ref().trim();
    let english = parse_messages(BUILT_IN[0].1).expect("the built-in English strings are valid");
    let mut problems = Vec::new();
    let langid: Option<LanguageIdentifier> = code.parse().ok();
    let Some(langid) = langid else {
        return Err(vec![Diagnostic::new(path, format!("language `{code}` is not a language code"))
            .at_offset(text, language.span().start)
            .with_hint("write a code such as \"en\", \"de\", \"pt-BR\" or \"zh-Hans\"")]);
    };
    let mut messages = match built_in(code) {
        Some(translation) => parse_messages(translation).expect("the built-in translations are valid"),
        None => {
            let missing: Vec<&String> = english.keys().filter(|k| !overrides.contains_key(*k)).collect();
            if !missing.is_empty() {
                let known: Vec<&str> = BUILT_IN.iter().map(|(c, _)| *c).collect();
                return Err(vec![Diagnostic::new(
                    path,
                    format!("language `{code}` has no built-in translation of the theme ({} strings)", english.len()),
                )
                .at_offset(text, language.span().start)
                .with_hint(format!(
                    "use one of {}, or translate every string in [translations] (see docs/guide.md; {} missing, the first `{}`)",
                    known.join(", "),
                    missing.len(),
                    missing.iter().min().map_or("", |k| k.as_str())
                ))]);
            }
            english.clone()
        }
    };
    for (key, value) in overrides {
        let at = |d: Diagnostic| d.at_line(text, override_line(text, key));
        let Some(original) = english.get(key) else {
            let hint = match english
                .keys()
                .max_by(|a, b| strsim::jaro_winkler(a, key).total_cmp(&strsim::jaro_winkler(b, key)))
            {
                Some(near) if strsim::jaro_winkler(near, key) > 0.8 => format!("did you mean `{near}`?"),
                _ => "the keys are those of locales/en.toml (see docs/guide.md)".to_owned(),
            };
            problems.push(at(
                Diagnostic::new(path, format!("[translations] has no string `{key}`")).with_hint(hint)
            ));
            continue;
        };
        let given = match message(value) {
            Ok(m) => m,
            Err(e) => {
                problems.push(at(Diagnostic::new(path, format!("[translations] `{key}`: {e}"))
                    .with_hint("write a string, e.g. abstract = \"Zusammenfassung\"")));
                continue;
            }
        };
        match check_override(key, original, &given) {
            Ok(m) => {
                messages.insert(key.clone(), m);
            }
            Err(e) => problems.push(at(Diagnostic::new(path, format!("[translations] `{key}`: {e}"))
                .with_hint(format!("the English text is {}", shown(original))))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let rules = PluralRules::create(langid.clone(), PluralRuleType::CARDINAL)
        .or_else(|_| {
            PluralRules::create(
                "en".parse::<LanguageIdentifier>().expect("a language code"),
                PluralRuleType::CARDINAL,
            )
        })
        .expect("English has plural rules");
    let right_to_left = RIGHT_TO_LEFT.contains(&primary(code).as_str());
    Ok(Strings { language: code.to_owned(), right_to_left, messages, rules })
}

fn shown(message: &Message) -> String {
    match message {
        Message::Text(t) => format!("\"{t}\""),
        Message::Count(forms) => format!(
            "a count: {}",
            forms.iter().map(|(c, f)| format!("{c} = \"{f}\"")).collect::<Vec<_>>().join(", ")
        ),
        Message::List(items) => format!("a list of {}", items.len()),
    }
}

/// An override in the shape of the English message, using only the placeholders it fills.
fn check_override(key: &str, english: &Message, given: &Message) -> Result<Message, String> {
    let known: Vec<&str> = match english {
        Message::Text(t) => placeholders(t),
        Message::Count(forms) => forms.values().flat_map(|f| placeholders(f)).chain(["n"]).collect(),
        Message::List(_) => Vec::new(),
    };
    let texts: Vec<&String> = match given {
        Message::Text(t) => vec![t],
        Message::Count(forms) => forms.values().collect(),
        Message::List(items) => items.iter().collect(),
    };
    for text in &texts {
        if let Some(unknown) = placeholders(text).into_iter().find(|p| !known.contains(p)) {
            let offered = if known.is_empty() {
                "it has none".to_owned()
            } else {
                format!("it has {}", known.iter().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(", "))
            };
            return Err(format!("`{{{unknown}}}` is not filled in here ({offered})"));
        }
    }
    match (english, given) {
        (Message::List(names), Message::List(items)) if items.len() != names.len() => {
            Err(format!("give {} names, not {}", names.len(), items.len()))
        }
        (Message::List(_), Message::List(_)) => Ok(given.clone()),
        (Message::List(_), _) => Err("a list of strings is expected".into()),
        (Message::Text(_), Message::Text(_)) => Ok(given.clone()),
        (Message::Text(_), _) => Err("a string is expected".into()),
        // One text for every count.
        (Message::Count(_), Message::Text(t)) => {
            Ok(Message::Count(BTreeMap::from([("other".to_owned(), t.clone())])))
        }
        (Message::Count(_), Message::Count(_)) => Ok(given.clone()),
        (Message::Count(_), Message::List(_)) => {
            Err(format!("`{key}` is a count: a string or a table of plural forms is expected"))
        }
    }
}

/// The line of `key` inside `[translations]` of site.toml (1 when not found).
fn override_line(text: &str, key: &str) -> usize {
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with("[translations]") || trimmed.starts_with("[translations.");
            if trimmed.starts_with(&format!("[translations.{key}]")) {
                return i + 1;
            }
            continue;
        }
        let bare = trimmed.trim_start_matches(['"', '\'']);
        if inside
            && bare.starts_with(key)
            && bare[key.len()..].trim_start_matches(['"', '\'']).trim_start().starts_with('=')
        {
            return i + 1;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(code: &str) -> toml::Spanned<String> {
        #[derive(serde::Deserialize)]
        struct S {
            language: toml::Spanned<String>,
        }
        toml::from_str::<S>(&format!("language = \"{code}\"")).unwrap().language
    }

    fn load(code: &str, overrides: &str) -> Result<Strings, Vec<Diagnostic>> {
        let table: BTreeMap<String, toml::Value> = toml::from_str(overrides).unwrap();
        let text = format!("language = \"{code}\"\n[translations]\n{overrides}");
        strings(&spanned(code), &table, Path::new("site.toml"), &text)
    }

    #[test]
    fn every_translation_has_the_english_keys_shapes_and_placeholders() {
        let english = parse_messages(BUILT_IN[0].1).unwrap();
        for (code, text) in BUILT_IN {
            let messages = parse_messages(text).unwrap_or_else(|e| panic!("{code}: {e}"));
            let mut extra: Vec<&String> = messages.keys().filter(|k| !english.contains_key(*k)).collect();
            let mut missing: Vec<&String> = english.keys().filter(|k| !messages.contains_key(*k)).collect();
            extra.sort();
            missing.sort();
            assert!(extra.is_empty() && missing.is_empty(), "{code}: extra {extra:?}, missing {missing:?}");
            for (key, message) in &messages {
                check_override(key, &english[key], message).unwrap_or_else(|e| panic!("{code} `{key}`: {e}"));
                assert_eq!(
                    std::mem::discriminant(message),
                    std::mem::discriminant(&english[key]),
                    "{code} `{key}` has another shape than English"
                );
            }
        }
    }

    #[test]
    fn counts_follow_each_language_s_plural_rules() {
        let en = load("en", "").unwrap();
        assert_eq!(en.count("paper_count", 1, &[]), "1 paper");
        assert_eq!(en.count("paper_count", 9679, &[]), "9,679 papers");
        let ru = load("ru", "").unwrap();
        let forms: Vec<String> = [1, 3, 5, 21].iter().map(|&n| ru.count("paper_count", n, &[])).collect();
        assert_ne!(forms[0], forms[1].replace('3', "1"), "ru: 1 and 3 take different forms");
        assert_ne!(forms[1].replace('3', "5"), forms[2], "ru: 3 and 5 take different forms");
        assert_eq!(forms[3].replace("21", "1"), forms[0], "ru: 21 takes the form of 1");
        let fr = load("fr", "").unwrap();
        assert_eq!(
            fr.count("paper_count", 0, &[]).replace('0', "1"),
            fr.count("paper_count", 1, &[]),
            "fr: 0 is singular"
        );
        let de = load("de-AT", "").unwrap();
        assert_eq!(de.number(9679), "9.679");
        assert!(load("he", "").unwrap().right_to_left && load("ar", "").unwrap().right_to_left);
        assert!(!de.right_to_left);
    }

    #[test]
    fn dates_use_the_language_s_month_names_and_order() {
        let de = load("de", "").unwrap();
        let date = PubDate::day(chrono::NaiveDate::from_ymd_opt(2021, 7, 4).unwrap());
        assert!(de.date(date).contains("Juli") || de.date(date).contains("Jul"), "{}", de.date(date));
        let en = load("en", "").unwrap();
        assert_eq!(en.date(date), "Jul 4, 2021");
        let ru = load("ru", "").unwrap();
        let may = PubDate::day(chrono::NaiveDate::from_ymd_opt(2021, 5, 4).unwrap());
        assert!(ru.date(may).contains("мая"), "the genitive after a day: {}", ru.date(may));
        let month = PubDate::new(2021, Some(5), None).unwrap();
        assert!(ru.date(month).contains("май"), "{}", ru.date(month));
    }

    #[test]
    fn overrides_replace_strings_and_bad_ones_name_their_line() {
        let s = load(
            "en",
            "abstract = \"Summary\"\npaper_count = { one = \"one work\", other = \"{n} works\" }\n",
        )
        .unwrap();
        assert_eq!(s.get("abstract"), "Summary");
        assert_eq!(s.count("paper_count", 1, &[]), "one work");
        assert_eq!(s.count("paper_count", 2, &[]), "2 works");
        let errors = load("en", "abstrakt = \"x\"\nbuilt_with = \"{nope}\"\nmonths = [\"a\"]\n").unwrap_err();
        assert_eq!(errors.len(), 3);
        assert!(
            errors[0].message.contains("abstrakt") && errors[0].hint.as_deref().unwrap().contains("abstract")
        );
        assert_eq!(errors[0].location.unwrap().line, 3);
        assert!(errors[1].message.contains("{nope}"), "{}", errors[1].message);
        assert!(errors[2].message.contains("12 names"), "{}", errors[2].message);
        let unknown = load("nl", "").unwrap_err();
        assert!(unknown[0].message.contains("`nl`") && unknown[0].hint.as_deref().unwrap().contains("de"));
    }

    #[test]
    fn fill_leaves_unknown_braces() {
        assert_eq!(fill("{a} and {b} {", &[("a", "1")]), "1 and {b} {");
    }
}
