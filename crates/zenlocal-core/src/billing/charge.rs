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
/// a renewal that cannot be paid recycles instead). An order that costs nothing (a
/// POSTPAID purchase, a free change, a scheduled downgrade) is recorded without an entry.
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
