"""The five seed pages (shared/seeds/000..004), replayed through the official SDK.

Each seed's example request is sent exactly as its page shows it (same fields, same
values, the instance id replaced by a real one), and the answer is checked on the wire
against the page's response: `{"requestId": R, "response": {"requestId": R, ...}}`.
Each seed's error table is then walked row by row: every listed code is reached through
the SDK and its HTTP status checked on the wire (the SDK exception does not carry it),
with the codes and statuses that DECISIONS.md D-18 settles where the pages disagree.

Every test opens its own account, so balances and orders see only what the test does.
Plan changes need a RUNNING instance (D-17), and provisioning takes 10 s of simulated
time, so most tests move the shared clock and are marked `advances_clock`.
"""

import pytest

from plan_support import (
    BMC_2026, BMC_VERSIONS, MISSING_INSTANCE_ID, ORDER_NUMBER, PROCESSING_SECONDS, VM_VERSIONS, Wire,
    advance, assert_seed_answer, balance, create_instance, describe, history, internet_status,
    modify_bandwidth, modify_traffic_package, modify_type, new_client, orders, running_instance,
    sdk_error, type_status,
)


def _unchanged(control_plane, account, credential, config, instance_id):
    """A snapshot of what a rejected request must leave alone (D-2: nothing changes)."""
    return balance(credential, config), orders(control_plane, account, instance_id)


