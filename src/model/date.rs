//! Dates: the proleptic Gregorian calendar the game counts in, read and written as
//! `YYYY-MM-DD`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date. Ordered, hashable, serialised as `"YYYY-MM-DD"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Self {
        Self::from_days(self.to_days() + n)
    }

    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    /// "1 February 1934", the form players read.
    pub fn long(self) -> String {
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
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateParseError {
    /// The text that was read.
    pub text: String,
    /// Which part is wrong, in words.
    pub why: String,
}

impl fmt::Display for DateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a date: {}", self.text, self.why)
    }
}

impl std::error::Error for DateParseError {}

impl std::str::FromStr for Date {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |why: String| DateParseError {
            text: s.to_string(),
            why,
        };
        let form = || err("write it YYYY-MM-DD, e.g. 1934-02-01".into());
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts[..] else {
            return Err(form());
        };
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
            return Err(form());
        };
        if !(1000..=9999).contains(&y) {
            return Err(err(format!("year {y} is not 1000..=9999")));
        }
        if !(1..=12).contains(&m) {
            return Err(err(format!("month {m} is not 1..=12")));
        }
        let last = days_in_month(y, m);
        if d == 0 || d > last {
            return Err(err(format!("day {d} is not 1..={last} in {y:04}-{m:02}")));
        }
        Date::new(y, m, d).ok_or_else(form)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_across_leap_years() {
        let start = Date::new(1924, 1, 21).unwrap();
        for n in 0..8000 {
            let d = start.add_days(n);
            assert_eq!(Date::from_days(d.to_days()), d);
            assert_eq!(start.days_until(d), n);
        }
        assert_eq!(
            Date::new(1936, 2, 28).unwrap().add_days(1),
            Date::new(1936, 2, 29).unwrap()
        );
        assert_eq!(
            Date::new(1934, 2, 28).unwrap().add_days(1),
            Date::new(1934, 3, 1).unwrap()
        );
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "1934-02-01".parse::<Date>().unwrap().to_string(),
            "1934-02-01"
        );
        assert!("1934-02-30".parse::<Date>().is_err());
        assert!("1934-2".parse::<Date>().is_err());
        assert!("kirov".parse::<Date>().is_err());
    }
}
