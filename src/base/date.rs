//! Dates: read from TOML values, and written as ISO dates and as readers read them.

use chrono::NaiveDate;

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
        other => return Err(format!("the date must be a date, not a {}", other.type_str())),
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{year:04}-{month:02}-{day:02} is not a real date"))
}

/// `2024-12-21`, as chrono's `%Y-%m-%d` writes it for the years 0 to 9999 (chrono parses its
/// format string on every call, a tenth of making a paper's view).
pub(crate) fn iso_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match u32::try_from(date.year()) {
        Ok(year @ 0..=9999) => format!("{year:04}-{:02}-{:02}", date.month(), date.day()),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// `Dec 21, 2024`, as chrono's `%b %-d, %Y` writes it for the years 0 to 9999.
pub(crate) fn display_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match u32::try_from(date.year()) {
        Ok(year @ 0..=9999) => format!("{} {}, {year:04}", MONTHS[date.month0() as usize], date.day()),
        _ => date.format("%b %-d, %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