# --- seeds 003 and 004: ModifyInstanceTrafficPackage -------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_seed_003_upgrade_traffic_package_to_100(service, config, control_plane):
    """Seed 003/004 example: bmc ModifyInstanceTrafficPackage
    `{"instanceId", "trafficPackageSize": 100}` on a running PREPAID ByTrafficPackage
    instance holding 10 TB answers a requestId and a 16-digit orderNumber, and takes from
    the balance exactly the `discountPrice` InquiryPriceInstanceTrafficPackage quoted just
    before (D-12, D-19). DescribeInstanceInternetStatus shows `Processing` with
    modifiedTrafficPackageSize 100 for 5 s (DescribeInstances still shows 10 TB), then
    `Enable` with trafficPackageSize 100 and modifiedTrafficPackageSize null (D-11): the
    state Terraform polls for. The order is a PAID TRAFFIC_PACKAGE order 10 -> 100 whose
    amount is the CONSUME entry of the ledger."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane,
                                   internet_charge_type="ByTrafficPackage", package=10)

    quote = client.InquiryPriceInstanceTrafficPackage(service.request(
        "InquiryPriceInstanceTrafficPackageRequest", instanceId=instance_id, trafficPackageSize=100))
    quoted = quote.trafficPackagePrice[0].discountPrice
    assert quoted > 0
    before = balance(credential, config)

    request = service.request("ModifyInstanceTrafficPackageRequest",
                              instanceId=instance_id, trafficPackageSize=100)
    with Wire(client) as wire:
        answer = client.ModifyInstanceTrafficPackage(request)
    assert ORDER_NUMBER.match(answer.orderNumber or ""), answer.orderNumber
    assert_seed_answer(wire.last, {"instanceId": instance_id, "trafficPackageSize": 100},
                       orderNumber=answer.orderNumber)
    assert balance(credential, config) == round(before - quoted, 2)

    status = internet_status(service, client, instance_id)
    assert status.instanceId == instance_id
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize,
            status.modifiedTrafficPackageSize) == ("Processing", 10, 100)
    assert describe(service, client, instance_id).trafficPackageSize == 10

    advance(control_plane, PROCESSING_SECONDS - 1)
    assert internet_status(service, client, instance_id).modifiedTrafficPackageStatus == "Processing"
    advance(control_plane, 1)
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize,
            status.modifiedTrafficPackageSize) == ("Enable", 100, None)
    assert describe(service, client, instance_id).trafficPackageSize == 100

    (order,) = orders(control_plane, account, instance_id, kind="TRAFFIC_PACKAGE")
    assert order["orderNumber"] == answer.orderNumber
    assert order["status"] == "PAID"
    assert (float(order["from"]), float(order["to"])) == (10, 100)
    assert float(order["amount"]) == quoted
    (entry,) = [entry for entry in history(credential, config).dataSet
                if entry.orderSn == answer.orderNumber]
    assert entry.transactionType == "CONSUME"
    assert entry.amount == quoted


def _tp_pending(service, client, control_plane):
    """PREPAID ByTrafficPackage 10 TB, still PENDING."""
    return create_instance(service, client, internet_charge_type="ByTrafficPackage", package=10)


def _tp_running(service, client, control_plane):
    """PREPAID ByTrafficPackage 10 TB, RUNNING."""
    return running_instance(service, client, control_plane,
                            internet_charge_type="ByTrafficPackage", package=10)


def _tp_downgrade_scheduled(service, client, control_plane):
    """PREPAID ByTrafficPackage 10 TB with a downgrade to 5 TB waiting for the cycle end."""
    instance_id = _tp_running(service, client, control_plane)
    modify_traffic_package(service, client, instance_id, 5)
    assert internet_status(service, client, instance_id).modifiedTrafficPackageStatus == "WaitToEnable"
    return instance_id


def _tp_upgrade_processing(service, client, control_plane):
    """PREPAID ByTrafficPackage 10 TB with an upgrade to 20 TB still processing."""
    instance_id = _tp_running(service, client, control_plane)
    modify_traffic_package(service, client, instance_id, 20)
    assert internet_status(service, client, instance_id).modifiedTrafficPackageStatus == "Processing"
    return instance_id


def _by_bandwidth(service, client, control_plane):
    """PREPAID ByBandwidth 20 Mbps, RUNNING."""
    return running_instance(service, client, control_plane, bandwidth=20)


def _postpaid_without_package(service, client, control_plane):
    """POSTPAID ByTrafficPackage, which holds no package (D-22), RUNNING."""
    return running_instance(service, client, control_plane, charge_type="POSTPAID",
                            internet_charge_type="ByTrafficPackage")


def _missing(service, client, control_plane):
    return MISSING_INSTANCE_ID


# Seed 003's error table, in the page's order (seed 004 lists the same codes but spells
# one `OPERATION_FILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE`; D-18 keeps 003's spelling).
SEED_003_ERRORS = [
    ("status-not-supported", _tp_pending, 20, 403, "OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT"),
    ("downgrade-scheduled", _tp_downgrade_scheduled, 20, 403,
     "OPERATION_FAILED_INSTANCE_EXIST_PLAN_TRAFFIC_PACKAGE"),
    ("processing", _tp_upgrade_processing, 30, 403, "OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING"),
    ("below-free-package", _tp_running, 0.95, 400, "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS"),
    ("off-the-0.05-grid", _tp_running, 1.151, 400, "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR"),
    ("negative", _tp_running, -5, 400, "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR"),
    ("not-by-traffic-package", _by_bandwidth, 20, 403, "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT"),
    ("instance-not-found", _missing, 20, 404, "INVALID_INSTANCE_NOT_FOUND"),
    ("above-maximum", _tp_running, 200.05, 400, "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED"),
    ("no-package", _postpaid_without_package, 20, 403, "OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE"),
]


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
@pytest.mark.parametrize("setup,size,http_status,code",
                         [pytest.param(*row[1:], id=row[0]) for row in SEED_003_ERRORS])
def test_seed_003_error_table(service, setup, size, http_status, code, config, control_plane):
    """Every row of seed 003's error table: bmc ModifyInstanceTrafficPackage in the
    situation the row describes raises the row's code with the row's HTTP status (D-15 to
    D-18), and changes neither the balance nor the instance's orders nor its state."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = setup(service, client, control_plane)
    if instance_id != MISSING_INSTANCE_ID:
        before = _unchanged(control_plane, account, credential, config, instance_id)
        state = internet_status(service, client, instance_id).serialize()

    assert sdk_error(client, lambda: modify_traffic_package(service, client, instance_id, size)) == (
        code, http_status)

    if instance_id != MISSING_INSTANCE_ID:
        assert _unchanged(control_plane, account, credential, config, instance_id) == before
        after = internet_status(service, client, instance_id).serialize()
        after.pop("requestId"), state.pop("requestId")
        assert after == state


