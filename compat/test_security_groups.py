"""vm security groups through the official SDK (docs/decisions.md D-155 to D-158), in both
vm versions: each action's happy path and each of its own error codes with the HTTP status
it travels with, rules replaced at once, and groups applied to instances until they are
released. Each test opens its own accounts.
"""

import re

import pytest

from plan_support import (PROVISIONING_SECONDS, VM_VERSIONS, advance, describe, new_client,
                          sdk_error)

GROUP_ID = re.compile(r"^sg-[A-Za-z0-9]{8}$")


def _rule(service, direction="ingress", protocol="tcp", ports="22/22", cidr="0.0.0.0/0",
          **extra):
    return service.models.RuleInfo(dict(direction=direction, ipProtocol=protocol,
                                        portRange=ports, cidrIp=cidr, **extra))


def _create(service, client, rules=()):
    request = service.request("CreateSecurityGroupRequest", securityGroupName="web",
                              description="front", ruleInfos=list(rules))
    return client.CreateSecurityGroup(request).securityGroupId


def _group(service, client, group_id):
    (group,) = client.DescribeSecurityGroups(
        service.request("DescribeSecurityGroupsRequest", securityGroupIds=[group_id])).dataSet
    return group


def _rules(service, client, group_id):
    return [(r.direction, r.ipProtocol, r.portRange)
            for r in _group(service, client, group_id).ruleInfos]


def _change(service, client, action, group_id, rules):
    request = service.request(action + "Request", securityGroupId=group_id, ruleInfos=rules)
    return getattr(client, action)(request)


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_a_group_and_its_rules(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="10.00")
    group_id = _create(service, client, [_rule(service)])
    assert GROUP_ID.match(group_id), group_id
    group = _group(service, client, group_id)
    assert (group.securityGroupName, group.description, group.securityGroupStatus) == (
        "web", "front", "AVAILABLE")

    single = service.request("AuthorizeSecurityGroupRuleRequest", securityGroupId=group_id,
                             direction="egress", ipProtocol="all", portRange="-1/-1",
                             cidrIp="0.0.0.0/0")
    client.AuthorizeSecurityGroupRule(single)
    _change(service, client, "AuthorizeSecurityGroupRules", group_id,
            [_rule(service, ports="443/443")])
    assert _rules(service, client, group_id) == [
        ("ingress", "tcp", "22/22"), ("egress", "all", "-1/-1"), ("ingress", "tcp", "443/443")]
    assert sdk_error(client, lambda: client.AuthorizeSecurityGroupRule(single)) == (
        "OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE", 403)
    _change(service, client, "RevokeSecurityGroupRules", group_id, [_rule(service)])
    assert len(_rules(service, client, group_id)) == 2
    _change(service, client, "ConfigureSecurityGroupRules", group_id,
            [_rule(service, ports="80/80")])
    assert _rules(service, client, group_id) == [("ingress", "tcp", "80/80")]

    rename = service.request("ModifySecurityGroupsAttributeRequest",
                             securityGroupIds=[group_id], securityGroupName="http")
    client.ModifySecurityGroupsAttribute(rename)
    assert _group(service, client, group_id).securityGroupName == "http"
    delete = service.request("DeleteSecurityGroupRequest", securityGroupId=group_id)
    client.DeleteSecurityGroup(delete)
    assert sdk_error(client, lambda: client.DeleteSecurityGroup(delete)) == (
        "INVALID_SECURITY_GROUP_NOT_FOUND", 404)


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_rules_answer_each_refusal_with_its_code(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="10.00")
    group_id = _create(service, client)
    for rule, expected in [
        (_rule(service, ports="200/1"), ("INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE", 400)),
        (_rule(service, cidr="10.0.0.1/8"),
         ("INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP", 400)),
        (_rule(service, policy="drop"), ("INVALID_PARAMETER_SECURITY_GROUP_POLICY", 400)),
        (_rule(service, protocol="TCP"), ("INVALID_PARAMETER", 400)),
    ]:
        assert sdk_error(client, lambda: _change(
            service, client, "ConfigureSecurityGroupRules", group_id, [rule])) == expected
    assert sdk_error(client, lambda: _change(
        service, client, "ConfigureSecurityGroupRules", "sg-00000000", [])) == (
        "INVALID_SECURITY_GROUP_NOT_FOUND", 404)
    if service.version == "2026-04-01":
        assert sdk_error(client, lambda: _change(
            service, client, "ConfigureSecurityGroupRules", group_id,
            [_rule(service, priority=101)])) == ("INVALID_PARAMETER_SECURITY_GROUP_PRIORITY", 400)
    twenty = [_rule(service, ports="%d/%d" % (p, p)) for p in range(1, 21)]
    _change(service, client, "ConfigureSecurityGroupRules", group_id, twenty)
    assert sdk_error(client, lambda: _change(
        service, client, "AuthorizeSecurityGroupRules", group_id,
        [_rule(service, protocol="udp")])) == (
        "OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT", 403)
    assert len(_rules(service, client, group_id)) == 20


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_groups_on_instances(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, bob = new_client(service, control_plane, config)
    web, db, third = (_create(service, client) for _ in range(3))
    bobs = _create(service, bob)

    def create(group_id):
        request = service.create_request(charge_type="POSTPAID")
        request.securityGroupId = group_id
        (instance_id,) = client.CreateInstances(request).instanceIdSet
        return instance_id

    assert sdk_error(client, lambda: create(bobs)) == ("INVALID_SECURITY_GROUP_NOT_FOUND", 404)
    instance_id = create(web)
    assert describe(service, client, instance_id).securityGroupIds == [web]
    available = client.DescribeInstanceAvailableSecurityGroupResources(
        service.request("DescribeInstanceAvailableSecurityGroupResourcesRequest",
                        instanceId=instance_id)).instanceAvailableSecurityGroups
    assert sorted(g.securityGroupId for g in available) == sorted([db, third])

    def link(action, group_id, instance=instance_id):
        request = service.request(action + "Request", securityGroupId=group_id,
                                  instanceId=instance)
        return getattr(client, action)(request)

    # Only a RUNNING or STOPPED instance takes a group (D-158): this one is being made.
    assert sdk_error(client, lambda: link("AssociateSecurityGroupInstance", db)) == (
        "OPERATION_DENIED_INSTANCE_STATUS", 403)
    advance(control_plane, PROVISIONING_SECONDS)
    link("AssociateSecurityGroupInstance", db)
    assert sdk_error(client, lambda: link("AssociateSecurityGroupInstance", third)) == (
        "OPERATION_DENIED_INSTANCE_SECURITY_GROUP_EXCEED_LIMIT", 403)
    assert sdk_error(client, lambda: link("AssociateSecurityGroupInstance", third,
                                          "100000000000000000")) == (
        "INVALID_INSTANCE_NOT_FOUND", 404)
    link("UnAssociateSecurityGroupInstance", db)
    assert describe(service, client, instance_id).securityGroupIds == [web]
    delete = service.request("DeleteSecurityGroupRequest", securityGroupId=web)
    assert sdk_error(client, lambda: client.DeleteSecurityGroup(delete)) == (
        "OPERATION_DENIED_SECURITY_GROUP_EXIST_INSTANCE", 403)

    client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=instance_id))
    client.ReleaseInstances(service.request("ReleaseInstancesRequest", instanceIds=[instance_id]))
    client.DeleteSecurityGroup(delete)
