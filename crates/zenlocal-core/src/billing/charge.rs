//! Charging (D-7, D-12, D-22, D-23, D-27): the one place an order and the ledger entry
//! that pays it are made together.

use crate::account::{self, Account, TransactionType};
use crate::model::{Changes, Order};
use crate::{codes, ApiError, Timestamp};
use rust_decimal::Decimal;

/// Takes the total of `lines` from the balance: the lines (one order number, a line per
/// resource, amounts already rounded to cents and adding up to what is taken) are
/// recorded, and one CONSUME entry carrying their number says what was paid. Whether the
/// balance covers it is the caller's rule ([`check_balance`] for a purchase or a change;
/// a renewal that cannot be paid recycles instead). An order that takes nothing (a
/// POSTPAID purchase, a free change, a scheduled downgrade) is no charge: its caller
/// records its lines alone, with no entry.
pub fn charge(
    changes: &mut Changes,
    account: &Account,
    lines: Vec<Order>,
    description: &str,
    at: Timestamp,
) {
    let amount: Decimal = lines.iter().map(|line| line.amount).sum();
    let number = lines.first().map(|line| line.number.clone());
    let (updated, entry) = account::post(
        account,
        TransactionType::Consume,
        amount,
        number,
        description,
        at,
    );
    changes.accounts.push(updated);
    changes.ledger.push(entry);
    changes.orders.extend(lines);
}

/// Gives the total of `lines` back to the balance (D-199): the lines (one order number,
/// amounts in cents) are recorded, and one REFUND entry carrying their number says what
/// was given back.
pub fn refund(
    changes: &mut Changes,
    account: &Account,
    lines: Vec<Order>,
    description: &str,
    at: Timestamp,
) {
    let amount: Decimal = lines.iter().map(|line| line.amount).sum();
    let number = lines.first().map(|line| line.number.clone());
    let (updated, entry) = account::post(
        account,
        TransactionType::Refund,
        amount,
        number,
        description,
        at,
    );
    changes.accounts.push(updated);
    changes.ledger.push(entry);
    changes.orders.extend(lines);
}

/// A purchase or a change the balance does not cover is refused, and nothing changes
/// (D-12, D-22); `what` names it in the message.
pub fn check_balance(account: &Account, amount: Decimal, what: &str) -> Result<(), ApiError> {
    if amount > account.balance {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSUFFICIENT_BALANCE,
            format!(
                "the balance {} does not cover the {amount} this {what} costs",
                account.balance
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrderKind, OrderStatus, ResourceRef};
    use crate::testing::{account, d};

    /// D-27: one entry, carrying the order number, for every line of the order; the
    /// balance after it is in the entry.
    #[test]
    fn an_order_and_its_entry_are_made_together() {
        let payer = account("100.00", 100);
        let lines: Vec<Order> = ["1", "2"]
            .iter()
            .zip(["12.34", "12.33"])
            .map(|(id, amount)| Order {
                amount: d(amount),
                ..Order::new(
                    "N1",
                    &payer.id,
                    ResourceRef::instance(*id),
                    OrderKind::Create,
                    crate::Timestamp(5),
                )
            })
            .collect();
        let mut changes = Changes::default();
        charge(&mut changes, &payer, lines, "create 2", crate::Timestamp(5));
        assert_eq!(changes.orders.len(), 2);
        assert!(changes.orders.iter().all(|o| o.status == OrderStatus::Paid));
        assert_eq!(changes.ledger.len(), 1);
        let entry = &changes.ledger[0];
        assert_eq!(entry.kind, TransactionType::Consume);
        assert_eq!(entry.amount, d("24.67"));
        assert_eq!(entry.order_number.as_deref(), Some("N1"));
        assert_eq!(entry.balance_after, d("75.33"));
        assert_eq!(changes.accounts[0].balance, d("75.33"));
    }

    /// D-12: more than the balance is refused with the documented code; exactly the
    /// balance is not.
    #[test]
    fn a_charge_above_the_balance_is_refused() {
        let payer = account("10.00", 100);
        let e = check_balance(&payer, d("10.01"), "change").unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSUFFICIENT_BALANCE);
        assert_eq!(e.code.status, 403);
        assert!(e.message.contains("this change costs"), "{}", e.message);
        assert!(check_balance(&payer, d("10.00"), "change").is_ok());
    }
}
