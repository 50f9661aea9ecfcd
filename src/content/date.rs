//! Publication dates: `YYYY-MM-DD` or RFC 3339, kept with the offset written.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat};

/// A date as the writer gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// The instant, with the offset as written (`+00:00` for a bare date).
    pub instant: DateTime<FixedOffset>,
    /// Whether only a calendar day was given.
    pub day_only: bool,
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
    /// Parses `YYYY-MM-DD` or an RFC 3339 timestamp; the error is for a writer.
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
            .map(|instant| Date { instant, day_only: false })
            .map_err(|_| format!("`{text}` is not a date"))
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
}
