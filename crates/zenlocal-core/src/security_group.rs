//! vm security groups (docs/decisions.md D-155 to D-158): named sets of rules an account
//! applies to its virtual machines, at most two per instance. Rules are checked as the
//! AuthorizeSecurityGroupRule page says; a group applied to an instance is not deleted.

use crate::describe::page;
use crate::ipam;
use crate::keypair::check_description;
use crate::model::{Instance, InstanceStatus};
use crate::{codes, ApiError, Timestamp};
use serde::{Deserialize, Serialize};
use zenlocal_wire::model::vm;

/// Rules one group may hold in each direction (AuthorizeSecurityGroupRule page: "20
/// inbound rules and 20 outbound rules").
pub const RULES_PER_DIRECTION: usize = 20;
/// Groups one instance may have (AssociateSecurityGroupInstance page).
pub const GROUPS_PER_INSTANCE: usize = 2;
/// The status every group shows: creation is at once (D-155).
pub const AVAILABLE: &str = "AVAILABLE";

/// One rule, as checked (D-156).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub direction: String,
    pub policy: String,
    pub priority: i64,
    pub ip_protocol: String,
    pub port_range: String,
    pub cidr_ip: String,
    pub description: Option<String>,
}

impl Rule {
    /// What makes two rules the same (D-157): all but priority and description.
    fn key(&self) -> (&str, &str, &str, &str) {
        (
            &self.direction,
            &self.ip_protocol,
            &self.port_range,
            &self.cidr_ip,
        )
    }

    fn info(&self, since_2026: bool) -> vm::RuleInfo {
        vm::RuleInfo {
            direction: self.direction.clone(),
            policy: Some(self.policy.clone()),
            priority: since_2026.then_some(self.priority),
            ip_protocol: self.ip_protocol.clone(),
            port_range: self.port_range.clone(),
            cidr_ip: self.cidr_ip.clone(),
            description: self.description.clone(),
        }
    }
}

/// One security group of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub description: Option<String>,
    pub rules: Vec<Rule>,
    pub created_at: Timestamp,
}

impl SecurityGroup {
    /// `instances` are the account's vm instances; those that have the group are listed.
    pub fn info(&self, instances: &[Instance], since_2026: bool) -> vm::SecurityGroupInfo {
        vm::SecurityGroupInfo {
            security_group_id: self.id.clone(),
            security_group_name: self.name.clone(),
            security_group_status: AVAILABLE.to_owned(),
            create_time: self.created_at.to_string(),
            description: self.description.clone().unwrap_or_default(),
            instance_ids: users(instances, &self.id),
            is_default: false,
            rule_infos: self.rules.iter().map(|r| r.info(since_2026)).collect(),
        }
    }
}

/// The instances that have group `id`.
fn users(instances: &[Instance], id: &str) -> Vec<String> {
    instances
        .iter()
        .filter(|i| i.security_group_ids.iter().any(|g| g == id))
        .map(|i| i.id.clone())
        .collect()
}

fn bad(code: codes::Code, message: String) -> ApiError {
    ApiError::new(code, message)
}

