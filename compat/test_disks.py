"""vm disks through the official SDK (docs/decisions.md D-160 to D-169): every action in
each vm version, its happy path and each of its own error codes with the HTTP status it
travels with.

Each test opens its own accounts. A disk is CREATING, ATTACHING, DETACHING or RESIZING for
5 s of simulated time; the tests that wait for it are marked `advances_clock`.
"""

import re

import pytest

from plan_support import (
    BILLING_MONTH,
    MISSING_INSTANCE_ID,
    PROVISIONING_SECONDS,
    VM_VERSIONS,
    OwnClock,
    VM_ZONE,
    advance,
    balance,
    create_instance,
    new_client,
    sdk_error,
)

DISK_ID = re.compile(r"^[1-9][0-9]{17}$")
DISK_SECONDS = 5
OTHER_ZONE = "asia-southeast-1a"
POSTPAID_ONLY_ZONE = "na-west-1a"  # the built-in catalog sells its disks POSTPAID only
MISSING_DISK_ID = "100000000000000001"


def _create(service, client, charge="POSTPAID", size=50, zone=VM_ZONE, **fields):
    request = service.request("CreateDisksRequest", chargeType=charge, diskName="data-1",
                              diskSize=size, zoneId=zone, **fields)
    if charge == "PREPAID":
        request.chargePrepaid = service.models.ChargePrepaid({"period": 1})
    return client.CreateDisks(request)


def _quote(service, client, charge="PREPAID", size=100, zone=VM_ZONE, **fields):
    request = service.request("InquiryPriceCreateDisksRequest", zoneId=zone, diskSize=size,
                              chargeType=charge, **fields)
    if charge == "PREPAID":
        request.chargePrepaid = service.models.ChargePrepaid({"period": 1})
    return client.InquiryPriceCreateDisks(request).dataDiskPrice


def _disks(service, client, **filters):
    return client.DescribeDisks(service.request("DescribeDisksRequest", **filters)).dataSet


def _disk(service, client, disk_id):
    (disk,) = _disks(service, client, diskIds=[disk_id])
    return disk


def _attach(service, client, disk_ids, instance_id, action="AttachDisks"):
    request_name = "ChangeDisksAttachRequest" if action == "ChangeDisksAttach" else "AttachDisksRequest"
    return getattr(client, action)(service.request(request_name, diskIds=disk_ids,
                                                   instanceId=instance_id))


def _detach(service, client, disk_ids):
    return client.DetachDisks(service.request("DetachDisksRequest", diskIds=disk_ids))


def _one(service, client, action, disk_id, **fields):
    return getattr(client, action)(service.request(action + "Request", diskId=disk_id, **fields))


