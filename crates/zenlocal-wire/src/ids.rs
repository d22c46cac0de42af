//! Identifiers (D-4): requestId, instanceId and orderNumber; key pair and custom image IDs
//! (docs/decisions.md D-170, D-173).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// `T` followed by an upper-case UUIDv4, as in every documented example.
pub fn request_id() -> String {
    let mut id = String::with_capacity(37);
    id.push('T');
    let mut buf = Uuid::encode_buffer();
    id.push_str(Uuid::new_v4().hyphenated().encode_upper(&mut buf));
    id
}

fn random_digits(len: u32) -> String {
    let low = 10u128.pow(len - 1);
    let span = 9 * low;
    (low + Uuid::new_v4().as_u128() % span).to_string()
}

/// A brought-in (BYOIP) block's ID and its registration's: 19 decimal digits, the first
/// non-zero, drawn at random.
pub fn byoip_id() -> String {
    random_digits(19)
}

/// How many processes may share a store, each numbering what it makes as its own `node`.
pub const NODES: u64 = 100;

/// Numbers that grow with time (docs/decisions.md D-234): a second of the real clock (Unix
/// time, ten digits until the year 2286), a count of what this process numbered in that
/// second, and the process's node, which the store gave it when it opened it, so that
/// processes sharing a store never draw the same number. Past `per_second` in a second
/// the count goes on into the seconds to come: a process never draws a number twice, even
/// if the real clock steps back.
struct Sequence {
    last: AtomicU64,
    per_second: u64,
}

impl Sequence {
    const fn new(per_second: u64) -> Sequence {
        Sequence {
            last: AtomicU64::new(0),
            per_second,
        }
    }

    fn draw(&self, node: u64) -> String {
        let second = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let previous = self
            .last
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
                Some(self.next(last, second))
            })
            .unwrap_or_else(|last| last);
        (self.next(previous, second) * NODES + node % NODES).to_string()
    }

    /// The count after `last` in `second`: the second's first, or the one after `last`
    /// when that is later.
    fn next(&self, last: u64, second: u64) -> u64 {
        (last + 1).max(second.max(1_000_000_000) * self.per_second)
    }
}

/// Ten digits of seconds, four of count, two of node.
static ORDER_NUMBERS: Sequence = Sequence::new(10_000);
/// Ten digits of seconds, seven of count, two of node.
static INSTANCE_IDS: Sequence = Sequence::new(10_000_000);

/// An instance ID (D-4, docs/decisions.md D-234): 19 decimal digits, the first non-zero,
/// growing with time, so that the rows an instance has in the indexes on instance IDs
/// follow one another in the order the instances were made.
pub fn instance_id(node: u64) -> String {
    INSTANCE_IDS.draw(node)
}

/// An order number (D-4, docs/decisions.md D-234): 16 decimal digits, the first non-zero,
/// growing with time, so that a new order line joins the end of the index on order
/// numbers rather than a random page of it.
pub fn order_number(node: u64) -> String {
    ORDER_NUMBERS.draw(node)
}

fn random_alphanumeric(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut bits = Uuid::new_v4().as_u128();
        for _ in 0..16 {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[(bits % ALPHABET.len() as u128) as usize] as char);
            bits /= ALPHABET.len() as u128;
        }
    }
    out
}

/// A key pair ID: `key-` and 8 letters or digits, as the pages' `key-zCcHQB9u`.
pub fn key_pair_id() -> String {
    format!("key-{}", random_alphanumeric(8))
}

/// A custom image ID: `img-` and 8 letters or digits, as the pages' `img-zCcHQB9u`.
pub fn image_id() -> String {
    format!("img-{}", random_alphanumeric(8))
}

/// A resource group ID: `rg-` and 8 letters or digits.
pub fn resource_group_id() -> String {
    format!("rg-{}", random_alphanumeric(8))
}

/// The one-time token of a console address: 32 letters or digits.
pub fn console_token() -> String {
    random_alphanumeric(32)
}

/// A disk ID: 18 decimal digits, the first non-zero, as the pages' `862857204414550690`.
pub fn disk_id() -> String {
    random_digits(18)
}

/// A vm subnet ID: `subnet-` and 8 letters or digits.
pub fn subnet_id() -> String {
    format!("subnet-{}", random_alphanumeric(8))
}

