//! Publication dates: `YYYY-MM-DD`, RFC 3339 or Jekyll's `YYYY-MM-DD HH:MM:SS +ZZZZ`,
//! kept with the offset written.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat};

/// A date as the writer gave it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Date {
    /// The instant, with the offset as written (`+00:00` for a bare date).
    #[serde(with = "instant")]
    pub instant: DateTime<FixedOffset>,
    /// Whether only a calendar day was given.
    pub day_only: bool,
}

/// An instant as RFC 3339 text with its offset, for the parse cache.
mod instant {
    use chrono::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(instant: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&instant.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD`, an RFC 3339 timestamp, or Jekyll's own
    /// `YYYY-MM-DD HH:MM[:SS] +ZZZZ` (the offset may be written `+ZZ:ZZ`);
    /// the error is for a writer.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        if text.len() == 10 {
            return match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(day) => {
                    let utc = FixedOffset::east_opt(0).expect("zero offset is valid");
                    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
                    let instant = midnight.and_local_timezone(utc).single().ok_or("no such instant")?;
                    Ok(Date { instant, day_only: true })
                }
                Err(_) if looks_like_date(text) => Err(format!("`{text}` is not a real calendar date")),
                Err(_) => Err(format!("`{text}` is not a date")),
            };
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            .or_else(|| jekyll(text))
            .map(|instant| Date { instant, day_only: false })
            .ok_or_else(|| match without_offset(text) {
                true => format!("`{text}` has a time but no offset from UTC, so the instant is ambiguous"),
                false => format!("`{text}` is not a date"),
            })
    }

    /// `2024-01-28`, the day as written (in the date's own offset).
    pub fn ymd(&self) -> String {
        self.instant.format("%Y-%m-%d").to_string()
    }

    /// `28 January 2024`.
    pub fn display(&self) -> String {
        let d = self.instant.date_naive();
        format!("{} {} {}", d.day(), Date::month_name(d.month()), d.year())
    }

    /// RFC 3339 with the written offset, for feeds and `<time>`.
    pub fn rfc3339(&self) -> String {
        self.instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    pub fn year(&self) -> i32 {
        self.instant.date_naive().year()
    }

    pub fn month(&self) -> u32 {
        self.instant.date_naive().month()
    }

    pub fn day(&self) -> u32 {
        self.instant.date_naive().day()
    }

    pub fn month_name(month: u32) -> &'static str {
        MONTHS[(month.clamp(1, 12) - 1) as usize]
    }
}

/// Jekyll's `2014-12-17 11:16:21 -0800` (seconds optional, offset with or
/// without a colon): unambiguous, so accepted as written.
fn jekyll(text: &str) -> Option<DateTime<FixedOffset>> {
    ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S%.f %z"]
        .iter()
        .find_map(|format| DateTime::parse_from_str(text, format).ok())
}

/// A date and time with no offset (`2024-01-28 09:30:00`, `2024-01-28T09:30`).
fn without_offset(text: &str) -> bool {
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
        .iter()
        .any(|format| chrono::NaiveDateTime::parse_from_str(text, format).is_ok())
}

fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-'
}

/// The help line for a bad date.
pub const DATE_HELP: &str =
    "write the date as YYYY-MM-DD (2024-01-28) or RFC 3339 (2024-01-28T09:30:00+08:00)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_only() {
        let d = Date::parse("2024-01-28").unwrap();
        assert_eq!(d.ymd(), "2024-01-28");
        assert_eq!(d.display(), "28 January 2024");
        assert_eq!(d.rfc3339(), "2024-01-28T00:00:00Z");
        assert!(d.day_only);
    }

    #[test]
    fn offset_is_kept_as_written() {
        let d = Date::parse("2024-03-05T23:30:00+08:00").unwrap();
        assert_eq!(d.ymd(), "2024-03-05");
        assert_eq!(d.rfc3339(), "2024-03-05T23:30:00+08:00");
        assert_eq!((d.year(), d.month()), (2024, 3));
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(Date::parse("2024-02-30").unwrap_err(), "`2024-02-30` is not a real calendar date");
        assert_eq!(Date::parse("2024-13-01").unwrap_err(), "`2024-13-01` is not a real calendar date");
        assert_eq!(Date::parse("yesterday").unwrap_err(), "`yesterday` is not a date");
        assert!(Date::parse("2024-01-28T25:00:00Z").is_err());
    }

    #[test]
    fn jekyll_dates_with_an_offset() {
        let d = Date::parse("2014-12-17 11:16:21 -0800").unwrap();
        assert_eq!(d.rfc3339(), "2014-12-17T11:16:21-08:00");
        assert!(!d.day_only);
        assert_eq!(Date::parse("2014-12-17 11:16 +05:30").unwrap().rfc3339(), "2014-12-17T11:16:00+05:30");
    }

    #[test]
    fn a_time_without_an_offset_is_ambiguous() {
        let why = Date::parse("2014-12-17 11:16:21").unwrap_err();
        assert!(why.contains("no offset from UTC"), "{why}");
        assert!(Date::parse("2014-12-17T11:16").unwrap_err().contains("ambiguous"));
    }
}