/// D-156: one rule as the page says, `n` its place in `ruleInfos` (1-based; 0 for the
/// single rule of AuthorizeSecurityGroupRule).
pub fn check_rule(rule: &vm::RuleInfo, n: usize) -> Result<Rule, ApiError> {
    let at = if n == 0 {
        String::new()
    } else {
        format!("`ruleInfos` {n}: ")
    };
    if !matches!(rule.direction.as_str(), "ingress" | "egress") {
        return Err(ApiError::invalid_parameter(format!(
            "{at}`direction` must be ingress or egress, not `{}`",
            rule.direction
        )));
    }
    let policy = rule.policy.clone().unwrap_or_else(|| "accept".to_owned());
    if policy != "accept" {
        return Err(bad(
            codes::INVALID_PARAMETER_SECURITY_GROUP_POLICY,
            format!("{at}`policy` must be accept, not `{policy}`"),
        ));
    }
    let priority = rule.priority.unwrap_or(1);
    if !(1..=100).contains(&priority) {
        return Err(bad(
            codes::INVALID_PARAMETER_SECURITY_GROUP_PRIORITY,
            format!("{at}`priority` must be 1 to 100, not {priority}"),
        ));
    }
    let ports_ok = match rule.ip_protocol.as_str() {
        "tcp" | "udp" => rule
            .port_range
            .split_once('/')
            .and_then(|(a, b)| Some((a.parse::<u16>().ok()?, b.parse::<u16>().ok()?)))
            .is_some_and(|(a, b)| a >= 1 && a <= b),
        "icmp" | "all" => rule.port_range == "-1/-1",
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "{at}`ipProtocol` must be tcp, udp, icmp or all, not `{other}`"
            )))
        }
    };
    if !ports_ok {
        return Err(bad(
            codes::INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE,
            format!(
                "{at}`portRange` `{}` must be start/end from 1 to 65535 for tcp and udp, -1/-1 for icmp and all",
                rule.port_range
            ),
        ));
    }
    if let Err(e) = ipam::parse_cidr(&rule.cidr_ip) {
        return Err(bad(
            codes::INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP,
            format!("{at}`cidrIp`: {e}"),
        ));
    }
    check_description("description", rule.description.as_deref())?;
    Ok(Rule {
        direction: rule.direction.clone(),
        policy,
        priority,
        ip_protocol: rule.ip_protocol.clone(),
        port_range: rule.port_range.clone(),
        cidr_ip: rule.cidr_ip.clone(),
        description: rule.description.clone(),
    })
}

/// D-157: a group's whole rule set: no rule twice in a direction, at most 20 per
/// direction.
pub fn check_set(rules: &[Rule]) -> Result<(), ApiError> {
    for (n, rule) in rules.iter().enumerate() {
        if rules[..n].iter().any(|r| r.key() == rule.key()) {
            return Err(bad(
                codes::OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE,
                format!(
                    "the {} rule {} {} from {} is there twice",
                    rule.direction, rule.ip_protocol, rule.port_range, rule.cidr_ip
                ),
            ));
        }
    }
    for direction in ["ingress", "egress"] {
        if rules.iter().filter(|r| r.direction == direction).count() > RULES_PER_DIRECTION {
            return Err(bad(
                codes::OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT,
                format!("a group holds at most {RULES_PER_DIRECTION} {direction} rules"),
            ));
        }
    }
    Ok(())
}

/// Every rule of a request checked, in order.
pub fn check_rules(rules: &[vm::RuleInfo]) -> Result<Vec<Rule>, ApiError> {
    rules
        .iter()
        .enumerate()
        .map(|(n, r)| check_rule(r, n + 1))
        .collect()
}

/// D-155: a name of 1 to 64 characters.
pub fn check_name(name: &str) -> Result<(), ApiError> {
    if (1..=64).contains(&name.chars().count()) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            "`securityGroupName` must be 1 to 64 characters",
        ))
    }
}

/// CreateSecurityGroup (D-155).
pub fn create(
    account_id: &str,
    name: &str,
    description: Option<&str>,
    rules: &[vm::RuleInfo],
    id: String,
    now: Timestamp,
) -> Result<SecurityGroup, ApiError> {
    check_name(name)?;
    check_description("description", description)?;
    let rules = check_rules(rules)?;
    check_set(&rules)?;
    Ok(SecurityGroup {
        id,
        account_id: account_id.to_owned(),
        name: name.to_owned(),
        description: description.map(str::to_owned),
        rules,
        created_at: now,
    })
}

/// A change of a group's rules (D-157).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleChange {
    /// AuthorizeSecurityGroupRule(s): added to the set.
    Add,
    /// ConfigureSecurityGroupRules: the set replaced whole.
    Replace,
    /// RevokeSecurityGroupRules: taken out; each must be there.
    Remove,
}

/// The group with its rules changed, all or nothing.
pub fn change_rules(
    group: &SecurityGroup,
    change: RuleChange,
    asked: Vec<Rule>,
) -> Result<SecurityGroup, ApiError> {
    let mut changed = group.clone();
    match change {
        RuleChange::Add => changed.rules.extend(asked),
        RuleChange::Replace => changed.rules = asked,
        RuleChange::Remove => {
            for rule in &asked {
                let at = changed.rules.iter().position(|r| r.key() == rule.key());
                match at {
                    Some(at) => {
                        changed.rules.remove(at);
                    }
                    None => {
                        return Err(ApiError::invalid_parameter(format!(
                            "group `{}` has no {} rule {} {} from {}",
                            group.id,
                            rule.direction,
                            rule.ip_protocol,
                            rule.port_range,
                            rule.cidr_ip
                        )))
                    }
                }
            }
        }
    }
    check_set(&changed.rules)?;
    Ok(changed)
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_SECURITY_GROUP_NOT_FOUND,
        format!("security group `{id}` does not exist"),
    )
}