# --- seed 000: CancelInstanceTrafficPackageDowngrade -------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_seed_000_cancel_traffic_package_downgrade(service, config, control_plane):
    """Seed 000 example: after a PREPAID downgrade 10 -> 5 TB (no charge, SCHEDULED order,
    `WaitToEnable` with modifiedTrafficPackageSize 5, D-13), bmc
    CancelInstanceTrafficPackageDowngrade `{"instanceId"}` answers nothing but a
    requestId; the item is `Enable` again at 10 TB with nothing modified, the order is
    CANCELLED, and the balance never moved. A second cancel finds nothing to cancel."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = _tp_running(service, client, control_plane)
    before = balance(credential, config)

    downgrade = modify_traffic_package(service, client, instance_id, 5)
    assert ORDER_NUMBER.match(downgrade.orderNumber or ""), downgrade.orderNumber
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize,
            status.modifiedTrafficPackageSize) == ("WaitToEnable", 10, 5)
    (order,) = orders(control_plane, account, instance_id, kind="TRAFFIC_PACKAGE")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "SCHEDULED")
    assert balance(credential, config) == before

    request = service.request("CancelInstanceTrafficPackageDowngradeRequest", instanceId=instance_id)
    with Wire(client) as wire:
        answer = client.CancelInstanceTrafficPackageDowngrade(request)
    assert_seed_answer(wire.last, {"instanceId": instance_id})
    assert answer.requestId == wire.last[2]["requestId"]

    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize,
            status.modifiedTrafficPackageSize) == ("Enable", 10, None)
    (order,) = orders(control_plane, account, instance_id, kind="TRAFFIC_PACKAGE")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "CANCELLED")
    assert balance(credential, config) == before

    assert sdk_error(client, lambda: client.CancelInstanceTrafficPackageDowngrade(request)) == (
        "OPERATION_DENIED_DOWNGRADE_NOT_EXIST", 404)


SEED_000_ERRORS = [
    ("instance-not-found", _missing, 404, "INVALID_INSTANCE_NOT_FOUND"),
    ("not-by-traffic-package", _by_bandwidth, 403, "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT"),
    ("no-downgrade", _tp_running, 404, "OPERATION_DENIED_DOWNGRADE_NOT_EXIST"),
    # D-15: while an immediate change is processing, nothing is scheduled.
    ("upgrade-processing", _tp_upgrade_processing, 404, "OPERATION_DENIED_DOWNGRADE_NOT_EXIST"),
]


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
@pytest.mark.parametrize("setup,http_status,code",
                         [pytest.param(*row[1:], id=row[0]) for row in SEED_000_ERRORS])
def test_seed_000_error_table(service, setup, http_status, code, config, control_plane):
    """Every row of seed 000's error table (plus the processing case of D-15): bmc
    CancelInstanceTrafficPackageDowngrade raises the row's code with the row's HTTP
    status, 404 for a missing downgrade as the page says (D-18), and changes nothing."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = setup(service, client, control_plane)
    request = service.request("CancelInstanceTrafficPackageDowngradeRequest", instanceId=instance_id)
    if instance_id != MISSING_INSTANCE_ID:
        before = _unchanged(control_plane, account, credential, config, instance_id)

    assert sdk_error(client, lambda: client.CancelInstanceTrafficPackageDowngrade(request)) == (
        code, http_status)
    if instance_id != MISSING_INSTANCE_ID:
        assert _unchanged(control_plane, account, credential, config, instance_id) == before


def test_seed_000_instance_of_another_account_is_not_found(config, control_plane, demo_credential):
    """An instance of another account (here the demo account's) is reported like a
    missing one by CancelInstanceTrafficPackageDowngrade: 404 INVALID_INSTANCE_NOT_FOUND
    (D-6, seed 000)."""
    service = BMC_2026
    demo_client = service.client(demo_credential, config)
    demo_instances = demo_client.DescribeInstances(service.models.DescribeInstancesRequest()).dataSet
    assert demo_instances, "the demo account owns bmc instances (D-30)"
    _, _, client = new_client(service, control_plane, config)
    request = service.request("CancelInstanceTrafficPackageDowngradeRequest",
                              instanceId=demo_instances[0].instanceId)
    assert sdk_error(client, lambda: client.CancelInstanceTrafficPackageDowngrade(request)) == (
        "INVALID_INSTANCE_NOT_FOUND", 404)


