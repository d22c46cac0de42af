"""VPCs and subnets through the official SDK: bmc's (docs/decisions.md D-220 to D-227) in
both bmc versions — regions, VPCs and subnets made, listed, renamed and deleted, a subnet
moved into a VPC, instances put in a subnet at creation and afterwards and taken out — and
vm's VPCs with their subnets in 2023-03-13 (D-228 to D-231); each action's own error
codes with the HTTP status they travel with. Each test opens its own accounts.
"""

import ipaddress
import re

import pytest

from plan_support import (BMC_VERSIONS, BMC_ZONE, VM_2023, VM_ZONE, describe, new_client,
                          running_instance, sdk_error)

NETWORK_ID = re.compile(r"^[1-9][0-9]{17}$")


def _vpc(service, client, region="SEL1", cidr="10.0.0.0/16", name="net-1"):
    request = service.request("CreateVpcRequest", vpcRegionId=region, cidrBlock=cidr,
                              vpcName=name)
    return client.CreateVpc(request).vpcId


def _subnet(service, client, cidr, vpc_id=None, zone=BMC_ZONE):
    request = service.request("CreateSubnetRequest", zoneId=zone, cidrBlock=cidr,
                              subnetName="sub-1")
    if vpc_id:
        request.vpcId = vpc_id
    return client.CreateSubnet(request).subnetId


def _subnets(service, client, **filters):
    return client.DescribeSubnets(service.request("DescribeSubnetsRequest", **filters))


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_vpcs_are_made_listed_renamed_and_deleted(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="10.00")
    regions = client.DescribeVpcAvailableRegions(
        service.request("DescribeVpcAvailableRegionsRequest", zoneId=BMC_ZONE)).vpcRegionSet
    assert [(r.vpcRegionId, r.zoneIds) for r in regions] == [("SEL1", [BMC_ZONE])]
    zones = client.DescribeSubnetAvailableResources(
        service.request("DescribeSubnetAvailableResourcesRequest")).zoneIdSet
    assert BMC_ZONE in zones

    vpc_id = _vpc(service, client)
    assert NETWORK_ID.match(vpc_id), vpc_id
    (vpc,) = client.DescribeVpcs(service.request("DescribeVpcsRequest", vpcIds=[vpc_id])).dataSet
    assert (vpc.vpcStatus, vpc.vpcRegionId, vpc.cidrBlock) == ("AVAILABLE", "SEL1", "10.0.0.0/16")
    client.ModifyVpcsAttribute(service.request("ModifyVpcsAttributeRequest", vpcIds=[vpc_id],
                                               vpcName="renamed"))
    assert client.DescribeVpcs(
        service.request("DescribeVpcsRequest", vpcName="renamed")).totalCount == 1

    subnet_id = _subnet(service, client, "10.0.1.0/24", vpc_id)
    (subnet,) = _subnets(service, client, vpcId=vpc_id).dataSet
    assert (subnet.subnetId, subnet.vpcSubnetStatus, subnet.vpcName, subnet.availableIpCount) == (
        subnet_id, "ASSOCIATED", "renamed", 253)
    delete_vpc = service.request("DeleteVpcRequest", vpcId=vpc_id)
    assert sdk_error(client, lambda: client.DeleteVpc(delete_vpc)) == (
        "OPERATION_DENIED_VPC_EXIST_SUBNET_ASSIGN", 403)
    client.ModifySubnetsAttribute(service.request("ModifySubnetsAttributeRequest",
                                                  subnetIds=[subnet_id], subnetName="web"))
    assert _subnets(service, client, subnetName="web").totalCount == 1
    delete_subnet = service.request("DeleteSubnetRequest", subnetId=subnet_id)
    client.DeleteSubnet(delete_subnet)
    assert sdk_error(client, lambda: client.DeleteSubnet(delete_subnet)) == (
        "OPERATION_FAILED_RESOURCE_NOT_FOUND", 400)
    client.DeleteVpc(delete_vpc)
    assert sdk_error(client, lambda: client.DeleteVpc(delete_vpc)) == (
        "INVALID_VPC_NOT_FOUND", 404)


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_refusals_answer_their_codes(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="10.00")
    assert sdk_error(client, lambda: _vpc(service, client, region="XXX1")) == (
        "INVALID_VPC_REGION_NOT_FOUND", 404)
    for cidr, code in [("8.8.8.0/24", "INVALID_PARAMETER_VPC_LAN_IP"),
                       ("10.0.0.0/29", "INVALID_PARAMETER_VPC_LAN_IP_NETMASK"),
                       ("10.0.0.1/16", "INVALID_PARAMETER_VPC_CIDR_BLOCK")]:
        assert sdk_error(client, lambda: _vpc(service, client, cidr=cidr)) == (code, 400), cidr
    vpc_id = _vpc(service, client)
    far = _vpc(service, client, region="FRA1")
    _subnet(service, client, "10.0.0.0/24", vpc_id)
    for cidr, vpc, code, status in [
        ("10.0.0.0/25", vpc_id, "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP", 400),
        ("172.16.0.0/24", vpc_id, "INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC", 400),
        ("10.0.1.0/24", far, "OPERATION_DENIED_ZONE_NOT_BELONG_VPC", 403),
        ("10.0.1.0/24", "100000000000000001", "INVALID_VPC_NOT_FOUND", 404),
        ("10.9.0.0/24", None, "INVALID_PARAMETER_SUBNET_LAN_IP", 400),
        ("10.0.0.0/30", None, "INVALID_PARAMETER_SUBNET_LAN_IP_NETMASK", 400),
    ]:
        assert sdk_error(client, lambda: _subnet(service, client, cidr, vpc)) == (code, status)

    own = _subnet(service, client, "10.0.1.0/24")
    move = service.request("AssociateVpcSubnetRequest", subnetId=own, vpcId=vpc_id)
    client.AssociateVpcSubnet(move)
    assert _subnets(service, client, subnetIds=[own]).dataSet[0].vpcId == vpc_id
    elsewhere = service.request("AssociateVpcSubnetRequest", subnetId=own,
                                vpcId=_vpc(service, client))
    assert sdk_error(client, lambda: client.AssociateVpcSubnet(elsewhere)) == (
        "OPERATION_DENIED_SUBNET_ASSOCIATED_OTHER_VPC", 403)


