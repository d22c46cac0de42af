"""bmc elastic IPs and IP blocks through the official SDK (docs/decisions.md D-140 to
D-148), in both versions: each action's happy path and each of its own error codes with
the HTTP status it travels with. Each test opens its own accounts; tests that move the
shared clock are marked `advances_clock`.
"""

import ipaddress
import re

import pytest

from plan_support import (
    BMC_VERSIONS, INSTANCE_ID, MISSING_INSTANCE_ID, ORDER_NUMBER, PROCESSING_SECONDS, Wire,
    advance, balance, describe, history, new_client, running_instance, sdk_error,
)

EIP_ID = INSTANCE_ID
MISSING_ID = "1000000000000000003"
ZONE = "SEL-A"
SEL_A_V4 = ipaddress.ip_network("198.51.100.0/25")
SEL_A_V6 = ipaddress.ip_network("2001:db8:1::/48")
SEL_A_INSTANCES = ipaddress.ip_network("198.18.0.0/18")


def prepaid(service, months=1):
    return service.models.ChargePrepaid({"period": months})


def allocate(service, client, charge="POSTPAID", amount=1, zone=ZONE, months=1, **extra):
    request = service.request("AllocateEipAddressesRequest", zoneId=zone, eipChargeType=charge,
                              amount=amount, **extra)
    if charge == "PREPAID":
        request.eipChargePrepaid = prepaid(service, months)
    return client.AllocateEipAddresses(request)


def eips(service, client, **filters):
    return client.DescribeEipAddresses(service.request("DescribeEipAddressesRequest", **filters))


def eip(service, client, eip_id):
    (found,) = eips(service, client, eipIds=[eip_id]).dataSet
    return found


def ready_eip(service, client, control_plane, charge="POSTPAID", **extra):
    (eip_id,) = allocate(service, client, charge, **extra).eipIdSet
    advance(control_plane, PROCESSING_SECONDS)
    assert eip(service, client, eip_id).eipStatus == "AVAILABLE"
    return eip_id


def associate(service, client, eip_id, instance_id):
    return client.AssociateEipAddress(service.request(
        "AssociateEipAddressRequest", eipId=eip_id, instanceId=instance_id))


def by_id(service, client, action, model, **fields):
    return getattr(client, action)(service.request(model, **fields))


def create_block(service, client, charge="POSTPAID", netmask=29, amount=1, name=None, months=1):
    request = service.request("CreateIpv4BlockRequest", zoneId=ZONE, chargeType=charge,
                              netmask=netmask, amount=amount)
    if name is not None:
        request.name = name
    if charge == "PREPAID":
        request.chargePrepaid = prepaid(service, months)
    return client.CreateIpv4Block(request)


def blocks(service, client, **filters):
    return client.DescribeCidrBlocks(service.request("DescribeCidrBlocksRequest", **filters))


def block(service, client, block_id):
    (found,) = blocks(service, client, cidrBlockIds=[block_id]).dataSet
    return found


