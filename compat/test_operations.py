"""Operations and attributes of instances through the official SDK (docs/decisions.md
D-121 to D-129): reboot, reinstall and reset, passwords, names, resource groups, renewal,
consoles, and the status and capacity lists — every action in each version the SDK has
it in, its happy path and each of its own error codes with the HTTP status it travels
with, another account's instance included (answered as a missing one).

Each test opens its own accounts. The tests that wait for a state to pass are marked
`advances_clock`.
"""

from datetime import timedelta

import pytest

from plan_support import (
    BMC_2026,
    BMC_VERSIONS,
    ALL_VERSIONS,
    MISSING_INSTANCE_ID,
    PASSWORD,
    PROVISIONING_SECONDS,
    VM_2026,
    VM_VERSIONS,
    VM_ZONE,
    advance,
    balance,
    create_instance,
    describe,
    modify_bandwidth,
    modify_type,
    new_client,
    orders,
    parse_instant,
    quoted_create_total,
    running_instance,
    sdk_error,
)

POWER_SECONDS = 5
REINSTALL_SECONDS = 10
PROCESSING_SECONDS = 5


def _ids(service, client, action, model, instance_ids, **fields):
    return getattr(client, action)(service.request(model, instanceIds=instance_ids, **fields))


def _reboot(service, client, instance_ids):
    return _ids(service, client, "RebootInstances", "RebootInstancesRequest", instance_ids)


def _stop(service, client, instance_ids):
    return _ids(service, client, "StopInstances", "StopInstancesRequest", instance_ids)


def _terminate(service, client, instance_id):
    client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=instance_id))


def _recycled(service, client, control_plane):
    """A POSTPAID instance moved to the recycle bin."""
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID")
    _terminate(service, client, instance_id)
    return instance_id


def _stopped(service, client, control_plane, **offer):
    instance_id = running_instance(service, client, control_plane, **offer)
    _stop(service, client, [instance_id])
    advance(control_plane, POWER_SECONDS)
    assert describe(service, client, instance_id).instanceStatus == "STOPPED"
    return instance_id


# --- RebootInstances ---------------------------------------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_reboot_goes_through_its_state_then_running(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    first = running_instance(service, client, control_plane)
    second = _stopped(service, client, control_plane)
    recycled = _recycled(service, client, control_plane)
    changing = running_instance(service, client, control_plane)
    pending = create_instance(service, client)

    def refused(instance_ids, by=client):
        return sdk_error(by, lambda: _reboot(service, by, instance_ids))

    assert refused([MISSING_INSTANCE_ID]) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused([first], by=other) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused([first, recycled]) == ("OPERATION_DENIED_INSTANCE_RECYCLED", 403)
    assert refused([first, pending]) == ("OPERATION_DENIED_INSTANCE_STATUS", 403)
    modify_bandwidth(service, client, changing, 30)
    assert refused([changing]) == ("OPERATION_DENIED_INSTANCE_PLAN_PROCESSING", 403)
    # A refused batch changed nothing.
    assert describe(service, client, first).instanceStatus == "RUNNING"

    _reboot(service, client, [first, second])
    through = "BOOTING" if service.is_bmc else "REBOOT"
    assert [describe(service, client, i).instanceStatus for i in (first, second)] == [through] * 2
    assert refused([first]) == ("OPERATION_DENIED_INSTANCE_STATUS", 403)
    advance(control_plane, POWER_SECONDS)
    assert [describe(service, client, i).instanceStatus for i in (first, second)] == ["RUNNING"] * 2


# --- ReinstallInstance (bmc) -------------------------------------------------------------

def _reinstall(service, client, instance_id, **fields):
    return client.ReinstallInstance(service.request(
        "ReinstallInstanceRequest", instanceId=instance_id, **fields))


def _raid(service, raid_type=None, custom=None):
    config = service.models.RaidConfig()
    config.raidType = raid_type
    if custom is not None:
        config.customRaids = []
        for level, disks in custom:
            array = service.models.CustomRaid()
            array.raidType, array.diskSequence = level, disks
            config.customRaids.append(array)
    return config


def _partitions(service, *layout):
    made = []
    for fs_type, fs_path, size in layout:
        partition = service.models.Partition()
        partition.fsType, partition.fsPath, partition.size = fs_type, fs_path, size
        made.append(partition)
    return made


