//! Resource groups (docs/decisions.md D-125): every account has a default group, which
//! holds the instances created without one, and may have more, made through the control
//! plane. A group belongs to its account: another account's group is unknown.

use crate::model::Instance;
use crate::{codes, ApiError, Timestamp};

/// The name of every account's default group (the console's own).
pub const DEFAULT_NAME: &str = "Default Resource Group";
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// One resource group of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceGroup {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub created_at: Timestamp,
}

/// The ID of an account's default group: it exists with the account, stored nowhere.
pub fn default_id(account_id: &str) -> String {
    format!("rg-default-{account_id}")
}

/// The group an instance is in: the one it names, or its account's default group for an
/// instance created before groups were kept (D-125).
pub fn of(instance: &Instance) -> String {
    instance
        .resource_group_id
        .clone()
        .unwrap_or_else(|| default_id(&instance.account_id))
}

/// The account's groups: the default one first, then those made, oldest first. `made`
/// are the account's stored groups.
pub fn all(
    account_id: &str,
    created_at: Timestamp,
    mut made: Vec<ResourceGroup>,
) -> Vec<ResourceGroup> {
    made.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut groups = vec![ResourceGroup {
        id: default_id(account_id),
        account_id: account_id.to_owned(),
        name: DEFAULT_NAME.to_owned(),
        created_at,
    }];
    groups.extend(made);
    groups
}

/// The group `id` among an account's groups; else 404
/// `OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND`, another account's group included (D-6).
pub fn find<'g>(groups: &'g [ResourceGroup], id: &str) -> Result<&'g ResourceGroup, ApiError> {
    groups.iter().find(|g| g.id == id).ok_or_else(|| {
        ApiError::new(
            codes::OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND,
            format!("resource group `{id}` does not exist"),
        )
    })
}

/// A new group named `name` among `groups` (all of the account's, the default included):
/// 1 to 64 characters, no control characters, trimmed of nothing, unique in the account.
pub fn create(
    groups: &[ResourceGroup],
    account_id: &str,
    name: &str,
    id: String,
    now: Timestamp,
) -> Result<ResourceGroup, ApiError> {
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::invalid_parameter(format!(
            "`name` must be 1 to {MAX_NAME_CHARS} characters with no control characters"
        )));
    }
    if groups.iter().any(|g| g.name == name) {
        return Err(ApiError::invalid_parameter(format!(
            "the account already has a resource group named `{name}`"
        )));
    }
    Ok(ResourceGroup {
        id,
        account_id: account_id.to_owned(),
        name: name.to_owned(),
        created_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<ResourceGroup> {
        let made = create(
            &all("7", Timestamp(0), vec![]),
            "7",
            "web",
            "rg-a".into(),
            Timestamp(5),
        )
        .unwrap();
        all("7", Timestamp(0), vec![made])
    }

    /// D-125: every account has its default group first, then the groups it made.
    #[test]
    fn the_default_group_comes_first() {
        let groups = groups();
        assert_eq!(groups[0].id, "rg-default-7");
        assert_eq!(groups[0].name, DEFAULT_NAME);
        assert_eq!(groups[1].name, "web");
        assert_eq!(find(&groups, "rg-a").unwrap().name, "web");
    }

    /// D-125, D-6: a group of another account, or none, is not found, with its code.
    #[test]
    fn an_unknown_group_is_not_found() {
        let groups = groups();
        for id in ["rg-default-8", "rg-b", ""] {
            let e = find(&groups, id).unwrap_err();
            assert_eq!(e.code, codes::OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND);
            assert_eq!(e.code.status, 404);
        }
    }

    /// D-125: an instance is in the group it names; one kept before groups were, in its
    /// account's default group.
    #[test]
    fn an_instance_without_a_group_is_in_the_default_one() {
        use crate::testing::{account, buy, fields};
        use zenlocal_wire::Service;
        let f = fields(Service::Vm, "POSTPAID", "ByBandwidth");
        let mut i = buy(Service::Vm, &f, &account("0.00", 100)).0;
        assert_eq!(of(&i), default_id(&i.account_id));
        i.resource_group_id = Some("rg-a".into());
        assert_eq!(of(&i), "rg-a");
        i.resource_group_id = None;
        assert_eq!(of(&i), default_id(&i.account_id));
    }

    /// D-125: names are 1 to 64 characters and unique in the account, the default's too.
    #[test]
    fn names_are_checked_and_unique() {
        let groups = groups();
        for name in ["", "web", DEFAULT_NAME, "a\nb", &"x".repeat(65)] {
            let e = create(&groups, "7", name, "rg-c".into(), Timestamp(9)).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{name}");
        }
        assert!(create(&groups, "7", &"x".repeat(64), "rg-c".into(), Timestamp(9)).is_ok());
    }
}