/// A bmc VPC or subnet ID: 18 decimal digits, the first non-zero, as the pages'
/// `835957634816289496` and `833049815985166808` (D-223).
pub fn bmc_network_id() -> String {
    random_digits(18)
}

/// A vm VPC ID: `vpc-` and 8 letters or digits, as vm's subnets' and groups' IDs.
pub fn vpc_id() -> String {
    format!("vpc-{}", random_alphanumeric(8))
}

/// A vm security group ID: `sg-` and 8 letters or digits.
pub fn security_group_id() -> String {
    format!("sg-{}", random_alphanumeric(8))
}

/// A test clock ID: `clock-` and 12 letters or digits (D-181).
pub fn test_clock_id() -> String {
    format!("clock-{}", random_alphanumeric(12))
}

/// An account identifier (`accountUid`): 12 decimal digits.
pub fn account_id() -> String {
    random_digits(12)
}

/// An access key id: `ZL` and 18 upper-case letters or digits.
pub fn access_key_id() -> String {
    format!("ZL{}", random_alphanumeric(18).to_uppercase())
}

/// An access key password: 32 letters and digits.
pub fn access_key_password() -> String {
    random_alphanumeric(32)
}

/// A personal access token for `Authorization: Bearer`.
pub fn bearer_token() -> String {
    format!("zlt_{}", random_alphanumeric(40))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let r = request_id();
        assert_eq!(r.len(), 37);
        assert!(r.starts_with('T'));
        assert_eq!(r, r.to_uppercase());
        assert!(Uuid::parse_str(&r[1..]).is_ok());
        for _ in 0..1000 {
            let i = instance_id(3);
            assert_eq!(i.len(), 19);
            assert!(i.ends_with("03"), "{i}");
            assert!(i.chars().all(|c| c.is_ascii_digit()) && !i.starts_with('0'));
            let o = order_number(7);
            assert_eq!(o.len(), 16);
            assert!(o.chars().all(|c| c.is_ascii_digit()) && !o.starts_with('0'));
            assert!(o.ends_with("07"), "{o}");
        }
        assert_eq!(account_id().len(), 12);
        let key = access_key_id();
        assert!(key.starts_with("ZL") && key.len() == 20 && key == key.to_uppercase());
        assert_eq!(access_key_password().len(), 32);
        assert_ne!(bearer_token(), bearer_token());
        for (id, prefix) in [
            (key_pair_id(), "key-"),
            (image_id(), "img-"),
            (subnet_id(), "subnet-"),
            (security_group_id(), "sg-"),
        ] {
            assert!(
                id.starts_with(prefix) && id.len() == prefix.len() + 8,
                "{id}"
            );
            let rest = &id[prefix.len()..];
            assert!(rest.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
        }
    }

    /// D-234: numbers grow with the real clock, one process never draws a number twice,
    /// and two processes (nodes) never draw the same.
    #[test]
    fn numbers_grow_with_time_and_never_repeat() {
        let orders = Sequence::new(10_000);
        let second = 1_796_000_000;
        // The first of a second starts its count; later ones follow it.
        assert_eq!(orders.next(0, second), 17_960_000_000_000);
        assert_eq!(orders.next(17_960_000_000_000, second), 17_960_000_000_001);
        // A new second starts a new count, above every earlier one.
        assert_eq!(
            orders.next(17_960_000_000_001, second + 1),
            17_960_000_010_000
        );
        // Past 10,000 in a second, and with the clock stepped back, the count goes on.
        assert_eq!(
            orders.next(17_960_000_019_999, second + 1),
            17_960_000_020_000
        );
        assert_eq!(
            orders.next(17_960_000_020_000, second - 60),
            17_960_000_020_001
        );
        // Drawn in a row, strictly increasing, node in the last two digits.
        let drawn: Vec<String> = (0..25_000).map(|_| orders.draw(42)).collect();
        assert!(drawn.windows(2).all(|w| w[0] < w[1]));
        assert!(drawn.iter().all(|o| o.len() == 16 && o.ends_with("42")));
        let other = orders.draw(143);
        assert!(!drawn.contains(&other) && other.ends_with("43"));
        let instances: Vec<String> = (0..1_000).map(|_| instance_id(7)).collect();
        assert!(instances.windows(2).all(|w| w[0] < w[1]));
        assert!(instances.iter().all(|i| i.len() == 19 && i.ends_with("07")));
    }
}
