//! Commands and queries of vm security groups (docs/decisions.md D-155 to D-158). Each
//! command locks the caller's account first (D-110), then the instance it changes.

use super::accounts::caller_account;
use super::instances::load_owned;
use super::{now, Op};
use crate::{StoreError, Tx};
use zenlocal_core::model::Instance;
use zenlocal_core::security_group::{self, RuleChange, SecurityGroup};
use zenlocal_wire::model::vm::RuleInfo;
use zenlocal_wire::Service;

/// CreateSecurityGroup; answers the new group's ID.
pub struct CreateSecurityGroup {
    pub account_id: String,
    pub name: String,
    pub description: Option<String>,
    pub rules: Vec<RuleInfo>,
}

impl Op for CreateSecurityGroup {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let group = security_group::create(
            &self.account_id,
            &self.name,
            self.description.as_deref(),
            &self.rules,
            zenlocal_wire::ids::security_group_id(),
            now,
        )?;
        tx.put_security_group(&group)?;
        Ok(group.id)
    }
}

/// The caller's security groups and vm instances.
pub struct SecurityGroups {
    pub account_id: String,
}

impl Op for SecurityGroups {
    type Output = (Vec<SecurityGroup>, Vec<Instance>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let groups = tx.security_groups(&self.account_id)?;
        let instances = tx.instances(&self.account_id, Service::Vm)?;
        Ok((groups, instances))
    }
}

/// ModifySecurityGroupsAttribute: all changed or none.
pub struct ModifySecurityGroups {
    pub account_id: String,
    pub ids: Vec<String>,
    pub name: Option<String>,
    pub description: Option<String>,
}

impl Op for ModifySecurityGroups {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        if let Some(name) = &self.name {
            security_group::check_name(name)?;
        }
        zenlocal_core::keypair::check_description("description", self.description.as_deref())?;
        let groups = tx.security_groups(&self.account_id)?;
        let mut changed = Vec::with_capacity(self.ids.len());
        for id in &self.ids {
            let mut g = security_group::find(&groups, id)?.clone();
            if let Some(name) = &self.name {
                g.name.clone_from(name);
            }
            if self.description.is_some() {
                g.description.clone_from(&self.description);
            }
            changed.push(g);
        }
        for g in &changed {
            tx.put_security_group(g)?;
        }
        Ok(())
    }
}

/// DeleteSecurityGroup: refused while an instance has it (D-158).
pub struct DeleteSecurityGroup {
    pub account_id: String,
    pub id: String,
}

impl Op for DeleteSecurityGroup {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let groups = tx.security_groups(&self.account_id)?;
        let group = security_group::find(&groups, &self.id)?;
        let instances = tx.instances(&self.account_id, Service::Vm)?;
        security_group::check_delete(group, &instances)?;
        tx.delete_security_group(&self.id)
    }
}

/// AuthorizeSecurityGroupRule(s), ConfigureSecurityGroupRules and
/// RevokeSecurityGroupRules: the group's rules changed all at once or not at all (D-157).
pub struct ChangeRules {
    pub account_id: String,
    pub id: String,
    pub change: RuleChange,
    pub rules: Vec<RuleInfo>,
}

impl Op for ChangeRules {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let groups = tx.security_groups(&self.account_id)?;
        let group = security_group::find(&groups, &self.id)?;
        let asked = security_group::check_rules(&self.rules)?;
        let changed = security_group::change_rules(group, self.change, asked)?;
        tx.put_security_group(&changed)
    }
}

/// AssociateSecurityGroupInstance and UnAssociateSecurityGroupInstance (D-158).
pub struct LinkInstance {
    pub account_id: String,
    pub group_id: String,
    pub instance_id: String,
    pub associate: bool,
}

impl Op for LinkInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let groups = tx.security_groups(&self.account_id)?;
        security_group::find(&groups, &self.group_id)?;
        let mut found = load_owned(
            tx,
            &self.account_id,
            Service::Vm,
            std::slice::from_ref(&self.instance_id),
        )?;
        let instance = found.remove(0);
        let changed = if self.associate {
            security_group::associate(&instance, &self.group_id)?
        } else {
            security_group::unassociate(&instance, &self.group_id)?
        };
        tx.put_instance(&changed)
    }
}

/// DescribeInstanceAvailableSecurityGroupResources: the caller's instance and groups.
pub struct AvailableFor {
    pub account_id: String,
    pub instance_id: String,
}

impl Op for AvailableFor {
    type Output = (Instance, Vec<SecurityGroup>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let mut found = load_owned(
            tx,
            &self.account_id,
            Service::Vm,
            std::slice::from_ref(&self.instance_id),
        )?;
        let groups = tx.security_groups(&self.account_id)?;
        Ok((found.remove(0), groups))
    }
}

/// The `securityGroupId` of a CreateInstances must name a group of the caller (D-158), in
/// the create's own transaction.
pub(super) fn check_group<T: Tx>(
    tx: &mut T,
    account_id: &str,
    group_id: &str,
) -> Result<(), StoreError> {
    let groups = tx.security_groups(account_id)?;
    security_group::find(&groups, group_id)?;
    Ok(())
}