# The private pool of the built-in catalog's SEL-A (D-233).
SEL_A_PRIVATE = ipaddress.ip_network("10.1.0.0/16")


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_instances_join_and_leave_a_subnet(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, bob = new_client(service, control_plane, config)
    subnet_id = _subnet(service, client, "192.168.0.0/29",
                        _vpc(service, client, cidr="192.168.0.0/16"))

    create = service.create_request(charge_type="POSTPAID")
    create.subnetId = subnet_id
    (created,) = client.CreateInstances(create).instanceIdSet
    shown = describe(service, client, created)
    assert (shown.subnetIds, shown.privateIpAddresses) == ([subnet_id], ["192.168.0.2"])
    assert sdk_error(bob, lambda: bob.CreateInstances(create)) == (
        "INVALID_SUBNET_NOT_FOUND", 404)

    joining = running_instance(service, client, control_plane, charge_type="POSTPAID")
    (before,) = describe(service, client, joining).privateIpAddresses
    assert ipaddress.ip_address(before) in SEL_A_PRIVATE
    member = service.models.AssociateSubnetInstance()
    member.instanceId, member.privateIpAddress = joining, "192.168.0.5"
    join = service.request("AssociateSubnetInstancesRequest", subnetId=subnet_id,
                           subnetInstanceList=[member])
    client.AssociateSubnetInstances(join)
    (subnet,) = _subnets(service, client, subnetIds=[subnet_id]).dataSet
    assert sorted((m.instanceId, m.privateIpAddress, m.privateIpStatus)
                  for m in subnet.subnetInstanceSet) == sorted(
        [(created, "192.168.0.2", "BINDED"), (joining, "192.168.0.5", "BINDED")])
    assert sdk_error(client, lambda: client.AssociateSubnetInstances(join)) == (
        "OPERATION_DENIED_SUBNET_EXIST_INSTANCE", 403)
    delete = service.request("DeleteSubnetRequest", subnetId=subnet_id)
    assert sdk_error(client, lambda: client.DeleteSubnet(delete)) == (
        "OPERATION_DENIED_SUBNET_EXIST_INSTANCE", 403)

    for instance_id in (created, joining):
        client.UnAssociateSubnetInstance(service.request(
            "UnAssociateSubnetInstanceRequest", subnetId=subnet_id, instanceId=instance_id))
    # Out of the subnet, each draws a fresh address of the zone's private pool (D-233).
    after = [describe(service, client, i).privateIpAddresses[0] for i in (created, joining)]
    assert describe(service, client, joining).subnetIds is None
    assert all(ipaddress.ip_address(a) in SEL_A_PRIVATE for a in after)
    assert len(set(after + [before])) == 3
    assert _subnets(service, client, subnetIds=[subnet_id]).dataSet[0].availableIpCount == 5
    client.DeleteSubnet(delete)


def test_vm_vpcs_and_their_subnets(control_plane, config):
    service = VM_2023
    _, _, client = new_client(service, control_plane, config)
    _, _, bob = new_client(service, control_plane, config)
    create = service.request("CreateVpcRequest", zoneId=VM_ZONE, vpcName="net-1",
                             vpcCidrBlock="10.0.0.0/24", subnetName="first",
                             subnetCidrBlock="10.0.0.0/29")
    vpc_id = client.CreateVpc(create).vpcId
    assert sdk_error(client, lambda: client.CreateVpc(create)) == (
        "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST", 400)
    (vpc,) = client.DescribeVpcs(service.request("DescribeVpcsRequest", vpcIds=[vpc_id])).dataSet
    assert (vpc.vpcStatus, vpc.zoneId, vpc.cidrBlock, vpc.isDefault) == (
        "Available", VM_ZONE, "10.0.0.0/24", False)
    (first,) = vpc.subnetIdList

    more = service.request("CreateVpcSubnetRequest", vpcId=vpc_id, subnetName="more",
                           cidrBlock="10.0.0.64/26")
    more_id = client.CreateVpcSubnet(more).subnetId
    assert sdk_error(client, lambda: client.CreateVpcSubnet(more)) == (
        "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST", 400)
    assert sdk_error(bob, lambda: bob.CreateVpcSubnet(more)) == ("INVALID_VPC_NOT_FOUND", 404)
    listed = client.DescribeVpcSubnets(service.request("DescribeVpcSubnetsRequest", vpcId=vpc_id))
    assert sorted(s.subnetId for s in listed.dataSet) == sorted([first, more_id])

    instance = service.create_request(charge_type="POSTPAID")
    instance.subnetId = first
    (instance_id,) = client.CreateInstances(instance).instanceIdSet
    assert describe(service, client, instance_id).privateIpAddresses == ["10.0.0.2"]
    delete = service.request("DeleteVpcRequest", vpcId=vpc_id)
    assert sdk_error(client, lambda: client.DeleteVpc(delete)) == (
        "UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE", 400)

    client.ModifyVpcsAttribute(service.request("ModifyVpcsAttributeRequest", vpcIds=[vpc_id],
                                               vpcName="renamed"))
    client.ModifyVpcSubnetsAttribute(service.request("ModifyVpcSubnetsAttributeRequest",
                                                     subnetIds=[more_id], subnetName="web"))
    assert client.DescribeVpcSubnets(service.request(
        "DescribeVpcSubnetsRequest", subnetName="web")).dataSet[0].subnetId == more_id
    drop = service.request("DeleteVpcSubnetRequest", subnetId=more_id)
    client.DeleteVpcSubnet(drop)
    assert sdk_error(client, lambda: client.DeleteVpcSubnet(drop)) == (
        "INVALID_SUBNET_NOT_FOUND", 404)
    assert sdk_error(bob, lambda: bob.DeleteVpc(delete)) == ("INVALID_VPC_NOT_FOUND", 404)
