//! Enums stored and sent by name: one table per enum gives its `name`, `Display` and
//! `FromStr`, so a name is written once and every store parses it the same way.

/// A name that names none of an enum's variants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a known {what}")]
pub struct UnknownName {
    /// What was named, e.g. `order kind`.
    pub what: &'static str,
    pub name: String,
}

/// `named!(Type, "what it is" { Variant => "NAME", ... })`: `Type::name`, `Display` and
/// `FromStr` from one table. The match in `name` is exhaustive, so a new variant without
/// a name does not compile.
macro_rules! named {
    ($ty:ident, $what:literal { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in the table's order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::names::UnknownName;
            fn from_str(name: &str) -> Result<$ty, Self::Err> {
                match name {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::names::UnknownName {
                        what: $what,
                        name: name.to_owned(),
                    }),
                }
            }
        }
    };
}

pub(crate) use named;

#[cfg(test)]
mod tests {
    use crate::account::TransactionType;
    use crate::clock::ClockMode;
    use crate::model::{InstanceStatus, OrderKind, OrderStatus, ResourceType};
    use std::fmt::Display;
    use std::str::FromStr;

    fn round_trips<T>(all: &[T])
    where
        T: Copy + Display + FromStr<Err = super::UnknownName> + PartialEq + std::fmt::Debug,
    {
        for &value in all {
            assert_eq!(value.to_string().parse::<T>(), Ok(value));
        }
    }

    #[test]
    fn every_stored_name_parses_back() {
        round_trips(&[
            TransactionType::Recharge,
            TransactionType::Consume,
            TransactionType::Refund,
        ]);
        round_trips(&[ClockMode::System, ClockMode::Frozen]);
        round_trips(&[
            OrderKind::Create,
            OrderKind::Renew,
            OrderKind::Bandwidth,
            OrderKind::TrafficPackage,
            OrderKind::InstanceType,
        ]);
        round_trips(&[ResourceType::Instance]);
        round_trips(&[
            InstanceStatus::Pending,
            InstanceStatus::Creating,
            InstanceStatus::Installing,
            InstanceStatus::Running,
            InstanceStatus::Stopping,
            InstanceStatus::Stopped,
            InstanceStatus::Booting,
            InstanceStatus::Imaging,
            InstanceStatus::Recycle,
            InstanceStatus::CreateFailed,
        ]);
        round_trips(&[
            OrderStatus::Paid,
            OrderStatus::Scheduled,
            OrderStatus::Applied,
            OrderStatus::Cancelled,
        ]);
    }

    #[test]
    fn an_unknown_name_says_what_it_is_not() {
        let err = "LATER".parse::<OrderStatus>().unwrap_err();
        assert_eq!(err.to_string(), "`LATER` is not a known order status");
        assert!("recharge".parse::<TransactionType>().is_err());
    }
}
