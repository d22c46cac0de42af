//! vm security groups (docs/decisions.md D-155 to D-158): groups, their rules, and the
//! instances they are applied to, in both vm versions.

pub mod vm {
    use crate::handlers::Cx;
    use zenlocal_core::security_group::{self, RuleChange};
    use zenlocal_core::{codes, ApiError};
    use zenlocal_store::ops::security_groups::*;
    use zenlocal_wire::model::common::{Empty, InstanceIdRequest};
    use zenlocal_wire::model::vm::*;

    pub async fn create_security_group(
        cx: &Cx<'_>,
        req: CreateSecurityGroupRequest,
    ) -> Result<CreateSecurityGroupResponse, ApiError> {
        let security_group_id = cx
            .command(CreateSecurityGroup {
                account_id: cx.account_id.to_owned(),
                name: req.security_group_name,
                description: req.description,
                rules: req.rule_infos.unwrap_or_default(),
            })
            .await?;
        Ok(CreateSecurityGroupResponse { security_group_id })
    }

    pub async fn describe_security_groups(
        cx: &Cx<'_>,
        req: DescribeSecurityGroupsRequest,
    ) -> Result<DescribeSecurityGroupsResponse, ApiError> {
        let (groups, instances) = cx
            .query(SecurityGroups {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        security_group::describe(groups, &instances, &req, cx.version.is_2026())
    }

    pub async fn modify_security_groups_attribute(
        cx: &Cx<'_>,
        req: ModifySecurityGroupsAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ModifySecurityGroups {
            account_id: cx.account_id.to_owned(),
            ids: req.security_group_ids,
            name: req.security_group_name,
            description: req.description,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_security_group(
        cx: &Cx<'_>,
        req: SecurityGroupIdRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(DeleteSecurityGroup {
            account_id: cx.account_id.to_owned(),
            id: req.security_group_id,
        })
        .await?;
        Ok(Empty {})
    }

    async fn change_rules(
        cx: &Cx<'_>,
        id: String,
        change: RuleChange,
        rules: Vec<RuleInfo>,
    ) -> Result<Empty, ApiError> {
        cx.command(ChangeRules {
            account_id: cx.account_id.to_owned(),
            id,
            change,
            rules,
        })
        .await?;
        Ok(Empty {})
    }

    /// The rules of an Authorize or Revoke: at least one.
    fn some_rules(rules: Option<Vec<RuleInfo>>) -> Result<Vec<RuleInfo>, ApiError> {
        match rules {
            Some(rules) if !rules.is_empty() => Ok(rules),
            _ => Err(ApiError::new(
                codes::MISSING_PARAMETER,
                "`ruleInfos` must hold at least one rule",
            )),
        }
    }

    pub async fn authorize_security_group_rule(
        cx: &Cx<'_>,
        req: AuthorizeSecurityGroupRuleRequest,
    ) -> Result<Empty, ApiError> {
        let rule = RuleInfo {
            direction: req.direction,
            policy: req.policy,
            priority: req.priority,
            ip_protocol: req.ip_protocol,
            port_range: req.port_range,
            cidr_ip: req.cidr_ip,
            description: req.description,
        };
        change_rules(cx, req.security_group_id, RuleChange::Add, vec![rule]).await
    }

    pub async fn authorize_security_group_rules(
        cx: &Cx<'_>,
        req: SecurityGroupRulesRequest,
    ) -> Result<Empty, ApiError> {
        let rules = some_rules(req.rule_infos)?;
        change_rules(cx, req.security_group_id, RuleChange::Add, rules).await
    }

    pub async fn configure_security_group_rules(
        cx: &Cx<'_>,
        req: SecurityGroupRulesRequest,
    ) -> Result<Empty, ApiError> {
        let rules = req.rule_infos.unwrap_or_default();
        change_rules(cx, req.security_group_id, RuleChange::Replace, rules).await
    }

    pub async fn revoke_security_group_rules(
        cx: &Cx<'_>,
        req: SecurityGroupRulesRequest,
    ) -> Result<Empty, ApiError> {
        let rules = some_rules(req.rule_infos)?;
        change_rules(cx, req.security_group_id, RuleChange::Remove, rules).await
    }

    async fn link(
        cx: &Cx<'_>,
        req: SecurityGroupInstanceRequest,
        associate: bool,
    ) -> Result<Empty, ApiError> {
        cx.command(LinkInstance {
            account_id: cx.account_id.to_owned(),
            group_id: req.security_group_id,
            instance_id: req.instance_id,
            associate,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn associate_security_group_instance(
        cx: &Cx<'_>,
        req: SecurityGroupInstanceRequest,
    ) -> Result<Empty, ApiError> {
        link(cx, req, true).await
    }

    pub async fn un_associate_security_group_instance(
        cx: &Cx<'_>,
        req: SecurityGroupInstanceRequest,
    ) -> Result<Empty, ApiError> {
        link(cx, req, false).await
    }

    pub async fn describe_instance_available_security_group_resources(
        cx: &Cx<'_>,
        req: InstanceIdRequest,
    ) -> Result<DescribeInstanceAvailableSecurityGroupResourcesResponse, ApiError> {
        let (instance, groups) = cx
            .query(AvailableFor {
                account_id: cx.account_id.to_owned(),
                instance_id: req.instance_id,
            })
            .await?;
        Ok(DescribeInstanceAvailableSecurityGroupResourcesResponse {
            instance_available_security_groups: security_group::available_for(groups, &instance),
        })
    }
}
