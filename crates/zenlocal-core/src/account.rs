//! Accounts, their credentials, and the ledger whose sum is the balance (D-27).

use crate::money::round_cents;
use crate::{codes, ApiError, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub balance: Decimal,
    /// Percentage paid of list prices: 100 = no discount, 80 = 20 % off (D-9).
    pub discount: Decimal,
    pub created_at: Timestamp,
}

/// An access key: id and password for ZC2-HMAC-SHA256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    pub id: String,
    pub account_id: String,
    pub password: String,
    pub enabled: bool,
}

/// A personal access token for `Authorization: Bearer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub token: String,
    pub account_id: String,
    pub expires_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TransactionType {
    /// Money in.
    Recharge,
    /// A charge.
    Consume,
    Refund,
}

crate::names::named!(TransactionType, "transaction type" {
    Recharge => "RECHARGE",
    Consume => "CONSUME",
    Refund => "REFUND",
});

impl TransactionType {
    /// The sign this entry gives its amount in the balance.
    pub fn signed(self, amount: Decimal) -> Decimal {
        match self {
            TransactionType::Recharge | TransactionType::Refund => amount,
            TransactionType::Consume => -amount,
        }
    }
}

/// One ledger entry; `amount` is positive, its direction is the type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub account_id: String,
    pub time: Timestamp,
    pub kind: TransactionType,
    pub amount: Decimal,
    pub balance_after: Decimal,
    pub order_number: Option<String>,
    pub description: String,
}

/// The most an opening balance, a deposit, or a balance after a deposit may be (D-112):
/// 1,000,000,000,000.00, far above any real account and far below where exact decimals
/// stop being exact.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0x107A_4000, 0x5AF3, 0, false, 2);

/// What a new account starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSpec {
    pub name: String,
    pub balance: Decimal,
    pub discount: Decimal,
}

impl AccountSpec {
    /// Checks a spec given by a caller; the message names the field.
    pub fn new(name: &str, balance: Decimal, discount: Option<Decimal>) -> Result<Self, ApiError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(ApiError::invalid_parameter(
                "`name` must be 1 to 64 characters",
            ));
        }
        if balance.is_sign_negative() || round_cents(balance) != balance {
            return Err(ApiError::invalid_parameter(
                "`balance` must be a non-negative amount in cents",
            ));
        }
        if balance > MAX_AMOUNT {
            return Err(ApiError::invalid_parameter(format!(
                "`balance` must be at most {MAX_AMOUNT}"
            )));
        }
        let discount = discount.unwrap_or(Decimal::ONE_HUNDRED);
        if discount <= Decimal::ZERO || discount > Decimal::ONE_HUNDRED {
            return Err(ApiError::invalid_parameter(
                "`discount` is the percentage paid and must be in (0, 100]",
            ));
        }
        Ok(AccountSpec {
            name: name.to_owned(),
            balance: cents(balance),
            discount,
        })
    }
}

/// Fresh identifiers for a new account, made by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredentials {
    pub account_id: String,
    pub access_key_id: String,
    pub access_key_password: String,
    pub token: String,
}

/// Everything opening an account writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedAccount {
    pub account: Account,
    pub access_key: AccessKey,
    pub token: Token,
    /// The opening deposit, when the balance is not zero.
    pub opening: Option<LedgerEntry>,
}

pub fn open(spec: AccountSpec, creds: NewCredentials, now: Timestamp) -> OpenedAccount {
    let empty = Account {
        id: creds.account_id.clone(),
        name: spec.name,
        balance: Decimal::ZERO,
        discount: spec.discount,
        created_at: now,
    };
    let (account, opening) = if spec.balance.is_zero() {
        (empty, None)
    } else {
        let (account, entry) = post(
            &empty,
            TransactionType::Recharge,
            spec.balance,
            None,
            "opening balance",
            now,
        );
        (account, Some(entry))
    };
    OpenedAccount {
        access_key: AccessKey {
            id: creds.access_key_id,
            account_id: account.id.clone(),
            password: creds.access_key_password,
            enabled: true,
        },
        token: Token {
            token: creds.token,
            account_id: account.id.clone(),
            expires_at: None,
        },
        account,
        opening,
    }
}

/// Checks a deposit amount: positive, whole cents, at most [`MAX_AMOUNT`] (D-112).
pub fn deposit_amount(amount: Decimal) -> Result<Decimal, ApiError> {
    if amount <= Decimal::ZERO || round_cents(amount) != amount {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER,
            "`amount` must be a positive amount in cents",
        ));
    }
    if amount > MAX_AMOUNT {
        return Err(ApiError::invalid_parameter(format!(
            "`amount` must be at most {MAX_AMOUNT}"
        )));
    }
    Ok(cents(amount))
}

/// Credits `amount` now: the account after it and its entry. A deposit that would take the
/// balance above [`MAX_AMOUNT`] is refused and changes nothing (D-112).
pub fn deposit(
    account: &Account,
    amount: Decimal,
    now: Timestamp,
) -> Result<(Account, LedgerEntry), ApiError> {
    let amount = deposit_amount(amount)?;
    if account
        .balance
        .checked_add(amount)
        .is_none_or(|balance| balance > MAX_AMOUNT)
    {
        return Err(ApiError::invalid_parameter(format!(
            "`amount` would take the balance of {} above the maximum of {MAX_AMOUNT}",
            account.balance
        )));
    }
    Ok(post(
        account,
        TransactionType::Recharge,
        amount,
        None,
        "deposit",
        now,
    ))
}