def _nic(service, wan=None, lan=None):
    nic = service.models.Nic()
    nic.wanName, nic.lanName = wan, lan
    return nic


WINDOWS_DISORDER = ("INVALID_PARTITION_INVALID_ORDER", 400)


def _windows_disorder(service):
    """Drive letters out of order, with the Windows image (which M7D installs, not M6C)."""
    return {"imageId": "img-windows-2022",
            "partitions": _partitions(service, ("NTFS", "C", 10), ("NTFS", "E", 10))}


def bmc_layout_refusals(service):
    """(fields, code) pairs that CreateInstances and ReinstallInstance of an M6C refuse
    with 400: the RAID, partition and NIC rules of D-124 (RAID 0 or 1, two 480 GB disks)."""
    return [
        ({"raidConfig": _raid(service, 1, [])}, "INVALID_RAID_CONFIG_FAST_CUSTOM_CONFLICT"),
        ({"raidConfig": _raid(service, 5)}, "INVALID_INSTANCE_TYPE_RAID_NOT_SUPPORT"),
        ({"raidConfig": _raid(service, custom=[(1, [1])])}, "INVALID_PARAMETER_VALUE_RAID_DISK_MISMATCH"),
        ({"raidConfig": _raid(service, custom=[(1, [2, 1])])}, "INVALID_PARAMETER_VALUE_RAID_DISK_DISORDER"),
        ({"raidConfig": _raid(service, custom=[(0, [1]), (0, [1])])},
         "INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_DUPLICATE"),
        ({"raidConfig": _raid(service, custom=[(1, [1, 3])])},
         "INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_RANGE"),
        ({"imageId": None, "ipxeUrl": "netboot", "partitions": _partitions(service, ("ext4", "/", 10))},
         "INVALID_PARTITION_IMAGE_NOT_SET"),
        ({"partitions": _partitions(service, ("ext4", "/", 961))}, "INVALID_PARTITION_SIZE_NOT_FULL"),
        ({"partitions": _partitions(service, ("ext4", "/", 10), ("ext4", "/", 10))},
         "INVALID_PARTITION_DUPLICATE_FILE_PATH"),
        ({"partitions": _partitions(service, ("ext4", "/home", 10))},
         "INVALID_PARTITION_MISSING_REQUIRED_FILE_PATH"),
        ({"partitions": _partitions(service, ("ext4", "home", 10))}, "INVALID_PARTITION_MALFORMED"),
        ({"partitions": _partitions(service, (None, "/", 10))}, "INVALID_PARTITION_NO_TYPE"),
        ({"nic": _nic(service, "wan0", "wan0")}, "INVALID_PARAMETER_NIC_NAME_CONFLICT"),
        ({"nic": _nic(service, "0wan")}, "INVALID_PARAMETER_NIC_NAME_MALFORMED"),
    ]


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_bmc_reinstall(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane)
    recycled = _recycled(service, client, control_plane)
    changing = running_instance(service, client, control_plane)
    pending = create_instance(service, client)

    def refused(target, by=client, **fields):
        return sdk_error(by, lambda: _reinstall(service, by, target, **fields))

    assert refused(MISSING_INSTANCE_ID) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused(instance_id, by=other) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused(recycled) == ("OPERATION_DENIED_INSTANCE_RECYCLED", 403)
    assert refused(pending) == ("OPERATION_DENIED_INSTANCE_CREATING", 403)
    modify_bandwidth(service, client, changing, 30)
    assert refused(changing) == ("OPERATION_DENIED_INSTANCE_PLAN_PROCESSING", 403)
    assert refused(instance_id, imageId="img-nope") == ("INVALID_IMAGE_NOT_FOUND", 404)
    assert refused(instance_id, hostname="h" * 65) == ("INVALID_PARAMETER_HOSTNAME_EXCEED", 400)
    assert refused(instance_id, hostname="no spaces") == ("INVALID_PARAMETER_HOSTNAME_MALFORMED", 400)
    assert refused(instance_id, password="weak") == ("INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED", 400)
    assert refused(instance_id, password=PASSWORD, keyId="key-1") == (
        "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT", 400)
    for fields, code in bmc_layout_refusals(service):
        assert refused(instance_id, **fields) == (code, 400), fields
    windows_capable = running_instance(service, client, control_plane, model="M7D")
    assert refused(windows_capable, **_windows_disorder(service)) == WINDOWS_DISORDER
    assert describe(service, client, instance_id).instanceStatus == "RUNNING"

    _reinstall(service, client, instance_id, imageId="img-debian-12", hostname="db-1",
               password=PASSWORD, raidConfig=_raid(service, 1),
               partitions=_partitions(service, ("ext4", "/", 100), ("xfs", "/data", 300)),
               nic=_nic(service, "wan1", "lan1"), userData="#!/bin/sh\necho hi\n")
    installing = describe(service, client, instance_id)
    assert (installing.instanceStatus, installing.imageId, installing.hostname) == (
        "INSTALLING", "img-debian-12", "db-1")
    assert installing.raidConfig.raidType == 1
    assert [(p.fsPath, p.size) for p in installing.partitions] == [("/", 100), ("/data", 300)]
    assert (installing.nic.wanName, installing.nic.lanName) == ("wan1", "lan1")
    assert refused(instance_id) == ("OPERATION_DENIED_INSTANCE_STATUS_INSTALLING", 403)
    advance(control_plane, PROCESSING_SECONDS)
    _stop(service, client, [changing])
    assert refused(changing) == ("OPERATION_DENIED_INSTANCE_STATUS", 403)
    assert describe(service, client, instance_id).instanceStatus == "INSTALLING"
    advance(control_plane, REINSTALL_SECONDS - PROCESSING_SECONDS)
    assert describe(service, client, instance_id).instanceStatus == "RUNNING"


