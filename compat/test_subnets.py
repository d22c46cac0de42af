"""vm subnets through the official SDK (docs/decisions.md D-150 to D-154), in both vm
versions: each action's happy path and each of its own error codes with the HTTP status it
travels with, and the private addresses of instances created with `subnetId`, freed when
they are released. Each test opens its own accounts.
"""

import re

import pytest

from plan_support import (PROVISIONING_SECONDS, VM_VERSIONS, VM_ZONE, advance, describe,
                          new_client, sdk_error)

SUBNET_ID = re.compile(r"^subnet-[A-Za-z0-9]{8}$")


def _create(service, client, cidr, name="net-1", zone=VM_ZONE):
    request = service.request("CreateSubnetRequest", zoneId=zone, subnetName=name,
                              cidrBlock=cidr)
    return client.CreateSubnet(request).subnetId


def _subnets(service, client, **filters):
    return client.DescribeSubnets(service.request("DescribeSubnetsRequest", **filters))


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_a_subnet_is_created_listed_renamed_and_deleted(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="10.00")
    subnet_id = _create(service, client, "10.0.0.0/24")
    assert SUBNET_ID.match(subnet_id), subnet_id
    other = _create(service, client, "172.16.0.0/28")

    (subnet,) = _subnets(service, client, subnetIds=[subnet_id]).dataSet
    assert (subnet.subnetStatus, subnet.cidrBlock, subnet.zoneId) == (
        "Available", "10.0.0.0/24", VM_ZONE)
    assert (subnet.totalIpCount, subnet.usageIpCount, subnet.instanceIdList) == (253, 0, [])
    assert _subnets(service, client).totalCount == 2

    rename = service.request("ModifySubnetsAttributeRequest", subnetIds=[subnet_id, other],
                             subnetName="renamed")
    client.ModifySubnetsAttribute(rename)
    assert _subnets(service, client, subnetName="renamed").totalCount == 2
    missing = service.request("ModifySubnetsAttributeRequest",
                              subnetIds=[subnet_id, "subnet-00000000"], subnetName="again")
    assert sdk_error(client, lambda: client.ModifySubnetsAttribute(missing)) == (
        "INVALID_SUBNET_NOT_FOUND", 404)

    delete = service.request("DeleteSubnetRequest", subnetId=subnet_id)
    client.DeleteSubnet(delete)
    assert sdk_error(client, lambda: client.DeleteSubnet(delete)) == (
        "INVALID_SUBNET_NOT_FOUND", 404)
    assert _subnets(service, client).totalCount == 1


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_create_subnet_answers_each_refusal_with_its_code(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="10.00")
    _create(service, client, "192.168.0.0/25")
    for cidr, expected in [
        ("192.168.0.64/26", ("UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST", 400)),
        ("10.9.0.0/24", ("INVALID_PARAMETER", 400)),
        ("10.0.0.0/30", ("INVALID_PARAMETER", 400)),
    ]:
        assert sdk_error(client, lambda: _create(service, client, cidr)) == expected, cidr
    assert sdk_error(client, lambda: _create(service, client, "10.0.0.0/24", zone="nowhere")) == (
        "INVALID_ZONE_NOT_FOUND", 404)
    for n in range(9):
        _create(service, client, "10.0.0.%d/29" % (n * 8))
    assert sdk_error(client, lambda: _create(service, client, "10.0.0.128/29")) == (
        "UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT", 400)


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_instances_hold_private_addresses_of_their_subnet(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, bob = new_client(service, control_plane, config)
    subnet_id = _create(service, client, "192.168.0.0/29")

    def create(subnet, count=1, zone=None):
        request = service.create_request(charge_type="POSTPAID")
        request.subnetId, request.instanceCount = subnet, count
        if zone:
            request.zoneId = zone
        return client.CreateInstances(request).instanceIdSet

    (instance_id,) = create(subnet_id)
    shown = describe(service, client, instance_id)
    assert (shown.subnetId, shown.privateIpAddresses) == (subnet_id, ["192.168.0.2"])
    by_subnet = client.DescribeInstances(
        service.request("DescribeInstancesRequest", subnetId=subnet_id))
    assert [i.instanceId for i in by_subnet.dataSet] == [instance_id]
    (subnet,) = _subnets(service, client).dataSet
    assert (subnet.usageIpCount, subnet.instanceIdList) == (1, [instance_id])

    assert sdk_error(client, lambda: create(subnet_id, count=5)) == (
        "INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT", 400)
    assert sdk_error(client, lambda: create(subnet_id, zone="na-west-1a")) == (
        "INVALID_SUBNET_ZONE_MISMATCH", 400)
    assert sdk_error(client, lambda: create("subnet-00000000")) == (
        "INVALID_SUBNET_NOT_FOUND", 404)
    bobs = _create(service, bob, "192.168.0.0/29")
    assert sdk_error(client, lambda: create(bobs)) == ("INVALID_SUBNET_NOT_FOUND", 404)
    delete = service.request("DeleteSubnetRequest", subnetId=subnet_id)
    assert sdk_error(client, lambda: client.DeleteSubnet(delete)) == (
        "UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE", 400)

    advance(control_plane, PROVISIONING_SECONDS)
    client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=instance_id))
    client.ReleaseInstances(service.request("ReleaseInstancesRequest", instanceIds=[instance_id]))
    assert _subnets(service, client).dataSet[0].usageIpCount == 0
    client.DeleteSubnet(delete)
