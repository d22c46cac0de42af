//! Exact money (D-7): decimals in USD, rounded half-up to cents at each charge.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up (away from zero) to cents, written with exactly two decimals.
pub fn round_cents(amount: Decimal) -> Decimal {
    let mut cents = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    cents.rescale(2);
    cents
}

/// Parses a decimal amount given as a string or a JSON/TOML number, without ever going
/// through binary floating point for strings.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() || text.starts_with('+') {
        return None;
    }
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// The exact decimal a float stands for in its shortest round-trip form, so `1.15`
/// becomes 1.15 and not 1.149999….
pub fn from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    parse_amount(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_up_to_cents() {
        assert_eq!(round_cents(d("1.005")), d("1.01"));
        assert_eq!(round_cents(d("1.0049")), d("1.00"));
        assert_eq!(round_cents(d("-1.005")), d("-1.01"));
        assert_eq!(round_cents(d("219")).to_string(), "219.00");
    }

    #[test]
    fn floats_keep_their_shortest_decimal() {
        assert_eq!(from_f64(1.15).unwrap(), d("1.15"));
        assert_eq!(
            from_f64(0.15000000000000002).unwrap(),
            d("0.15000000000000002")
        );
        assert_eq!(from_f64(1e-7).unwrap(), d("0.0000001"));
        assert!(from_f64(f64::NAN).is_none());
    }

    #[test]
    fn parses_amounts() {
        assert_eq!(parse_amount("10000.00").unwrap(), d("10000.00"));
        assert_eq!(parse_amount("1e2").unwrap(), d("100"));
        assert!(parse_amount("ten").is_none());
        assert!(parse_amount("").is_none());
    }
}