# --- ResetInstance and ResetInstancesPassword (vm) ---------------------------------------

def _reset(service, client, instance_id, **fields):
    return client.ResetInstance(service.request("ResetInstanceRequest", instanceId=instance_id, **fields))


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_vm_reset(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    stopped = _stopped(service, client, control_plane)
    changing = _stopped(service, client, control_plane)
    imaged = _stopped(service, client, control_plane)
    running = running_instance(service, client, control_plane)
    recycled = _recycled(service, client, control_plane)
    creating_image = client.CreateImage(service.request(
        "CreateImageRequest", instanceId=imaged, imageName="golden")).imageId

    def refused(target, by=client, **fields):
        return sdk_error(by, lambda: _reset(service, by, target, **fields))

    assert refused(MISSING_INSTANCE_ID) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused(stopped, by=other) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused(recycled) == ("OPERATION_DENIED_INSTANCE_RECYCLED", 403)
    assert refused(running) == ("OPERATION_DENIED_INSTANCE_NOT_STOPPED", 403)
    modify_type(service, client, changing, "c.2c4g")
    assert refused(changing) == ("OPERATION_DENIED_INSTANCE_PLAN_PROCESSING", 403)
    assert refused(stopped, imageId="img-nope1234") == ("INVALID_IMAGE_NOT_FOUND", 404)
    assert refused(stopped, imageId="no_such_image") == ("INVALID_IMAGE_NOT_FOUND", 404)
    assert refused(stopped, imageId=creating_image) == ("INVALID_IMAGE_STATUS", 400)
    assert refused(stopped, keyId="key-nope1234") == ("INVALID_KEY_PAIR_NOT_FOUND", 404)
    assert refused(stopped, password="weak") == ("INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED", 400)
    assert refused(stopped, password=PASSWORD, keyId="key-nope1234") == (
        "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT", 400)
    assert refused(stopped, wanName="Eth0") == ("INVALID_PARAMETER_NIC_NAME_MALFORMED", 400)
    assert refused(stopped, wanName="eth1") == ("INVALID_PARAMETER_NIC_NAME_CONFLICT", 400)
    fields = {"imageId": "debian_12_x64", "password": PASSWORD}
    if service is VM_2026:
        assert refused(stopped, instanceName="n" * 65) == ("INVALID_PARAMETER_INSTANCE_NAME_EXCEED", 400)
        fields.update(instanceName="rebuilt", initScript="#!/bin/sh\n")
    assert describe(service, client, stopped).instanceStatus == "STOPPED"

    _reset(service, client, stopped, **fields)
    rebuilding = describe(service, client, stopped)
    assert (rebuilding.instanceStatus, rebuilding.imageId) == ("REBUILDING", "debian_12_x64")
    if service is VM_2026:
        assert rebuilding.instanceName == "rebuilt"
    advance(control_plane, REINSTALL_SECONDS)
    assert describe(service, client, stopped).instanceStatus == "RUNNING"


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_vm_password_reset_restarts(service, control_plane, config, raw_call):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    first = _stopped(service, client, control_plane)
    second = _stopped(service, client, control_plane)
    changing = _stopped(service, client, control_plane)
    running = running_instance(service, client, control_plane)
    recycled = _recycled(service, client, control_plane)
    secret = "N3w-Secret!"

    def reset(instance_ids, password=secret, by=client):
        return _ids(service, by, "ResetInstancesPassword", "ResetInstancesPasswordRequest",
                    instance_ids, password=password)

    def refused(instance_ids, password=secret, by=client):
        return sdk_error(by, lambda: reset(instance_ids, password, by))

    assert refused([MISSING_INSTANCE_ID]) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused([first], by=other) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused([first, running]) == ("OPERATION_DENIED_INSTANCE_NOT_STOPPED", 400)
    assert refused([first, recycled]) == ("OPERATION_DENIED_INSTANCE_RECYCLED", 403)
    modify_type(service, client, changing, "c.2c4g")
    assert refused([changing]) == ("OPERATION_DENIED_INSTANCE_PLAN_PROCESSING", 403)
    code, status = refused([first], password="weak-one")
    assert (code, status) == ("INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED", 400)

    reset([first, second])
    assert [describe(service, client, i).instanceStatus for i in (first, second)] == ["BOOTING"] * 2
    advance(control_plane, POWER_SECONDS)
    assert [describe(service, client, i).instanceStatus for i in (first, second)] == ["RUNNING"] * 2
    # The password is shown nowhere (D-126).
    listed = raw_call(client, "DescribeInstances", service.request(
        "DescribeInstancesRequest", instanceIds=[first]))
    assert secret not in str(listed) and PASSWORD not in str(listed)


# --- ModifyInstancesAttribute and resource groups ----------------------------------------

@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_rename(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    first, second = create_instance(service, client), create_instance(service, client)

    def rename(instance_ids, name, by=client):
        return _ids(service, by, "ModifyInstancesAttribute", "ModifyInstancesAttributeRequest",
                    instance_ids, instanceName=name)

    assert sdk_error(client, lambda: rename([first, MISSING_INSTANCE_ID], "x")) == (
        "INVALID_INSTANCE_NOT_FOUND", 404)
    assert sdk_error(other, lambda: rename([first], "x", by=other)) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: rename([first], "n" * 65)) == (
        "INVALID_PARAMETER_INSTANCE_NAME_EXCEED", 400)
    assert sdk_error(client, lambda: rename([first], "no spaces")) == ("INVALID_PARAMETER", 400)
    rename([first, second], "web-1.prod")
    assert {describe(service, client, i).instanceName for i in (first, second)} == {"web-1.prod"}


@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_resource_groups(service, control_plane, config):
    account, credential, client = new_client(service, control_plane, config)
    other_account, _, other = new_client(service, control_plane, config)
    path = "/accounts/%s/resource-groups" % account["accountId"]
    web = control_plane.post(path, {"name": "web"})
    assert web["name"] == "web" and web["resourceGroupId"].startswith("rg-")
    theirs = control_plane.post("/accounts/%s/resource-groups" % other_account["accountId"],
                                {"name": "web"})
    groups = control_plane.get(path)["resourceGroups"]
    default = {"resourceGroupId": "rg-default-" + account["accountId"],
               "name": "Default Resource Group"}
    assert groups == [default, web]

    plain = create_instance(service, client)
    listed = describe(service, client, plain)
    assert (listed.resourceGroupId, listed.resourceGroupName) == (
        default["resourceGroupId"], default["name"])
    request = service.create_request(charge_type="POSTPAID")
    request.resourceGroupId = web["resourceGroupId"]
    (grouped,) = client.CreateInstances(request).instanceIdSet
    assert describe(service, client, grouped).resourceGroupName == "web"

    before = balance(credential, config)
    unknown = service.create_request()
    unknown.resourceGroupId = theirs["resourceGroupId"]
    assert sdk_error(client, lambda: client.CreateInstances(unknown)) == (
        "OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND", 404)
    assert balance(credential, config) == before

    def move(instance_ids, group_id, by=client):
        return _ids(service, by, "ModifyInstancesResourceGroup",
                    "ModifyInstancesResourceGroupRequest", instance_ids, resourceGroupId=group_id)

    assert sdk_error(client, lambda: move([plain], theirs["resourceGroupId"])) == (
        "OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND", 404)
    assert sdk_error(client, lambda: move([plain, MISSING_INSTANCE_ID], web["resourceGroupId"])) == (
        "OPERATION_FAILED_RESOURCE_NOT_FOUND", 404)
    assert sdk_error(other, lambda: move([plain], theirs["resourceGroupId"], by=other)) == (
        "OPERATION_FAILED_RESOURCE_NOT_FOUND", 404)
    move([plain], web["resourceGroupId"])
    in_web = client.DescribeInstances(service.request(
        "DescribeInstancesRequest", resourceGroupId=web["resourceGroupId"]))
    assert sorted(i.instanceId for i in in_web.dataSet) == sorted([plain, grouped])


# --- RenewInstance (bmc) -----------------------------------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_renew_charges_one_period_now(service, control_plane, config):
    account, credential, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane)
    postpaid = running_instance(service, client, control_plane, charge_type="POSTPAID")
    recycled = _recycled(service, client, control_plane)
    changing = running_instance(service, client, control_plane)
    scheduled = running_instance(service, client, control_plane)

    def renew(target, by=client):
        return by.RenewInstance(service.request("RenewInstanceRequest", instanceId=target))

    def refused(target, by=client):
        return sdk_error(by, lambda: renew(target, by))

    assert refused(MISSING_INSTANCE_ID) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused(instance_id, by=other) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert refused(postpaid) == ("INVALID_CHARGE_TYPE_NOT_SUPPORT", 403)
    assert refused(recycled) == ("OPERATION_DENIED_INSTANCE_RECYCLED", 403)
    modify_bandwidth(service, client, changing, 30)
    assert refused(changing) == ("OPERATION_DENIED_INSTANCE_PLAN_PROCESSING", 403)
    modify_bandwidth(service, client, scheduled, 10)
    assert refused(scheduled) == ("OPERATION_DENIED_INSTANCE_EXIST_PLAN", 403)

    price = quoted_create_total(service, client)
    expiry = parse_instant(describe(service, client, instance_id).expiredTime)
    before = balance(credential, config)
    renew(instance_id)
    assert balance(credential, config) == round(before - price, 2)
    assert parse_instant(describe(service, client, instance_id).expiredTime) == expiry + timedelta(days=30)
    (line,) = orders(control_plane, account, instance_id, kind="RENEW")
    assert (float(line["amount"]), parse_instant(line["from"]), line["status"]) == (
        price, expiry, "PAID")

    _, poor_credential, poor = new_client(service, control_plane, config, balance=str(price))
    bought = running_instance(service, poor, control_plane)
    assert sdk_error(poor, lambda: renew(bought, by=poor)) == ("OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)
    assert balance(poor_credential, config) == 0


# --- consoles ----------------------------------------------------------------------------

@pytest.mark.parametrize("service", [pytest.param(BMC_2026, id=repr(BMC_2026))])
def test_ipmi(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    pending = create_instance(service, client)

    def url(target, by=client):
        return by.DescribeInstanceIpmiUrl(service.request(
            "DescribeInstanceIpmiUrlRequest", instanceId=target)).url

    def set_password(target, password=PASSWORD, by=client):
        return by.ResetInstanceIpmiPassword(service.request(
            "ResetInstanceIpmiPasswordRequest", instanceId=target, password=password))

    for call in (url, set_password):
        assert sdk_error(client, lambda: call(MISSING_INSTANCE_ID)) == ("INVALID_INSTANCE_NOT_FOUND", 404)
        assert sdk_error(other, lambda: call(pending, by=other)) == ("INVALID_INSTANCE_NOT_FOUND", 404)
        assert sdk_error(client, lambda: call(pending)) == ("OPERATION_DENIED_INSTANCE_CREATING", 403)
    assert sdk_error(client, lambda: set_password(pending, "weak")) == (
        "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED", 400)


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", [pytest.param(BMC_2026, id=repr(BMC_2026))])
def test_ipmi_once_created(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    keyed = service.create_request(charge_type="POSTPAID")
    keyed.password, keyed.keyId = None, "key-1"
    (instance_id,) = client.CreateInstances(keyed).instanceIdSet
    recycled = _recycled(service, client, control_plane)
    advance(control_plane, PROVISIONING_SECONDS)
    first, second = [client.DescribeInstanceIpmiUrl(service.request(
        "DescribeInstanceIpmiUrlRequest", instanceId=instance_id)).url for _ in range(2)]
    assert first.startswith("https://ipmi-") and instance_id in first and first != second
    assert describe(service, client, instance_id).ipmiEnabled is False
    client.ResetInstanceIpmiPassword(service.request(
        "ResetInstanceIpmiPasswordRequest", instanceId=instance_id, password=PASSWORD))
    assert describe(service, client, instance_id).ipmiEnabled is True
    assert sdk_error(client, lambda: client.DescribeInstanceIpmiUrl(service.request(
        "DescribeInstanceIpmiUrlRequest", instanceId=recycled))) == (
        "OPERATION_DENIED_INSTANCE_RECYCLED", 403)
    assert sdk_error(client, lambda: client.ResetInstanceIpmiPassword(service.request(
        "ResetInstanceIpmiPasswordRequest", instanceId=recycled, password=PASSWORD))) == (
        "OPERATION_DENIED_INSTANCE_RECYCLED", 403)


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", [pytest.param(VM_2026, id=repr(VM_2026))])
def test_vnc(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    running = running_instance(service, client, control_plane)
    stopped = _stopped(service, client, control_plane)
    recycled = _recycled(service, client, control_plane)

    def url(target, by=client):
        return by.DescribeVncUrl(service.request("DescribeVncUrlRequest", instanceId=target)).url

    assert url(running).startswith("https://vnc-")
    assert sdk_error(client, lambda: url(MISSING_INSTANCE_ID)) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert sdk_error(other, lambda: url(running, by=other)) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: url(stopped)) == ("OPERATION_DENIED_INSTANCE_NOT_RUNNING", 403)
    assert sdk_error(client, lambda: url(recycled)) == ("OPERATION_DENIED_INSTANCE_RECYCLED", 403)


# --- lists -------------------------------------------------------------------------------

@pytest.mark.parametrize("service", VM_VERSIONS)
def test_instances_status(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    made = [create_instance(service, client) for _ in range(3)]
    create_instance(service, other)

    def status(**fields):
        return client.DescribeInstancesStatus(service.request("DescribeInstancesStatusRequest", **fields))

    listed = status()
    assert listed.totalCount == 3
    assert sorted((s.instanceId, s.instanceStatus) for s in listed.dataSet) == sorted(
        (i, "PENDING") for i in made)
    page = status(instanceIds=made[:2] + [MISSING_INSTANCE_ID], pageSize=1, pageNum=2)
    assert (page.totalCount, len(page.dataSet)) == (2, 1)
    assert sdk_error(client, lambda: status(pageSize=0)) == ("INVALID_PARAMETER", 400)
    assert sdk_error(client, lambda: status(instanceIds=[MISSING_INSTANCE_ID] * 101)) == (
        "INVALID_PARAMETER", 400)


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_managed_instances(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    create_instance(service, client)

    def managed(**fields):
        return client.DescribeManagedInstances(service.request("DescribeManagedInstancesRequest", **fields))

    listed = managed(pageNum=1, pageSize=50)
    assert (listed.totalCount, listed.dataSet) == (0, [])
    assert sdk_error(client, lambda: managed(pageSize=1001)) == ("INVALID_PARAMETER", 400)


@pytest.mark.parametrize("service", [pytest.param(VM_2026, id=repr(VM_2026))])
def test_inventory_capacity(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)

    def capacity(**fields):
        return client.DescribeVmInventoryCapacity(service.request(
            "DescribeVmInventoryCapacityRequest", **fields)).dataSet

    zones = {c.zoneId: c.capacity for c in capacity()}
    assert VM_ZONE in zones and set(zones.values()) <= {"HIGH", "MEDIUM", "LOW", "NONE"}
    assert [(c.zoneId, c.capacity) for c in capacity(zoneId=VM_ZONE)] == [(VM_ZONE, zones[VM_ZONE])]
    assert sdk_error(client, lambda: capacity(zoneId="nowhere")) == ("INVALID_ZONE_NOT_FOUND", 404)


# --- what CreateInstances sets, kept and shown -------------------------------------------

@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_bmc_create_fields_stick(service, control_plane, config, raw_call):
    _, _, client = new_client(service, control_plane, config)
    request = service.create_request(charge_type="POSTPAID")
    request.raidConfig = _raid(service, custom=[(0, [1]), (0, [2])])
    request.partitions = _partitions(service, ("ext4", "/", 200), ("swap", "/swap", 8))
    request.nic = _nic(service, "wan7", "lan7")
    request.userData = "#cloud-config\n"
    request.enablePrimaryIPv6 = False
    request.enableGatewayMode = True
    request.clusterId = "cluster-1"
    marketing = service.models.MarketingInfo()
    marketing.discountCode = "SPRING"
    request.marketingOptions = marketing
    (instance_id,) = client.CreateInstances(request).instanceIdSet
    shown = describe(service, client, instance_id)
    assert [(p.fsType, p.fsPath, p.size) for p in shown.partitions] == [
        ("ext4", "/", 200), ("swap", "/swap", 8)]
    assert (shown.nic.wanName, shown.enableGatewayMode, shown.ipv6Addresses) == ("wan7", True, [])
    raw = raw_call(client, "DescribeInstances", service.request(
        "DescribeInstancesRequest", instanceIds=[instance_id]))["dataSet"][0]
    # On the wire: the 2022-11-20 model of the SDK cannot read a CustomRaid back (its
    # `_deserialize` sits outside the class).
    assert raw["raidConfig"] == {"customRaids": [
        {"raidType": 0, "diskSequence": [1]}, {"raidType": 0, "diskSequence": [2]}]}
    assert (raw["userData"], raw["clusterId"], raw["marketingOptions"]) == (
        "#cloud-config\n", "cluster-1", {"discountCode": "SPRING"})
    assert PASSWORD not in str(raw)
    for fields, code in bmc_layout_refusals(service):
        refused = service.create_request()
        for field, value in fields.items():
            setattr(refused, field, value)
        assert sdk_error(client, lambda: client.CreateInstances(refused)) == (code, 400), fields
    refused = service.create_request(model="M7D")
    for field, value in _windows_disorder(service).items():
        setattr(refused, field, value)
    assert sdk_error(client, lambda: client.CreateInstances(refused)) == WINDOWS_DISORDER


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_vm_create_fields_stick(service, control_plane, config, raw_call):
    _, _, client = new_client(service, control_plane, config)
    request = service.create_request(charge_type="POSTPAID")
    request.enableIpv4, request.enableIpv6 = False, True
    request.cpuPassThrough, request.diskPreAllocated = False, True
    request.initScript, request.networkMode, request.clusterId = "#!/bin/sh\n", "Vf", "c-9"
    disk = service.models.DataDisk()
    disk.diskSize, disk.diskCategory, disk.portable = 100, "SSD", True
    request.dataDisks = [disk]
    if service is VM_2026:
        request.cidrBlockId, request.startCidrIpv4 = "cidr-1", "203.0.113.8"
    (instance_id,) = client.CreateInstances(request).instanceIdSet
    shown = describe(service, client, instance_id)
    assert shown.publicIpAddresses == [] and len(shown.publicIpv6Addresses) == 1
    assert [(d.diskSize, d.diskCategory, d.portable) for d in shown.dataDisks] == [(100, "SSD", True)]
    raw = raw_call(client, "DescribeInstances", service.request(
        "DescribeInstancesRequest", instanceIds=[instance_id]))["dataSet"][0]
    assert (raw["enableIpv4"], raw["enableIpv6"], raw["cpuPassThrough"], raw["diskPreAllocated"],
            raw["initScript"], raw["networkMode"], raw["clusterId"]) == (
        False, True, False, True, "#!/bin/sh\n", "Vf", "c-9")
    if service is VM_2026:
        assert (raw["cidrBlockId"], raw["startCidrIpv4"]) == ("cidr-1", "203.0.113.8")
    refusals = [
        ({"networkMode": "e1000"}, ("INVALID_PARAMETER", 400)),
        ({"cpuPassThrough": True}, ("INVALID_PARAMETER", 400)),
        ({"nic": _nic(service, "eth1")}, ("INVALID_PARAMETER_NIC_NAME_CONFLICT", 400)),
        ({"nic": _nic(service, "WAN")}, ("INVALID_PARAMETER_NIC_NAME_MALFORMED", 400)),
    ]
    for fields, expected in refusals:
        refused = service.create_request()
        for field, value in fields.items():
            setattr(refused, field, value)
        assert sdk_error(client, lambda: client.CreateInstances(refused)) == expected, fields
