//! Dates: read from TOML values, and written as ISO dates and as readers read them. A paper's
//! date keeps the precision it was written with (`PubDate`: a year, a month or a day).

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A publication date as precise as it was written: `2021`, `2021-07` or `2021-07-14`. Ordered
/// as its first day, with a less precise date before a more precise one of the same start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PubDate {
    /// A date to the day.
    pub fn day(date: NaiveDate) -> Self {
        PubDate { year: date.year(), month: Some(date.month()), day: Some(date.day()) }
    }

    /// A year, a month of a year, or a day; `None` unless it is a real date (years 1 to 9999).
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Option<Self> {
        if !(1..=9999).contains(&year) || (month.is_none() && day.is_some()) {
            return None;
        }
        match (month, day) {
            (None, _) => Some(PubDate { year, month: None, day: None }),
            (Some(m), None) => (1..=12).contains(&m).then_some(PubDate { year, month, day: None }),
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(year, m, d).map(PubDate::day),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// The month (1 to 12), when written.
    pub fn month(self) -> Option<u32> {
        self.month
    }

    /// The day of the month, when written.
    pub fn day_of_month(self) -> Option<u32> {
        self.day
    }

    /// The first day the date names (a year's 1 January), where a timestamp is required.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// `2021`, `2021-07` or `2021-07-14` (ISO 8601 at the written precision).
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(_), Some(_)) => iso_date(self.first_day()),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// `2021`, `Jul 2021` or `Jul 14, 2021`, as a reader reads it.
    pub fn display(self) -> String {
        match (self.month, self.day) {
            (Some(_), Some(_)) => display_date(self.first_day()),
            (Some(m), None) => format!("{} {:04}", MONTHS[m as usize - 1], self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The date parts written, as CSL-JSON's `date-parts` and Scholar's `2021/07/14` list them.
    pub fn parts(self) -> Vec<i32> {
        std::iter::once(self.year)
            .chain(self.month.map(|m| m as i32))
            .chain(self.day.map(|d| d as i32))
            .collect()
    }
}

impl std::fmt::Display for PubDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

/// A paper's date from TOML: a date (`2024-03-14`), a year (`2024`), or a string holding a
/// year, a month (`"2024-03"`) or a day.
pub(crate) fn parse_pub_date(value: &toml::Value) -> Result<PubDate, String> {
    let bad = |s: &str| {
        format!("the date \"{s}\" is not a year, month or day of the form 2024, 2024-03 or 2024-03-14")
    };
    match value {
        toml::Value::Integer(year) => i32::try_from(*year)
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .and_then(|y| PubDate::new(y, None, None))
            .ok_or_else(|| format!("the year {year} is not a year between 1000 and 9999")),
        toml::Value::String(s) => {
            let parts: Vec<&str> = s.trim().split('-').collect();
            let number = |p: &str, len: usize| {
                (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse::<u32>().ok())
                    .flatten()
            };
            let (year, month, day) = match parts.as_slice() {
                [y] => (number(y, 4).ok_or_else(|| bad(s))?, None, None),
                [y, m] => {
                    (number(y, 4).ok_or_else(|| bad(s))?, Some(number(m, 2).ok_or_else(|| bad(s))?), None)
                }
                [y, m, d] => (
                    number(y, 4).ok_or_else(|| bad(s))?,
                    Some(number(m, 2).ok_or_else(|| bad(s))?),
                    Some(number(d, 2).ok_or_else(|| bad(s))?),
                ),
                _ => return Err(bad(s)),
            };
            PubDate::new(year as i32, month, day).ok_or_else(|| format!("\"{s}\" is not a real date"))
        }
        other => parse_date(other).map(PubDate::day),
    }
}

/// A date from a TOML date (`2024-03-14`), date-time, or a string holding one.
pub(crate) fn parse_date(value: &toml::Value) -> Result<NaiveDate, String> {
    let (year, month, day) = match value {
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => (i32::from(d.year), u32::from(d.month), u32::from(d.day)),
            None => return Err(format!("the date `{dt}` has no day")),
        },
        toml::Value::String(s) => {
            return NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| format!("the date \"{s}\" is not a date of the form 2024-03-14"))
        }
        other => return Err(format!("the date must be a date or a year, not a {}", other.type_str())),
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{year:04}-{month:02}-{day:02} is not a real date"))
}

/// `2024-12-21`, as chrono's `%Y-%m-%d` writes it for the years 0 to 9999 (chrono parses its
/// format string on every call, a tenth of making a paper's view).
pub(crate) fn iso_date(date: chrono::NaiveDate) -> String {
    match u32::try_from(date.year()) {
        Ok(year @ 0..=9999) => format!("{year:04}-{:02}-{:02}", date.month(), date.day()),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// `Dec 21, 2024`, as chrono's `%b %-d, %Y` writes it for the years 0 to 9999.
pub(crate) fn display_date(date: chrono::NaiveDate) -> String {
    match u32::try_from(date.year()) {
        Ok(year @ 0..=9999) => format!("{} {}, {year:04}", MONTHS[date.month0() as usize], date.day()),
        _ => date.format("%b %-d, %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_dates_keep_their_precision() {
        let parse = |v: toml::Value| parse_pub_date(&v);
        let year = parse(toml::Value::Integer(2021)).unwrap();
        assert_eq!((year.iso(), year.display(), year.parts()), ("2021".into(), "2021".into(), vec![2021]));
        let month = parse(toml::Value::String("2021-07".into())).unwrap();
        assert_eq!(
            (month.iso(), month.display(), month.parts()),
            ("2021-07".into(), "Jul 2021".into(), vec![2021, 7])
        );
        let day = parse(toml::Value::String("2021-07-04".into())).unwrap();
        assert_eq!((day.iso(), day.display()), ("2021-07-04".into(), "Jul 4, 2021".into()));
        assert!(year < month && month < day && day.first_day() > month.first_day());
        assert_eq!(parse(toml::Value::String("2021".into())).unwrap(), year);
        for bad in ["2021-13", "2021-02-30", "21", "2021-7", "July 2021", "0000"] {
            assert!(parse(toml::Value::String(bad.into())).is_err(), "{bad}");
        }
        assert!(parse(toml::Value::Integer(14)).is_err());
        assert!(parse(toml::Value::Integer(12345)).is_err());
        assert!(parse(toml::Value::Boolean(true)).unwrap_err().contains("not a boolean"));
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut date = chrono::NaiveDate::from_ymd_opt(-3, 1, 1).unwrap();
        let last = chrono::NaiveDate::from_ymd_opt(10_002, 12, 31).unwrap();
        let mut checked = 0;
        while date <= last {
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(display_date(date), date.format("%b %-d, %Y").to_string());
            date = date + chrono::Days::new(97);
            checked += 1;
        }
        assert!(checked > 37_000, "{checked}");
    }
}