# --- elastic IPs ---------------------------------------------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_an_eip_is_bought_associated_and_shown_on_its_instance(service, control_plane, config):
    _, credential, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    before = balance(credential, config)

    quote = client.InquiryPriceCreateEipAddress(service.request(
        "InquiryPriceCreateEipAddressRequest", zoneId=ZONE, eipChargeType="PREPAID",
        eipChargePrepaid=prepaid(service, 2), amount=2))
    assert quote.eipPrice.discountPrice == 12.0
    assert quote.eipPrice.originalPrice == 12.0
    allocated = allocate(service, client, "PREPAID", amount=2, months=2)
    assert ORDER_NUMBER.match(allocated.orderNumber), allocated.orderNumber
    assert len(allocated.eipIdSet) == 2 and all(EIP_ID.match(i) for i in allocated.eipIdSet)
    assert balance(credential, config) == pytest.approx(before - 12.0)
    paid = [e for e in history(credential, config).dataSet if e.orderSn == allocated.orderNumber]
    assert [e.amount for e in paid] == [12.0]

    first, second = allocated.eipIdSet
    listed = eip(service, client, first)
    assert listed.eipStatus == "CREATING"
    assert ipaddress.ip_address(listed.ipAddress) in SEL_A_V4
    assert (listed.zoneId, listed.eipChargeType, listed.period, listed.netmask) == (ZONE, "PREPAID", 2, 32)
    assert listed.expiredTime is not None
    advance(control_plane, PROCESSING_SECONDS)
    assert eip(service, client, first).eipStatus == "AVAILABLE"
    addresses = {eip(service, client, i).ipAddress for i in allocated.eipIdSet}
    assert len(addresses) == 2

    offered = client.DescribeInstanceAvailableEipResources(service.request(
        "DescribeInstanceAvailableEipResourcesRequest", instanceId=instance_id))
    assert {e.eipId for e in offered.instanceEipResources} == {first, second}

    associate(service, client, first, instance_id)
    associated = eip(service, client, first)
    assert (associated.eipStatus, associated.instanceId) == ("ASSOCIATED", instance_id)
    assert associated.instanceName == describe(service, client, instance_id).instanceName
    shown = describe(service, client, instance_id)
    assert associated.ipAddress in shown.publicIpAddresses
    # The instance's own address comes from the zone's instance pool, apart from the
    # elastic IPs' ranges (D-232).
    own = ipaddress.ip_address(shown.publicIpAddresses[0])
    assert own in SEL_A_INSTANCES and own not in SEL_A_V4
    found = client.DescribeInstances(service.request(
        "DescribeInstancesRequest", publicIpAddresses=[associated.ipAddress]))
    assert [i.instanceId for i in found.dataSet] == [instance_id]
    assert eips(service, client, instanceId=instance_id).totalCount == 1
    assert eips(service, client, eipStatus="AVAILABLE").totalCount == 1

    client.UnAssociateEipAddress(service.request("UnAssociateEipAddressRequest", eipId=first))
    assert eip(service, client, first).eipStatus == "AVAILABLE"
    assert associated.ipAddress not in describe(service, client, instance_id).publicIpAddresses

    client.ModifyEipAddressesResourceGroup(service.request(
        "ModifyEipAddressesResourceGroupRequest", eipIds=[first, second], resourceGroupId="rg-ci"))
    assert eips(service, client, resourceGroupId="rg-ci").totalCount == 2


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_a_postpaid_eip_is_terminated_released_and_its_address_freed(service, control_plane, config):
    _, credential, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    eip_id = ready_eip(service, client, control_plane)
    address = eip(service, client, eip_id).ipAddress
    associate(service, client, eip_id, instance_id)

    # Terminating an associated elastic IP lets go of the instance first (D-146).
    by_id(service, client, "TerminateEipAddress", "TerminateEipAddressRequest", eipId=eip_id)
    gone = eip(service, client, eip_id)
    assert (gone.eipStatus, gone.instanceId) == ("RECYCLE", None)
    assert address not in describe(service, client, instance_id).publicIpAddresses

    by_id(service, client, "RenewEipAddress", "RenewEipAddressRequest", eipId=eip_id)
    assert eip(service, client, eip_id).eipStatus == "AVAILABLE"
    by_id(service, client, "TerminateEipAddress", "TerminateEipAddressRequest", eipId=eip_id)
    by_id(service, client, "ReleaseEipAddresses", "ReleaseEipAddressesRequest", eipIds=[eip_id])
    assert eips(service, client, eipIds=[eip_id]).totalCount == 0
    assert address not in {e.ipAddress for e in eips(service, client).dataSet}


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_an_instance_leaving_frees_its_eips_and_block_addresses(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    eip_id = ready_eip(service, client, control_plane)
    associate(service, client, eip_id, instance_id)
    (block_id,) = create_block(service, client).cidrBlockIds
    advance(control_plane, PROCESSING_SECONDS)
    gateway = ipaddress.ip_address(block(service, client, block_id).gateway)
    client.BindCidrBlockIps(service.request("BindCidrBlockIpsRequest", cidrBlockId=block_id,
                                            ipBindList=[service.models.IpBindParam(
                                                {"instanceId": instance_id, "ip": str(gateway + 1)})]))

    client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=instance_id))
    assert eip(service, client, eip_id).eipStatus == "AVAILABLE"
    assert block(service, client, block_id).instanceIds == []


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_eip_resources_are_listed_per_zone(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    listed = client.DescribeEipAvailableResources(service.request(
        "DescribeEipAvailableResourcesRequest", eipChargeType="PREPAID", zoneId=ZONE))
    assert [(r.zoneId, r.status, r.netmask) for r in listed.eipResources] == [(ZONE, "SELL", 32)]
    every = client.DescribeEipAvailableResources(service.request("DescribeEipAvailableResourcesRequest"))
    assert {r.zoneId for r in every.eipResources} == {"SEL-A", "FRA-A", "LAX-A", "SIN-A"}


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_eip_actions_answer_their_codes(service, control_plane, config):
    _, credential, client = new_client(service, control_plane, config, balance="2.99")
    missing = dict(eipId=MISSING_ID)
    cases = [
        (lambda: allocate(service, client, zone="NOWHERE"), ("INVALID_ZONE_NOT_FOUND", 404)),
        (lambda: allocate(service, client, "PREPAID"), ("OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)),
        (lambda: allocate(service, client, amount=0), ("INVALID_PARAMETER", 400)),
        (lambda: allocate(service, client, netmask=29), ("INVALID_PARAMETER", 400)),
        (lambda: allocate(service, client, amount=200), ("INVALID_PARAMETER", 400)),
        (lambda: client.AllocateEipAddresses(service.request(
            "AllocateEipAddressesRequest", zoneId=ZONE, eipChargeType="PREPAID")),
         ("MISSING_PARAMETER", 400)),
        (lambda: client.InquiryPriceCreateEipAddress(service.request(
            "InquiryPriceCreateEipAddressRequest", zoneId="NOWHERE", eipChargeType="POSTPAID")),
         ("INVALID_ZONE_NOT_FOUND", 404)),
        (lambda: client.DescribeEipAvailableResources(service.request(
            "DescribeEipAvailableResourcesRequest", zoneId="NOWHERE")),
         ("INVALID_ZONE_NOT_FOUND", 404)),
        (lambda: client.DescribeInstanceAvailableEipResources(service.request(
            "DescribeInstanceAvailableEipResourcesRequest", instanceId=MISSING_INSTANCE_ID)),
         ("INVALID_INSTANCE_NOT_FOUND", 404)),
        (lambda: associate(service, client, MISSING_ID, MISSING_INSTANCE_ID),
         ("INVALID_EIP_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "UnAssociateEipAddress", "UnAssociateEipAddressRequest", **missing),
         ("INVALID_EIP_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "TerminateEipAddress", "TerminateEipAddressRequest", **missing),
         ("INVALID_EIP_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "RenewEipAddress", "RenewEipAddressRequest", **missing),
         ("INVALID_EIP_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "ReleaseEipAddresses", "ReleaseEipAddressesRequest",
                       eipIds=[MISSING_ID]),
         ("INVALID_EIP_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "ModifyEipAddressesResourceGroup",
                       "ModifyEipAddressesResourceGroupRequest", eipIds=[MISSING_ID],
                       resourceGroupId="rg"),
         ("OPERATION_FAILED_RESOURCE_NOT_FOUND", 404)),
        (lambda: eips(service, client, eipStatus="LOST"), ("INVALID_PARAMETER", 400)),
    ]
    for call, expected in cases:
        assert sdk_error(client, call) == expected


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_eip_state_codes(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    (creating,) = allocate(service, client).eipIdSet
    assert sdk_error(client, lambda: associate(service, client, creating, instance_id)) == (
        "OPERATION_DENIED_EIP_STATUS_NOT_AVAILABLE", 403)
    assert sdk_error(client, lambda: by_id(
        service, client, "TerminateEipAddress", "TerminateEipAddressRequest", eipId=creating)) == (
        "OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT", 403)
    advance(control_plane, PROCESSING_SECONDS)
    elsewhere = ready_eip(service, client, control_plane, zone="FRA-A")
    assert sdk_error(client, lambda: associate(service, client, elsewhere, instance_id)) == (
        "OPERATION_DENIED_EIP_ZONE_NOT_SAME", 403)
    assert sdk_error(client, lambda: associate(service, client, creating, MISSING_INSTANCE_ID)) == (
        "INVALID_INSTANCE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: by_id(
        service, client, "UnAssociateEipAddress", "UnAssociateEipAddressRequest", eipId=creating)) == (
        "OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT", 403)
    more = allocate(service, client, amount=10).eipIdSet
    advance(control_plane, PROCESSING_SECONDS)
    for eip_id in more:
        associate(service, client, eip_id, instance_id)
    assert sdk_error(client, lambda: associate(service, client, creating, instance_id)) == (
        "OPERATION_DENIED_EIP_INSTANCE_EXCEED_LIMIT", 403)
    subscription = ready_eip(service, client, control_plane, "PREPAID")
    assert sdk_error(client, lambda: by_id(
        service, client, "TerminateEipAddress", "TerminateEipAddressRequest", eipId=subscription)) == (
        "OPERATION_DENIED_EIP_SUBSCRIPTION", 403)
    for call, code in [
        (lambda: by_id(service, client, "ReleaseEipAddresses", "ReleaseEipAddressesRequest",
                       eipIds=[creating]), "OPERATION_DENIED_EIP_NOT_RECYCLED"),
        (lambda: by_id(service, client, "RenewEipAddress", "RenewEipAddressRequest",
                       eipId=creating), "OPERATION_DENIED_EIP_NOT_RECYCLED"),
    ]:
        assert sdk_error(client, call) == (code, 403)
    by_id(service, client, "TerminateEipAddress", "TerminateEipAddressRequest", eipId=creating)
    for call, code in [
        (lambda: by_id(service, client, "TerminateEipAddress", "TerminateEipAddressRequest",
                       eipId=creating), "OPERATION_DENIED_EIP_RECYCLED"),
        (lambda: associate(service, client, creating, instance_id),
         "FAILED_OPERATION_FOR_RECYCLE_RESOURCE"),
        (lambda: by_id(service, client, "UnAssociateEipAddress", "UnAssociateEipAddressRequest",
                       eipId=creating), "FAILED_OPERATION_FOR_RECYCLE_RESOURCE"),
    ]:
        assert sdk_error(client, call) == (code, 403)
    client.StopInstances(service.request("StopInstancesRequest", instanceIds=[instance_id]))
    assert sdk_error(client, lambda: associate(service, client, subscription, instance_id)) == (
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING", 403)


# --- IP blocks -----------------------------------------------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_an_ipv4_block_is_bought_bound_and_returned(service, control_plane, config):
    _, credential, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    available = client.DescribeAvailableIpv4Resources(service.request(
        "DescribeAvailableIpv4ResourcesRequest", zoneId=ZONE, chargeType="PREPAID"))
    # Other tests share the zone's addresses: what is left varies, the netmasks do not.
    assert [r.netmask for r in available.availableIpv4Resources] == [29, 28, 27]
    assert {r.sellStatus for r in available.availableIpv4Resources} <= {"SELL", "SELL_SHORTAGE"}
    quote = client.InquiryPriceCreateIpv4Block(service.request(
        "InquiryPriceCreateIpv4BlockRequest", zoneId=ZONE, chargeType="PREPAID",
        chargePrepaid=prepaid(service), netmask=29))
    before = balance(credential, config)
    created = create_block(service, client, "PREPAID", name="web")
    assert quote.price.discountPrice == 20.0
    assert balance(credential, config) == pytest.approx(before - 20.0)
    assert ORDER_NUMBER.match(created.orderNumber)
    (block_id,) = created.cidrBlockIds
    assert block(service, client, block_id).status == "CREATING"
    advance(control_plane, PROCESSING_SECONDS)
    info = block(service, client, block_id)
    network = ipaddress.ip_network(info.cidrBlock)
    assert network.prefixlen == 29 and network.subnet_of(SEL_A_V4)
    assert (info.status, info.cidrBlockType, info.cidrBlockName, info.chargeType) == (
        "AVAILABLE", "IPv4", "web", "PREPAID")
    assert ipaddress.ip_address(info.gateway) == network.network_address + 1
    assert info.availableIpCount == 5

    client.ModifyCidrBlocksAttribute(service.request(
        "ModifyCidrBlocksAttributeRequest", cidrBlockIds=[block_id], name="api"))
    assert blocks(service, client, cidrBlockName="ap").dataSet[0].cidrBlockName == "api"

    offered = client.DescribeInstanceAvailableCidrBlock(service.request(
        "DescribeInstanceAvailableCidrBlockRequest", instanceId=instance_id))
    (line,) = [b for b in offered.instanceAvailableCidrBlocks if b.cidrBlockId == block_id]
    first_free = line.availableIps[0]
    client.BindCidrBlockIps(service.request("BindCidrBlockIpsRequest", cidrBlockId=block_id,
                                            ipBindList=[service.models.IpBindParam(
                                                {"instanceId": instance_id, "ip": first_free})]))
    ips = client.DescribeCidrBlockIps(service.request("DescribeCidrBlockIpsRequest", cidrBlockId=block_id))
    assert [(i.ip, i.instanceId, i.status) for i in ips.cidrBlockIps] == [
        (first_free, instance_id, "ASSIGNED")]
    assert block(service, client, block_id).instanceIds == [instance_id]
    assert first_free in describe(service, client, instance_id).publicIpAddresses
    assert sdk_error(client, lambda: by_id(
        service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=block_id)) == (
        "OPERATION_DENIED_CIDRBLOCK_SUBSCRIPTION", 403)
    client.UnbindCidrBlockIps(service.request("UnbindCidrBlockIpsRequest", cidrBlockId=block_id,
                                              ipList=[first_free]))
    assert block(service, client, block_id).instanceIds == []

    (postpaid_id,) = create_block(service, client).cidrBlockIds
    advance(control_plane, PROCESSING_SECONDS)
    by_id(service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=postpaid_id)
    assert block(service, client, postpaid_id).status == "RECYCLE"
    by_id(service, client, "RenewCidrBlock", "RenewCidrBlockRequest", cidrBlockId=postpaid_id)
    assert block(service, client, postpaid_id).status == "AVAILABLE"
    by_id(service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=postpaid_id)
    by_id(service, client, "ReleaseCidrBlocks", "ReleaseCidrBlocksRequest", cidrBlockIds=[postpaid_id])
    assert blocks(service, client, cidrBlockIds=[postpaid_id]).totalCount == 0


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_ipv6_blocks_and_own_blocks(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    available = client.DescribeAvailableIpv6Resources(service.request(
        "DescribeAvailableIpv6ResourcesRequest"))
    assert {r.zoneId for r in available.availableIpv6Resources} == {"SEL-A", "LAX-A"}
    (v6,) = client.CreateIpv6Block(service.request(
        "CreateIpv6BlockRequest", zoneId=ZONE, name="v6")).cidrBlockIds
    info = block(service, client, v6)
    network = ipaddress.ip_network(info.cidrBlock)
    assert (network.prefixlen, info.cidrBlockType, info.chargeType) == (64, "IPv6", "POSTPAID")
    assert network.subnet_of(SEL_A_V6)
    assert blocks(service, client, cidrBlockType="IPv6").totalCount == 1

    # The session's server is shared: each version brings its own block.
    ip_type, cidr = {"2022-11-20": ("IPv4", "192.0.2.0/24"),
                     "2026-02-01": ("IPv6", "2001:db8:f000::/36")}[service.version]
    own = client.CreateByoip(service.request("CreateByoipRequest", ipType=ip_type, cidr=cidr,
                                             asn=64500))
    assert INSTANCE_ID.match(own.byoipId)
    mine = block(service, client, own.cidrBlockId)
    assert (mine.cidrBlock, mine.cidrType, mine.status) == (cidr, "BYOIP", "AVAILABLE")
    _, _, other = new_client(service, control_plane, config)
    assert sdk_error(other, lambda: other.CreateByoip(service.request(
        "CreateByoipRequest", ipType=ip_type, cidr=cidr, asn=64501))) == ("INVALID_PARAMETER", 400)
    assert sdk_error(client, lambda: by_id(
        service, client, "RenewCidrBlock", "RenewCidrBlockRequest", cidrBlockId=own.cidrBlockId)) == (
        "OPERATION_DENIED_CIDRBLOCK_TYPE_NOT_SUPPORTED", 403)


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_block_actions_answer_their_codes(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="5.00")
    missing = dict(cidrBlockId=MISSING_ID)
    cases = [
        (lambda: create_block(service, client, netmask=24), ("OPERATION_DENIED_UNAVAILABLE_NETMASK", 403)),
        (lambda: create_block(service, client, "PREPAID"), ("OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)),
        (lambda: client.CreateIpv4Block(service.request(
            "CreateIpv4BlockRequest", zoneId="NOWHERE", chargeType="POSTPAID", netmask=29)),
         ("INVALID_ZONE_NOT_FOUND", 404)),
        (lambda: client.CreateIpv6Block(service.request("CreateIpv6BlockRequest", zoneId="FRA-A")),
         ("RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT", 400)),
        (lambda: client.InquiryPriceCreateIpv4Block(service.request(
            "InquiryPriceCreateIpv4BlockRequest", zoneId=ZONE, chargeType="POSTPAID", netmask=20)),
         ("OPERATION_DENIED_UNAVAILABLE_NETMASK", 403)),
        (lambda: client.DescribeAvailableIpv4Resources(service.request(
            "DescribeAvailableIpv4ResourcesRequest", zoneId="NOWHERE")),
         ("INVALID_ZONE_NOT_FOUND", 404)),
        (lambda: client.DescribeAvailableIpv6Resources(service.request(
            "DescribeAvailableIpv6ResourcesRequest", zoneId="NOWHERE")),
         ("INVALID_ZONE_NOT_FOUND", 404)),
        (lambda: client.DescribeCidrBlockIps(service.request(
            "DescribeCidrBlockIpsRequest", cidrBlockId=MISSING_ID)),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: client.DescribeInstanceAvailableCidrBlock(service.request(
            "DescribeInstanceAvailableCidrBlockRequest", instanceId=MISSING_INSTANCE_ID)),
         ("INVALID_INSTANCE_NOT_FOUND", 404)),
        (lambda: client.BindCidrBlockIps(service.request(
            "BindCidrBlockIpsRequest", cidrBlockId=MISSING_ID, ipBindList=[])),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: client.UnbindCidrBlockIps(service.request(
            "UnbindCidrBlockIpsRequest", cidrBlockId=MISSING_ID, ipList=["198.51.100.1"])),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: client.ModifyCidrBlocksAttribute(service.request(
            "ModifyCidrBlocksAttributeRequest", cidrBlockIds=[MISSING_ID], name="x")),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "RenewCidrBlock", "RenewCidrBlockRequest", **missing),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", **missing),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: by_id(service, client, "ReleaseCidrBlocks", "ReleaseCidrBlocksRequest",
                       cidrBlockIds=[MISSING_ID]),
         ("INVALID_CIDRBLOCK_NOT_FOUND", 404)),
        (lambda: blocks(service, client, cidrBlockType="IPv5"), ("INVALID_PARAMETER", 400)),
    ]
    for call, expected in cases:
        assert sdk_error(client, call) == expected


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_block_state_codes(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    (block_id,) = create_block(service, client).cidrBlockIds
    assert sdk_error(client, lambda: by_id(
        service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=block_id)) == (
        "OPERATION_DENIED_INVALID_STATUS", 403)
    advance(control_plane, PROCESSING_SECONDS)
    info = block(service, client, block_id)
    network = ipaddress.ip_network(info.cidrBlock)
    usable = str(network.network_address + 2)

    def bind(ip, instance=instance_id):
        return client.BindCidrBlockIps(service.request(
            "BindCidrBlockIpsRequest", cidrBlockId=block_id,
            ipBindList=[service.models.IpBindParam({"instanceId": instance, "ip": ip})]))

    def unbind(ip):
        return client.UnbindCidrBlockIps(service.request(
            "UnbindCidrBlockIpsRequest", cidrBlockId=block_id, ipList=[ip]))

    assert sdk_error(client, lambda: bind(usable, MISSING_INSTANCE_ID)) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: bind("203.0.113.200")) == ("OPERATION_DENIED_IP_NOT_BELONG", 403)
    assert sdk_error(client, lambda: bind(info.gateway)) == ("OPERATION_DENIED_INVALID_STATUS", 403)
    assert sdk_error(client, lambda: unbind(usable)) == ("OPERATION_DENIED_INVALID_STATUS", 403)
    assert sdk_error(client, lambda: unbind("203.0.113.200")) == ("OPERATION_DENIED_IP_NOT_BELONG", 403)
    bind(usable)
    assert sdk_error(client, lambda: by_id(
        service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=block_id)) == (
        "OPERATION_DENIED_INSTANCE_EXIST", 403)
    other = running_instance(service, client, control_plane, charge_type="POSTPAID")
    client.StopInstances(service.request("StopInstancesRequest", instanceIds=[other]))
    assert sdk_error(client, lambda: bind(str(network.network_address + 3), other)) == (
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING", 403)
    assert sdk_error(client, lambda: by_id(
        service, client, "ReleaseCidrBlocks", "ReleaseCidrBlocksRequest", cidrBlockIds=[block_id])) == (
        "OPERATION_DENIED_CIDRBLOCK_NOT_RECYCLED", 403)
    assert sdk_error(client, lambda: by_id(
        service, client, "RenewCidrBlock", "RenewCidrBlockRequest", cidrBlockId=block_id)) == (
        "OPERATION_DENIED_CIDRBLOCK_NOT_RECYCLED", 403)
    unbind(usable)
    by_id(service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=block_id)
    assert sdk_error(client, lambda: bind(usable)) == ("OPERATION_DENIED_CIDRBLOCK_RECYCLED", 403)
    assert sdk_error(client, lambda: unbind(usable)) == ("OPERATION_DENIED_CIDRBLOCK_RECYCLED", 403)
    assert sdk_error(client, lambda: by_id(
        service, client, "TerminateCidrBlock", "TerminateCidrBlockRequest", cidrBlockId=block_id)) == (
        "OPERATION_DENIED_CIDRBLOCK_RECYCLED", 403)
    far = create_block(service, client).cidrBlockIds
    assert far


def test_an_elastic_ip_of_another_account_does_not_exist(control_plane, config):
    (service,) = [p.values[0] for p in BMC_VERSIONS[:1]]
    _, _, owner = new_client(service, control_plane, config)
    _, _, stranger = new_client(service, control_plane, config)
    (eip_id,) = allocate(service, owner).eipIdSet
    assert sdk_error(stranger, lambda: by_id(
        service, stranger, "TerminateEipAddress", "TerminateEipAddressRequest", eipId=eip_id)) == (
        "INVALID_EIP_NOT_FOUND", 404)
    assert eips(service, stranger, eipIds=[eip_id]).totalCount == 0