# --- seed 001: CancelInstanceBandwidthDowndegrade (bmc alias) ----------------------------

ALIAS = "CancelInstanceBandwidthDowndegrade"


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_seed_001_cancel_bandwidth_downdegrade(service, config, control_plane, raw_call):
    """Seed 001 example: after a PREPAID bandwidth downgrade 20 -> 15 Mbps (both above the
    free 10 Mbps, so it waits for the cycle end: `WaitToEnable`, SCHEDULED order, D-13),
    the seed's spelling `CancelInstanceBandwidthDowndegrade` `{"instanceId"}` (which the
    SDK has no method for) answers nothing but a requestId; the bandwidth is `Enable`
    at 20 Mbps again and the order CANCELLED. Called again, it fails with the seed's own
    code OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH, HTTP 403 (D-18)."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = _by_bandwidth(service, client, control_plane)
    before = balance(credential, config)

    downgrade = modify_bandwidth(service, client, instance_id, 15)
    assert ORDER_NUMBER.match(downgrade.orderNumber or ""), downgrade.orderNumber
    status = internet_status(service, client, instance_id)
    assert (status.modifiedBandwidthStatus, status.internetMaxBandwidthOut,
            status.modifiedInternetMaxBandwidthOut) == ("WaitToEnable", 20, 15)
    (order,) = orders(control_plane, account, instance_id, kind="BANDWIDTH")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "SCHEDULED")

    request = service.request("CancelInstanceBandwidthDowngradeRequest", instanceId=instance_id)
    with Wire(client) as wire:
        answer = raw_call(client, ALIAS, request)
    assert_seed_answer(wire.last, {"instanceId": instance_id})
    assert answer == {"requestId": wire.last[2]["requestId"]}
    assert wire.last[2]["requestId"] != downgrade.requestId

    status = internet_status(service, client, instance_id)
    assert (status.modifiedBandwidthStatus, status.internetMaxBandwidthOut,
            status.modifiedInternetMaxBandwidthOut) == ("Enable", 20, None)
    (order,) = orders(control_plane, account, instance_id, kind="BANDWIDTH")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "CANCELLED")
    assert balance(credential, config) == before

    assert sdk_error(client, lambda: raw_call(client, ALIAS, request)) == (
        "OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH", 403)


SEED_001_ERRORS = [
    ("instance-not-found", _missing, 404, "INVALID_INSTANCE_NOT_FOUND"),
    ("not-by-bandwidth", _tp_running, 403, "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH"),
    ("no-downgrade", _by_bandwidth, 403, "OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH"),
]


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
@pytest.mark.parametrize("setup,http_status,code",
                         [pytest.param(*row[1:], id=row[0]) for row in SEED_001_ERRORS])
def test_seed_001_error_table(service, setup, http_status, code, config, control_plane, raw_call):
    """Every row of seed 001's error table: the alias `CancelInstanceBandwidthDowndegrade`
    raises the seed's own codes (D-18), with the page's HTTP status, and changes nothing."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = setup(service, client, control_plane)
    request = service.request("CancelInstanceBandwidthDowngradeRequest", instanceId=instance_id)
    if instance_id != MISSING_INSTANCE_ID:
        before = _unchanged(control_plane, account, credential, config, instance_id)

    assert sdk_error(client, lambda: raw_call(client, ALIAS, request)) == (code, http_status)
    if instance_id != MISSING_INSTANCE_ID:
        assert _unchanged(control_plane, account, credential, config, instance_id) == before


