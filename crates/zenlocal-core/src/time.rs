//! Domain time: whole seconds since the Unix epoch, UTC, written `YYYY-MM-DDThh:mm:ssZ`.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// Seconds in a billing month (D-8).
pub const MONTH_SECONDS: i64 = 30 * 86_400;

impl Timestamp {
    pub fn seconds(self) -> i64 {
        self.0
    }

    pub fn plus(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// Parses RFC 3339 (any offset, fractions dropped).
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        OffsetDateTime::parse(text.trim(), &Rfc3339)
            .ok()
            .map(|t| Timestamp(t.unix_timestamp()))
    }

    fn datetime(self) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp(self.0).ok()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.datetime() {
            Some(t) => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            None => write!(f, "@{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let t = Timestamp(1_735_689_600);
        assert_eq!(t.to_string(), "2025-01-01T00:00:00Z");
        assert_eq!(Timestamp::parse_rfc3339("2025-01-01T00:00:00Z"), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("2025-01-01T08:00:00+08:00"),
            Some(t)
        );
        assert_eq!(Timestamp::parse_rfc3339("2025-01-01"), None);
    }
}
