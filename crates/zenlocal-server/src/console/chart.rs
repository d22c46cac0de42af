//! The balance over simulated time, drawn on the server as SVG from the ledger (D-195):
//! a step line through each entry's balance after it, from the account's opening to now,
//! with a mark at each entry that pays an order.

use super::page::money;
use maud::{html, Markup};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use zenlocal_core::account::{Account, LedgerEntry};
use zenlocal_core::Timestamp;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// One point of the line: an instant and the balance from then on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub at: Timestamp,
    pub balance: Decimal,
    /// The order the entry pays, when it pays one.
    pub order: Option<String>,
    pub description: String,
}

/// The balance's steps, oldest first: each ledger entry's balance after it. Entries that
/// happened at one instant stay separate steps, in the ledger's order.
pub fn steps(ledger: &[LedgerEntry]) -> Vec<Step> {
    ledger
        .iter()
        .map(|e| Step {
            at: e.time,
            balance: e.balance_after,
            order: e.order_number.clone(),
            description: e.description.clone(),
        })
        .collect()
}

/// The chart from the account's opening to `now`.
pub fn balance_chart(account: &Account, ledger: &[LedgerEntry], now: Timestamp) -> Markup {
    let steps = steps(ledger);
    let start = steps
        .first()
        .map_or(account.created_at, |s| s.at.min(account.created_at));
    let end = now
        .max(steps.last().map_or(start, |s| s.at))
        .max(start.plus(3600));
    let low = steps
        .iter()
        .map(|s| s.balance)
        .chain([Decimal::ZERO])
        .min()
        .unwrap_or_default();
    let high = steps
        .iter()
        .map(|s| s.balance)
        .chain([account.balance])
        .max()
        .unwrap_or_default()
        .max(low + Decimal::ONE);
    let x = |t: Timestamp| {
        LEFT + (WIDTH - LEFT - RIGHT) * (t.0 - start.0) as f64 / (end.0 - start.0) as f64
    };
    let y = |b: Decimal| {
        let span = (high - low).to_f64().unwrap_or(1.0);
        TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (b - low).to_f64().unwrap_or(0.0) / span)
    };
    let mut path = String::new();
    for (n, s) in steps.iter().enumerate() {
        let (px, py) = (x(s.at), y(s.balance));
        if n == 0 {
            path.push_str(&format!("M{px:.1},{py:.1}"));
        } else {
            path.push_str(&format!(" H{px:.1} V{py:.1}"));
        }
    }
    if !steps.is_empty() {
        path.push_str(&format!(" H{:.1}", x(end)));
    }
    let charges = steps.iter().filter(|s| s.order.is_some()).count();
    html! {
        svg.chart #balance-chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img"
            aria-labelledby="balance-chart-title balance-chart-desc" {
            title #balance-chart-title { "Balance of " (account.name) " over simulated time" }
            desc #balance-chart-desc {
                "From " (start) " to " (end) ", between USD " (low) " and USD " (high)
                "; " (charges) " orders marked. The ledger below lists every entry."
            }
            line.axis x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(HEIGHT - BOTTOM) {}
            line.axis x1=(LEFT) y1=(HEIGHT - BOTTOM) x2=(WIDTH - RIGHT) y2=(HEIGHT - BOTTOM) {}
            @if low < Decimal::ZERO {
                line.axis x1=(LEFT) y1=(y(Decimal::ZERO)) x2=(WIDTH - RIGHT) y2=(y(Decimal::ZERO)) {}
            }
            text x=(LEFT - 6.0) y=(y(high) + 4.0) text-anchor="end" { "USD " (high) }
            text x=(LEFT - 6.0) y=(y(low) + 4.0) text-anchor="end" { "USD " (low) }
            text x=(LEFT) y=(HEIGHT - 12.0) { (day(start)) }
            text x=(WIDTH - RIGHT) y=(HEIGHT - 12.0) text-anchor="end" { (day(end)) }
            path.line d=(path) {}
            @for s in steps.iter().filter(|s| s.order.is_some()) {
                circle.mark cx=(format!("{:.1}", x(s.at))) cy=(format!("{:.1}", y(s.balance))) r="4"
                    data-order=[s.order.as_deref()] {
                    title { (s.at) ": " (s.description) ", balance USD " (s.balance) }
                }
            }
        }
        p.muted { "Balance now " (money(account.balance)) "." }
    }
}

/// The date of an instant, `YYYY-MM-DD`.
fn day(at: Timestamp) -> String {
    at.to_string().chars().take(10).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zenlocal_core::account::TransactionType;

    fn entry(at: i64, balance: &str, order: Option<&str>) -> LedgerEntry {
        LedgerEntry {
            account_id: "a".into(),
            time: Timestamp(at),
            kind: TransactionType::Consume,
            amount: Decimal::ONE,
            balance_after: balance.parse().unwrap(),
            order_number: order.map(str::to_owned),
            description: "d".into(),
        }
    }

    /// D-195: the chart's steps are the ledger's balances after each entry, in its order,
    /// and only entries that pay an order are marked.
    #[test]
    fn the_chart_follows_the_ledger() {
        let ledger = [
            entry(0, "500.00", None),
            entry(10, "281.00", Some("o1")),
            entry(10, "72.00", Some("o2")),
        ];
        let balances: Vec<_> = steps(&ledger)
            .into_iter()
            .map(|s| (s.at.0, s.balance, s.order))
            .collect();
        assert_eq!(
            balances,
            [
                (0, "500.00".parse().unwrap(), None),
                (10, "281.00".parse().unwrap(), Some("o1".to_owned())),
                (10, "72.00".parse().unwrap(), Some("o2".to_owned())),
            ]
        );
        let account = Account {
            id: "a".into(),
            name: "n".into(),
            balance: "72.00".parse().unwrap(),
            discount: Decimal::ONE_HUNDRED,
            created_at: Timestamp(0),
        };
        let svg = balance_chart(&account, &ledger, Timestamp(100)).into_string();
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("data-order=\"o2\""));
    }
}