# --- seed 002: vm CancelInstanceDowngrade ------------------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_seed_002_cancel_instance_downgrade(service, config, control_plane):
    """Seed 002 example: a running PREPAID vm c.2c4g moved to the cheaper c.1c2g by
    ModifyInstanceType gets a SCHEDULED INSTANCE_TYPE order and shows `WaitToEnable` with
    modifiedInstanceType c.1c2g in DescribeInstanceTypeStatus (D-12, D-13); vm
    CancelInstanceDowngrade `{"instanceId"}` answers nothing but a requestId, the model
    item is `Enable` at c.2c4g with nothing modified, the order CANCELLED, the balance
    untouched. A second cancel raises OPERATION_DENIED_DOWNGRADE_NOT_EXIST, HTTP 403."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = running_instance(service, client, control_plane, model="c.2c4g", bandwidth=5)
    before = balance(credential, config)

    downgrade = modify_type(service, client, instance_id, "c.1c2g")
    assert ORDER_NUMBER.match(downgrade.orderNumber or ""), downgrade.orderNumber
    status = type_status(service, client, instance_id)
    assert status.instanceId == instance_id
    assert (status.modifiedInstanceTypeStatus, status.instanceType,
            status.modifiedInstanceType) == ("WaitToEnable", "c.2c4g", "c.1c2g")
    (order,) = orders(control_plane, account, instance_id, kind="INSTANCE_TYPE")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "SCHEDULED")

    request = service.request("CancelInstanceDowngradeRequest", instanceId=instance_id)
    with Wire(client) as wire:
        answer = client.CancelInstanceDowngrade(request)
    assert_seed_answer(wire.last, {"instanceId": instance_id})
    assert answer.requestId == wire.last[2]["requestId"]

    status = type_status(service, client, instance_id)
    assert (status.modifiedInstanceTypeStatus, status.instanceType,
            status.modifiedInstanceType) == ("Enable", "c.2c4g", None)
    assert describe(service, client, instance_id).instanceType == "c.2c4g"
    (order,) = orders(control_plane, account, instance_id, kind="INSTANCE_TYPE")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "CANCELLED")
    assert balance(credential, config) == before

    assert sdk_error(client, lambda: client.CancelInstanceDowngrade(request)) == (
        "OPERATION_DENIED_DOWNGRADE_NOT_EXIST", 403)


def _vm_running(service, client, control_plane):
    """PREPAID vm c.1c2g, 5 Mbps, RUNNING."""
    return running_instance(service, client, control_plane, model="c.1c2g", bandwidth=5)


def _vm_upgrade_processing(service, client, control_plane):
    """PREPAID vm c.1c2g being upgraded to c.2c4g (immediate, processing)."""
    instance_id = _vm_running(service, client, control_plane)
    modify_type(service, client, instance_id, "c.2c4g")
    assert type_status(service, client, instance_id).modifiedInstanceTypeStatus == "Processing"
    return instance_id


SEED_002_ERRORS = [
    ("instance-not-found", _missing, 404, "INVALID_INSTANCE_NOT_FOUND"),
    ("no-downgrade", _vm_running, 403, "OPERATION_DENIED_DOWNGRADE_NOT_EXIST"),
    # D-15: while an immediate change is processing, nothing is scheduled.
    ("upgrade-processing", _vm_upgrade_processing, 403, "OPERATION_DENIED_DOWNGRADE_NOT_EXIST"),
]


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
@pytest.mark.parametrize("setup,http_status,code",
                         [pytest.param(*row[1:], id=row[0]) for row in SEED_002_ERRORS])
def test_seed_002_error_table(service, setup, http_status, code, config, control_plane):
    """Every row of seed 002's error table (plus the processing case of D-15): vm
    CancelInstanceDowngrade raises the row's code with the row's HTTP status, 403 for a
    missing downgrade as the page says (D-18), and changes nothing."""
    account, credential, client = new_client(service, control_plane, config)
    instance_id = setup(service, client, control_plane)
    request = service.request("CancelInstanceDowngradeRequest", instanceId=instance_id)
    if instance_id != MISSING_INSTANCE_ID:
        before = _unchanged(control_plane, account, credential, config, instance_id)

    assert sdk_error(client, lambda: client.CancelInstanceDowngrade(request)) == (code, http_status)
    if instance_id != MISSING_INSTANCE_ID:
        assert _unchanged(control_plane, account, credential, config, instance_id) == before