/// The account's group of that ID; another account's is not found either (D-6).
pub fn find<'a>(groups: &'a [SecurityGroup], id: &str) -> Result<&'a SecurityGroup, ApiError> {
    groups
        .iter()
        .find(|g| g.id == id)
        .ok_or_else(|| not_found(id))
}

/// DeleteSecurityGroup: refused while an instance has it (D-158).
pub fn check_delete(group: &SecurityGroup, instances: &[Instance]) -> Result<(), ApiError> {
    match users(instances, &group.id).first() {
        Some(instance) => Err(bad(
            codes::OPERATION_DENIED_SECURITY_GROUP_EXIST_INSTANCE,
            format!(
                "security group `{}` is applied to instance `{instance}`",
                group.id
            ),
        )),
        None => Ok(()),
    }
}

/// AssociateSecurityGroupInstance (D-158): a RUNNING or STOPPED instance (else 403
/// `OPERATION_DENIED_INSTANCE_STATUS`), at most two groups, not one twice.
pub fn associate(instance: &Instance, group_id: &str) -> Result<Instance, ApiError> {
    if !matches!(
        instance.status,
        InstanceStatus::Running | InstanceStatus::Stopped
    ) {
        return Err(bad(
            codes::OPERATION_DENIED_INSTANCE_STATUS,
            format!(
                "instance `{}` is {}, not RUNNING or STOPPED",
                instance.id,
                instance.status.name()
            ),
        ));
    }
    if instance.security_group_ids.iter().any(|g| g == group_id) {
        return Err(ApiError::invalid_parameter(format!(
            "security group `{group_id}` is already applied to instance `{}`",
            instance.id
        )));
    }
    if instance.security_group_ids.len() >= GROUPS_PER_INSTANCE {
        return Err(bad(
            codes::OPERATION_DENIED_INSTANCE_SECURITY_GROUP_EXCEED_LIMIT,
            format!(
                "instance `{}` has {GROUPS_PER_INSTANCE} security groups already",
                instance.id
            ),
        ));
    }
    let mut changed = instance.clone();
    changed.security_group_ids.push(group_id.to_owned());
    Ok(changed)
}

/// UnAssociateSecurityGroupInstance (D-158): the group must be applied to the instance.
pub fn unassociate(instance: &Instance, group_id: &str) -> Result<Instance, ApiError> {
    let mut changed = instance.clone();
    let before = changed.security_group_ids.len();
    changed.security_group_ids.retain(|g| g != group_id);
    if changed.security_group_ids.len() == before {
        return Err(ApiError::invalid_parameter(format!(
            "security group `{group_id}` is not applied to instance `{}`",
            instance.id
        )));
    }
    Ok(changed)
}

/// DescribeSecurityGroups: filtered, newest first, paginated.
pub fn describe(
    mut groups: Vec<SecurityGroup>,
    instances: &[Instance],
    req: &vm::DescribeSecurityGroupsRequest,
    since_2026: bool,
) -> Result<vm::DescribeSecurityGroupsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    groups.retain(|g| {
        req.security_group_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&g.id))
            && req
                .security_group_name
                .as_ref()
                .is_none_or(|part| g.name.contains(part.as_str()))
    });
    groups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    Ok(vm::DescribeSecurityGroupsResponse {
        total_count: groups.len() as i64,
        data_set: groups
            .iter()
            .skip(offset)
            .take(size)
            .map(|g| g.info(instances, since_2026))
            .collect(),
    })
}