/// The ledger effect of a deposit booked for `at` falling due: checked when it was booked,
/// it is credited as it stands.
pub fn scheduled_deposit(
    account: &Account,
    amount: Decimal,
    at: Timestamp,
) -> (Account, LedgerEntry) {
    post(
        account,
        TransactionType::Recharge,
        amount,
        None,
        "scheduled deposit",
        at,
    )
}

/// The same amount written with exactly two decimals (`5` becomes `5.00`).
fn cents(amount: Decimal) -> Decimal {
    let mut amount = amount;
    amount.rescale(2);
    amount
}

/// Posts one entry: the new account state and the entry, with the balance after it.
pub fn post(
    account: &Account,
    kind: TransactionType,
    amount: Decimal,
    order_number: Option<String>,
    description: &str,
    now: Timestamp,
) -> (Account, LedgerEntry) {
    let balance = account.balance + kind.signed(amount);
    let entry = LedgerEntry {
        account_id: account.id.clone(),
        time: now,
        kind,
        amount,
        balance_after: balance,
        order_number,
        description: description.to_owned(),
    };
    (
        Account {
            balance,
            ..account.clone()
        },
        entry,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn creds() -> NewCredentials {
        NewCredentials {
            account_id: "1".into(),
            access_key_id: "AK".into(),
            access_key_password: "pw".into(),
            token: "tok".into(),
        }
    }

    #[test]
    fn opening_balance_is_a_recharge_entry() {
        let spec = AccountSpec::new("a", d("100.50"), None).unwrap();
        let opened = open(spec, creds(), Timestamp(10));
        assert_eq!(opened.account.balance, d("100.50"));
        assert_eq!(opened.account.discount, d("100"));
        let entry = opened.opening.unwrap();
        assert_eq!(entry.kind, TransactionType::Recharge);
        assert_eq!(entry.amount, d("100.50"));
        assert_eq!(entry.balance_after, d("100.50"));
        let empty = open(
            AccountSpec::new("b", d("0"), None).unwrap(),
            creds(),
            Timestamp(10),
        );
        assert!(empty.opening.is_none());
    }

    #[test]
    fn spec_rejects_bad_values_naming_the_field() {
        for (name, balance, discount, field) in [
            ("", "1", None, "name"),
            ("a", "-1", None, "balance"),
            ("a", "1.001", None, "balance"),
            ("a", "1", Some("0"), "discount"),
            ("a", "1", Some("100.5"), "discount"),
        ] {
            let e = AccountSpec::new(name, d(balance), discount.map(d)).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER);
            assert!(e.message.contains(field), "{}", e.message);
        }
    }

    #[test]
    fn posting_moves_the_balance_by_the_signed_amount() {
        let spec = AccountSpec::new("a", d("10"), None).unwrap();
        let a = open(spec, creds(), Timestamp(0)).account;
        let (a, e) = post(
            &a,
            TransactionType::Consume,
            d("2.50"),
            Some("1".into()),
            "x",
            Timestamp(5),
        );
        assert_eq!(a.balance, d("7.50"));
        assert_eq!(e.balance_after, d("7.50"));
        assert_eq!(e.amount, d("2.50"));
        let (a, _) = post(&a, TransactionType::Refund, d("1"), None, "y", Timestamp(6));
        assert_eq!(a.balance, d("8.50"));
    }

    #[test]
    fn deposits_are_positive_cents() {
        assert!(deposit_amount(d("0")).is_err());
        assert!(deposit_amount(d("-5")).is_err());
        assert!(deposit_amount(d("0.001")).is_err());
        assert_eq!(deposit_amount(d("5.25")).unwrap(), d("5.25"));
    }

    /// D-112: amounts and balances stop at one trillion, so no sum overflows.
    #[test]
    fn amounts_and_balances_stop_at_the_maximum() {
        assert_eq!(MAX_AMOUNT.to_string(), "1000000000000.00");
        assert!(AccountSpec::new("a", MAX_AMOUNT, None).is_ok());
        let e = AccountSpec::new("a", d("1000000000000.01"), None).unwrap_err();
        assert!(e.message.contains("balance"), "{}", e.message);
        let e = AccountSpec::new("a", Decimal::MAX, None).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER);
        assert_eq!(deposit_amount(MAX_AMOUNT).unwrap(), MAX_AMOUNT);
        assert!(deposit_amount(Decimal::MAX).is_err());

        let full = open(
            AccountSpec::new("a", d("999999999999.00"), None).unwrap(),
            creds(),
            Timestamp(0),
        )
        .account;
        let (after, entry) = deposit(&full, d("1.00"), Timestamp(5)).unwrap();
        assert_eq!(after.balance, MAX_AMOUNT);
        assert_eq!(entry.balance_after, MAX_AMOUNT);
        let e = deposit(&after, d("0.01"), Timestamp(6)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER);
        assert!(e.message.contains("amount"), "{}", e.message);
    }
}