def _vm(service, client, zone=VM_ZONE, **fields):
    request = service.create_request(charge_type="POSTPAID")
    request.zoneId = zone
    for field, value in fields.items():
        setattr(request, field, value)
    (instance_id,) = client.CreateInstances(request).instanceIdSet
    return instance_id


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_a_data_disk_through_its_life(service, control_plane, config):
    _, credential, client = new_client(service, control_plane, config, balance="100.00")
    (zone,) = [z for z in client.DescribeDiskCategory(service.request(
        "DescribeDiskCategoryRequest", zoneId=VM_ZONE)).categoryZoneSet]
    assert (zone.zoneId, zone.categorySet) == (VM_ZONE, ["STANDARD", "SSD"])

    price = _quote(service, client, diskCategory="SSD")
    assert (price.originalPrice, price.discountPrice) == (10.0, 10.0)
    before = balance(credential, config)
    created = _create(service, client, charge="PREPAID", size=100, diskCategory="SSD")
    (disk_id,) = created.diskIds
    assert DISK_ID.match(disk_id), disk_id
    assert re.match(r"^[0-9]{16}$", created.orderNumber)
    assert before - balance(credential, config) == price.discountPrice
    disk = _disk(service, client, disk_id)
    assert (disk.diskStatus, disk.diskType, disk.portable, disk.diskCategory, disk.diskSize,
            disk.chargeType, disk.period, disk.autoRenew, disk.instanceId) == (
        "CREATING", "DATA", True, "SSD", 100, "PREPAID", 1, True, None)

    instance_id = _vm(service, client)
    other_id = _vm(service, client)
    advance(control_plane, PROVISIONING_SECONDS)
    assert _disk(service, client, disk_id).diskStatus == "AVAILABLE"
    (system,) = _disks(service, client, instanceId=instance_id)
    assert (system.diskType, system.portable, system.diskStatus, system.chargeType) == (
        "SYSTEM", False, "IN_USE", "POSTPAID")

    _attach(service, client, [disk_id], instance_id)
    assert _disk(service, client, disk_id).diskStatus == "ATTACHING"
    advance(control_plane, DISK_SECONDS)
    disk = _disk(service, client, disk_id)
    assert (disk.diskStatus, disk.instanceId, disk.instanceName) == ("IN_USE", instance_id, "instance")

    # Grown to 200 GB with 15 s of its month gone: 100 GB x 0.10 for the rest of the cycle.
    before = balance(credential, config)
    _one(service, client, "ResizeDisk", disk_id, diskSize=200)
    assert round(before - balance(credential, config), 2) == 10.0
    disk = _disk(service, client, disk_id)
    assert (disk.diskStatus, disk.diskSize) == ("RESIZING", 200)
    advance(control_plane, DISK_SECONDS)

    _attach(service, client, [disk_id], other_id, action="ChangeDisksAttach")
    advance(control_plane, DISK_SECONDS)
    assert _disk(service, client, disk_id).instanceId == other_id
    _detach(service, client, [disk_id])
    advance(control_plane, DISK_SECONDS)
    disk = _disk(service, client, disk_id)
    assert (disk.diskStatus, disk.instanceId) == ("AVAILABLE", None)

    client.ModifyDisksAttributes(service.request(
        "ModifyDisksAttributesRequest", diskIds=[disk_id], diskName="renamed"))
    client.ModifyDisksResourceGroup(service.request(
        "ModifyDisksResourceGroupRequest", diskIds=[disk_id], resourceGroupId="rg-1"))
    assert _disks(service, client, diskName="renamed")[0].diskId == disk_id

    (scratch,) = _create(service, client).diskIds
    advance(control_plane, DISK_SECONDS)
    _one(service, client, "TerminateDisk", scratch)
    assert _disk(service, client, scratch).diskStatus == "RECYCLED"
    _one(service, client, "ReleaseDisk", scratch)
    assert _disks(service, client, diskIds=[scratch]) == []


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_each_disk_error_code(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config, balance="30.00")
    _, _, poor = new_client(service, control_plane, config, balance="1.00")

    def refused(call):
        return sdk_error(client, call)

    # Before anything is ready: a provisioning instance, a CREATING disk.
    pending = _vm(service, client)
    assert refused(lambda: _create(service, client, instanceId=pending)) == (
        "UNSUPPORTED_OPERATION_INSTANCE_STATUS", 400)
    (creating,) = _create(service, client).diskIds
    assert refused(lambda: _one(service, client, "TerminateDisk", creating)) == (
        "UNSUPPORTED_OPERATION_DISK_STATUS", 400)

    for asker, call, expected in [
        (client, lambda: _create(service, client, zone="nowhere"), ("INVALID_ZONE_NOT_FOUND", 404)),
        (client, lambda: _create(service, client, instanceId=MISSING_INSTANCE_ID),
         ("INVALID_INSTANCE_NOT_FOUND", 404)),
        (client, lambda: _create(service, client, charge="PREPAID", zone=POSTPAID_ONLY_ZONE),
         ("INVALID_CHARGE_TYPE_NOT_SUPPORT", 403)),
        (client, lambda: _create(service, client, size=10), ("INVALID_PARAMETER", 400)),
        (poor, lambda: _create(service, poor, charge="PREPAID", size=100),
         ("OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)),
        (client, lambda: _quote(service, client, zone="nowhere"), ("INVALID_ZONE_NOT_FOUND", 404)),
        (client, lambda: _quote(service, client, zone=POSTPAID_ONLY_ZONE),
         ("INVALID_CHARGE_TYPE_NOT_SUPPORT", 403)),
        (client, lambda: client.DescribeDiskCategory(service.request(
            "DescribeDiskCategoryRequest", zoneId="nowhere")), ("INVALID_ZONE_NOT_FOUND", 404)),
    ]:
        assert sdk_error(asker, call) == expected

    here = _vm(service, client, dataDisks=[service.models.DataDisk({"diskSize": 20})])
    there = _vm(service, client, zone=OTHER_ZONE)
    gone = _vm(service, client)
    advance(control_plane, PROVISIONING_SECONDS)
    (system,) = _disks(service, client, instanceId=here, diskType="SYSTEM")
    (bundled,) = _disks(service, client, instanceId=here, diskType="DATA")
    (free,) = _create(service, client).diskIds
    (far,) = _create(service, client, zone=OTHER_ZONE).diskIds
    (on_gone,) = _create(service, client, instanceId=gone).diskIds
    (prepaid,) = _create(service, client, charge="PREPAID", size=20).diskIds
    (fresh,) = _create(service, client).diskIds
    assert refused(lambda: _attach(service, client, [fresh], here)) == (
        "UNSUPPORTED_OPERATION_DISK_STATUS", 400)
    advance(control_plane, DISK_SECONDS)
    client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=gone))

    sixteen = lambda: _create(service, client, diskAmount=16, instanceId=here)  # noqa: E731
    assert refused(sixteen) == ("LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH", 400)

    for action in ["AttachDisks", "ChangeDisksAttach"]:
        attach = lambda disks, instance: _attach(service, client, disks, instance, action)  # noqa: E731
        assert refused(lambda: attach([MISSING_DISK_ID], here)) == ("INVALID_DISK_NOT_FOUND", 404)
        assert refused(lambda: attach([free], MISSING_INSTANCE_ID)) == (
            "INVALID_INSTANCE_NOT_FOUND", 404)
        assert refused(lambda: attach([system.diskId], there)) == ("INVALID_DISK_NOT_PORTABLE", 400)
    assert refused(lambda: _attach(service, client, [on_gone], here)) == (
        "UNSUPPORTED_OPERATION_DISK_ATTACHED", 400)
    assert refused(lambda: _attach(service, client, [far], here)) == (
        "INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED", 400)
    assert refused(lambda: _attach(service, client, [free], gone)) == (
        "UNSUPPORTED_OPERATION_INSTANCE_STATUS", 400)
    assert refused(lambda: _attach(service, client, [free], here, "ChangeDisksAttach")) == (
        "UNSUPPORTED_OPERATION_DISK_STATUS", 400)
    assert refused(lambda: _attach(service, client, [on_gone], there, "ChangeDisksAttach")) == (
        "INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED", 400)
    assert refused(lambda: _attach(service, client, [on_gone], gone, "ChangeDisksAttach")) == (
        "UNSUPPORTED_OPERATION_DISK_STATUS", 400)
    fifteen = _create(service, client, diskAmount=15, instanceId=there, zone=OTHER_ZONE).diskIds
    assert len(fifteen) == 15
    advance(control_plane, DISK_SECONDS)
    assert refused(lambda: _attach(service, client, [far], there)) == (
        "LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH", 400)

    assert refused(lambda: _detach(service, client, [MISSING_DISK_ID])) == (
        "INVALID_DISK_NOT_FOUND", 404)
    assert refused(lambda: _detach(service, client, [system.diskId])) == (
        "INVALID_DISK_NOT_PORTABLE", 400)
    assert refused(lambda: _detach(service, client, [free])) == (
        "UNSUPPORTED_OPERATION_DISK_STATUS", 400)
    assert refused(lambda: _detach(service, client, [on_gone])) == (
        "UNSUPPORTED_OPERATION_INSTANCE_STATUS", 400)

    for action, request in [
        ("ModifyDisksAttributes", dict(diskName="x")),
        ("ModifyDisksResourceGroup", dict(resourceGroupId="rg-1")),
    ]:
        call = lambda: getattr(client, action)(service.request(  # noqa: E731
            action + "Request", diskIds=[MISSING_DISK_ID], **request))
        assert refused(call) == ("INVALID_DISK_NOT_FOUND", 404)

    resize = lambda disk_id, size=100, asker=client: _one(  # noqa: E731
        service, asker, "ResizeDisk", disk_id, diskSize=size)
    assert refused(lambda: resize(MISSING_DISK_ID)) == ("INVALID_DISK_NOT_FOUND", 404)
    assert refused(lambda: resize(system.diskId)) == ("UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE", 400)
    assert refused(lambda: resize(bundled.diskId)) == (
        "UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE", 400)

    for action in ["TerminateDisk", "ReleaseDisk", "RenewDisk"]:
        assert refused(lambda: _one(service, client, action, MISSING_DISK_ID)) == (
            "INVALID_DISK_NOT_FOUND", 404)
        assert refused(lambda: _one(service, client, action, system.diskId)) == (
            "UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE", 400)
    assert refused(lambda: _one(service, client, "TerminateDisk", prepaid)) == (
        "UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE", 400)
    assert refused(lambda: _one(service, client, "TerminateDisk", on_gone)) == (
        "UNSUPPORTED_OPERATION_DISK_ATTACHED", 400)
    assert refused(lambda: _one(service, client, "ReleaseDisk", free)) == (
        "UNSUPPORTED_OPERATION_DISK_NOT_BEING_RECYCLE", 400)
    assert refused(lambda: _one(service, client, "RenewDisk", prepaid)) == (
        "UNSUPPORTED_OPERATION_DISK_STATUS", 400)
    _one(service, client, "TerminateDisk", free)
    assert refused(lambda: _one(service, client, "TerminateDisk", free)) == (
        "UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE", 400)
    assert refused(lambda: resize(free)) == ("UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE", 400)
    resize(prepaid, 40)
    assert refused(lambda: resize(prepaid, 60)) == ("UNSUPPORTED_OPERATION_DISK_STATUS", 400)
    advance(control_plane, DISK_SECONDS)
    assert refused(lambda: resize(prepaid, 2000)) == ("OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_renew_disk_needs_the_balance_for_its_period(service, control_plane, config):
    """D-167: a PREPAID disk its cycle end could not renew is in the recycle bin; RenewDisk
    refuses it 403 while the balance does not cover a period, then buys it back."""
    own = OwnClock(service, control_plane, config, balance="2.00")
    # 20 GB of SSD for a month: 2.00, the whole balance.
    (disk_id,) = _create(service, own.client, charge="PREPAID", size=20, diskCategory="SSD").diskIds
    assert balance(own.credential, config) == 0.0
    own.advance(int(BILLING_MONTH.total_seconds()))
    assert _disk(service, own.client, disk_id).diskStatus == "RECYCLED"
    renew = lambda: _one(service, own.client, "RenewDisk", disk_id)  # noqa: E731
    assert sdk_error(own.client, renew) == ("OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)
    assert _disk(service, own.client, disk_id).diskStatus == "RECYCLED"
    own.deposit("2.00")
    assert re.match(r"^[0-9]{16}$", renew().orderNumber)
    disk = _disk(service, own.client, disk_id)
    assert (disk.diskStatus, disk.autoRenew) == ("AVAILABLE", True)
    assert balance(own.credential, config) == 0.0


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_a_portable_data_disk_outlives_its_instance(service, control_plane, config):
    """D-177: a data disk CreateInstances marks portable is paid with its instance, then
    outlives its release, AVAILABLE and billed on its own (POSTPAID); one not marked so
    goes with the instance."""
    own = OwnClock(service, control_plane, config, balance="100.00")
    instance_id = _vm(service, own.client, dataDisks=[
        service.models.DataDisk({"diskSize": 50, "diskCategory": "SSD", "portable": True}),
        service.models.DataDisk({"diskSize": 20, "diskCategory": "SSD"}),
    ])
    own.advance(PROVISIONING_SECONDS)
    data = _disks(service, own.client, instanceId=instance_id, diskType="DATA")
    assert sorted((d.diskSize, d.portable) for d in data) == [(20, False), (50, True)]
    (kept,) = [d.diskId for d in data if d.portable]
    resize = lambda: _one(service, own.client, "ResizeDisk", kept, diskSize=100)  # noqa: E731
    assert sdk_error(own.client, resize) == ("UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE", 400)

    own.client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=instance_id))
    own.client.ReleaseInstances(service.request("ReleaseInstancesRequest", instanceIds=[instance_id]))
    (left,) = _disks(service, own.client)
    assert (left.diskId, left.diskStatus, left.instanceId, left.portable, left.chargeType) == (
        kept, "AVAILABLE", None, True, "POSTPAID")
    # On its own bill, it ends as any POSTPAID disk does.
    _one(service, own.client, "TerminateDisk", kept)
    assert _disk(service, own.client, kept).diskStatus == "RECYCLED"