/// DescribeInstanceAvailableSecurityGroupResources: the groups the instance does not
/// have yet, oldest first.
pub fn available_for(
    mut groups: Vec<SecurityGroup>,
    instance: &Instance,
) -> Vec<vm::InstanceAvailableSecurityGroup> {
    groups.retain(|g| !instance.security_group_ids.contains(&g.id));
    groups.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    groups
        .iter()
        .map(|g| vm::InstanceAvailableSecurityGroup {
            security_group_id: g.id.clone(),
            security_group_name: g.name.clone(),
            is_default: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(direction: &str, protocol: &str, ports: &str, cidr: &str) -> vm::RuleInfo {
        vm::RuleInfo {
            direction: direction.into(),
            policy: None,
            priority: None,
            ip_protocol: protocol.into(),
            port_range: ports.into(),
            cidr_ip: cidr.into(),
            description: None,
        }
    }

    fn group(rules: &[vm::RuleInfo]) -> Result<SecurityGroup, ApiError> {
        create("acct", "web", None, rules, "sg-1".into(), Timestamp(0))
    }

    /// D-156: protocol, ports, CIDR, direction, policy and priority as the page says.
    #[test]
    fn rules_are_checked_field_by_field() {
        for good in [
            rule("ingress", "tcp", "22/22", "0.0.0.0/0"),
            rule("egress", "udp", "1/65535", "10.0.0.0/8"),
            rule("ingress", "icmp", "-1/-1", "2001:db8::/32"),
            rule("ingress", "all", "-1/-1", "0.0.0.0/0"),
        ] {
            assert!(check_rule(&good, 1).is_ok(), "{good:?}");
        }
        let code = |r: vm::RuleInfo| check_rule(&r, 1).unwrap_err().code;
        let port = codes::INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE;
        assert_eq!(code(rule("ingress", "tcp", "200/1", "0.0.0.0/0")), port);
        assert_eq!(code(rule("ingress", "tcp", "0/22", "0.0.0.0/0")), port);
        assert_eq!(code(rule("ingress", "tcp", "22", "0.0.0.0/0")), port);
        assert_eq!(code(rule("ingress", "udp", "1/65536", "0.0.0.0/0")), port);
        assert_eq!(code(rule("ingress", "icmp", "1/2", "0.0.0.0/0")), port);
        assert_eq!(
            code(rule("ingress", "tcp", "22/22", "10.0.0.1/8")),
            codes::INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP
        );
        assert_eq!(
            code(rule("inbound", "tcp", "22/22", "0.0.0.0/0")),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(rule("ingress", "TCP", "22/22", "0.0.0.0/0")),
            codes::INVALID_PARAMETER
        );
        let mut drop = rule("ingress", "tcp", "22/22", "0.0.0.0/0");
        drop.policy = Some("drop".into());
        assert_eq!(code(drop), codes::INVALID_PARAMETER_SECURITY_GROUP_POLICY);
        let mut high = rule("ingress", "tcp", "22/22", "0.0.0.0/0");
        high.priority = Some(101);
        assert_eq!(code(high), codes::INVALID_PARAMETER_SECURITY_GROUP_PRIORITY);
    }

    /// D-157: no duplicates in a direction, 20 per direction, changes all or nothing.
    #[test]
    fn rule_sets() {
        let ssh = rule("ingress", "tcp", "22/22", "0.0.0.0/0");
        let mut ssh_again = ssh.clone();
        ssh_again.priority = Some(5);
        assert_eq!(
            group(&[ssh.clone(), ssh_again]).unwrap_err().code,
            codes::OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE
        );
        let out = rule("egress", "tcp", "22/22", "0.0.0.0/0");
        let g = group(&[ssh.clone(), out]).unwrap();
        let many: Vec<vm::RuleInfo> = (1..=20)
            .map(|p| rule("ingress", "tcp", &format!("{p}/{p}"), "10.0.0.0/8"))
            .collect();
        assert!(group(&many).is_ok());
        let more = check_rules(&many).unwrap();
        let err = change_rules(&g, RuleChange::Add, more.clone()).unwrap_err();
        assert_eq!(
            err.code,
            codes::OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT
        );
        let replaced = change_rules(&g, RuleChange::Replace, more).unwrap();
        assert_eq!(replaced.rules.len(), 20);
        let removed = change_rules(
            &g,
            RuleChange::Remove,
            check_rules(std::slice::from_ref(&ssh)).unwrap(),
        )
        .unwrap();
        assert_eq!(removed.rules.len(), 1);
        assert!(change_rules(&removed, RuleChange::Remove, check_rules(&[ssh]).unwrap()).is_err());
    }
}
