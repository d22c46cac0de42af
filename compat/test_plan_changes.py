"""Plan changes beyond the seed examples, through the official SDK (D-10 to D-19, D-23).

Scheduled downgrades applied at the cycle end and the renewal charged at the new plan
price; upgrades charged exactly what the inquiry quoted; POSTPAID changes applied at
once; the `Price` (2022-11-20, 2023-03-13) and `PriceItem` (2026) inquiry shapes; the
canonical bmc CancelInstanceBandwidthDowngrade codes next to the seed-001 alias.

Every test opens its own account. Prices are read from the catalog in force
(`GET /_zenlocal/catalog`) or from InquiryPriceCreateInstance rather than written down.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from plan_support import (
    ALL_VERSIONS, BILLING_MONTH, BMC_2022, BMC_2026, BMC_TYPE, BMC_VERSIONS, BMC_ZONE, ORDER_NUMBER,
    PROCESSING_SECONDS, VM_2023, VM_2026, VM_VERSIONS, VM_ZONE, advance, balance, create_instance, describe,
    history, internet_status, modify_bandwidth, modify_traffic_package, modify_type,
    new_client, now, orders, params, parse_instant, quoted_create_total, running_instance, sdk_error,
    type_status,
)

SECONDS_PER_MONTH = 2592000
PRICE_FIELDS = {"originalPrice", "discountPrice", "discount", "unitPrice", "discountUnitPrice",
                "chargeUnit", "stepPrices"}
PRICE_ITEM_ONLY_FIELDS = {"category", "amountUnit", "excessUnitPrice", "excessDiscountUnitPrice",
                          "excessAmountUnit"}


def _offer(control_plane, service, product):
    """The catalog offer of `product` in the zone the tests use (D-9)."""
    zone = BMC_ZONE if service.is_bmc else VM_ZONE
    catalog = control_plane.get("/catalog")["bmc" if service.is_bmc else "vm"]
    (offer,) = [offer for offer in catalog["offers"]
                if offer["product"] == product and zone in offer["zones"]]
    return offer


def _cents(amount):
    return float(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _prorated(monthly_difference, remaining_seconds):
    """D-12: monthly difference x remaining seconds of the cycle / 2,592,000, in cents."""
    return _cents(Decimal(monthly_difference) * remaining_seconds / SECONDS_PER_MONTH)


def _plan_price(offer, bandwidth):
    """D-10: monthly model price plus the bandwidth above the offer's free amount."""
    extra = Decimal(bandwidth - offer["free_bandwidth"]) * Decimal(offer["bandwidth_price_monthly"])
    return Decimal(offer["monthly_price"]) + extra


def _seconds_to(control_plane, instant_text):
    return int((parse_instant(instant_text) - now(control_plane)).total_seconds())


# --- scheduled downgrades at the cycle end -----------------------------------------------

@pytest.mark.advances_clock
def test_traffic_package_downgrade_applies_at_cycle_end(config, control_plane):
    """A PREPAID 1-month bmc ByTrafficPackage instance of 10 TB downgraded to 5 TB keeps
    10 TB (`WaitToEnable`) up to the last second of its cycle. At expiredTime the order
    applies first, then the renewal is charged (D-13, D-23): the TRAFFIC_PACKAGE order is
    APPLIED, the item `Enable` at 5 TB, and the renewal CONSUME entry in
    DescribeTransactionHistory is the price of a 5 TB plan (what InquiryPriceCreateInstance
    quotes for such an instance, less than the 10 TB plan paid at creation)."""
    service = BMC_2026
    account, credential, client = new_client(service, control_plane, config, "1000.00")
    old_plan = quoted_create_total(service, client, internet_charge_type="ByTrafficPackage", package=10)
    new_plan = quoted_create_total(service, client, internet_charge_type="ByTrafficPackage", package=5)
    assert new_plan < old_plan
    instance_id = running_instance(service, client, control_plane,
                                   internet_charge_type="ByTrafficPackage", package=10)
    assert balance(credential, config) == round(1000.0 - old_plan, 2)
    expiry = describe(service, client, instance_id).expiredTime

    downgrade = modify_traffic_package(service, client, instance_id, 5)
    assert ORDER_NUMBER.match(downgrade.orderNumber or ""), downgrade.orderNumber
    assert balance(credential, config) == round(1000.0 - old_plan, 2)
    (order,) = orders(control_plane, account, instance_id, kind="TRAFFIC_PACKAGE")
    assert order["status"] == "SCHEDULED"
    assert order["effectiveAt"] == expiry

    advance(control_plane, _seconds_to(control_plane, expiry) - 1)
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize,
            status.modifiedTrafficPackageSize) == ("WaitToEnable", 10, 5)
    assert describe(service, client, instance_id).trafficPackageSize == 10

    advance(control_plane, 1)
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize,
            status.modifiedTrafficPackageSize) == ("Enable", 5, None)
    instance = describe(service, client, instance_id)
    assert instance.trafficPackageSize == 5
    assert instance.instanceStatus == "RUNNING"
    assert parse_instant(instance.expiredTime) == parse_instant(expiry) + BILLING_MONTH

    (order,) = orders(control_plane, account, instance_id, kind="TRAFFIC_PACKAGE")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "APPLIED")
    (renewal,) = orders(control_plane, account, instance_id, kind="RENEW")
    assert renewal["status"] == "PAID"
    assert float(renewal["amount"]) == new_plan
    (entry,) = [entry for entry in history(credential, config).dataSet
                if entry.transactionType == "CONSUME" and entry.transactionTime == expiry]
    assert entry.orderSn == renewal["orderNumber"]
    assert entry.amount == new_plan
    assert entry.cashBalance == round(1000.0 - old_plan - new_plan, 2)
    assert balance(credential, config) == round(1000.0 - old_plan - new_plan, 2)


@pytest.mark.advances_clock
def test_cancelled_downgrade_renews_at_the_old_price(config, control_plane):
    """A bmc (2022-11-20) bandwidth downgrade 20 -> 15 Mbps cancelled with
    CancelInstanceBandwidthDowngrade never applies: at the cycle end the bandwidth stays
    20 Mbps, the order stays CANCELLED and the renewal is charged the 20 Mbps plan."""
    service = BMC_2022
    account, credential, client = new_client(service, control_plane, config, "1000.00")
    plan = quoted_create_total(service, client, bandwidth=20)
    instance_id = running_instance(service, client, control_plane, bandwidth=20)
    expiry = describe(service, client, instance_id).expiredTime

    modify_bandwidth(service, client, instance_id, 15)
    assert internet_status(service, client, instance_id).modifiedBandwidthStatus == "WaitToEnable"
    client.CancelInstanceBandwidthDowngrade(service.request(
        "CancelInstanceBandwidthDowngradeRequest", instanceId=instance_id))

    advance(control_plane, _seconds_to(control_plane, expiry))
    status = internet_status(service, client, instance_id)
    assert (status.modifiedBandwidthStatus, status.internetMaxBandwidthOut,
            status.modifiedInternetMaxBandwidthOut) == ("Enable", 20, None)
    assert describe(service, client, instance_id).bandwidthOutMbps == 20
    (order,) = orders(control_plane, account, instance_id, kind="BANDWIDTH")
    assert order["status"] == "CANCELLED"
    (renewal,) = orders(control_plane, account, instance_id, kind="RENEW")
    assert float(renewal["amount"]) == plan
    assert balance(credential, config) == round(1000.0 - 2 * plan, 2)


@pytest.mark.advances_clock
def test_vm_model_downgrade_applies_at_cycle_end(config, control_plane):
    """A PREPAID vm (2023-03-13) c.2c4g downgraded to c.1c2g shows `WaitToEnable` until
    the cycle end, then `Enable` with instanceType c.1c2g (also in DescribeInstances), the
    INSTANCE_TYPE order APPLIED and the renewal charged the c.1c2g plan (D-10, D-23)."""
    service = VM_2023
    account, credential, client = new_client(service, control_plane, config, "1000.00")
    new_plan = quoted_create_total(service, client, model="c.1c2g", bandwidth=5)
    instance_id = running_instance(service, client, control_plane, model="c.2c4g", bandwidth=5)
    expiry = describe(service, client, instance_id).expiredTime

    downgrade = modify_type(service, client, instance_id, "c.1c2g")
    advance(control_plane, _seconds_to(control_plane, expiry) - 1)
    status = type_status(service, client, instance_id)
    assert (status.modifiedInstanceTypeStatus, status.instanceType,
            status.modifiedInstanceType) == ("WaitToEnable", "c.2c4g", "c.1c2g")

    advance(control_plane, 1)
    status = type_status(service, client, instance_id)
    assert (status.modifiedInstanceTypeStatus, status.instanceType,
            status.modifiedInstanceType) == ("Enable", "c.1c2g", None)
    assert describe(service, client, instance_id).instanceType == "c.1c2g"
    (order,) = orders(control_plane, account, instance_id, kind="INSTANCE_TYPE")
    assert (order["orderNumber"], order["status"]) == (downgrade.orderNumber, "APPLIED")
    (renewal,) = orders(control_plane, account, instance_id, kind="RENEW")
    assert float(renewal["amount"]) == new_plan


# --- upgrades and immediate changes ------------------------------------------------------

def _upgrade_traffic_package(service, client, control_plane, instance_id):
    quote = client.InquiryPriceInstanceTrafficPackage(service.request(
        "InquiryPriceInstanceTrafficPackageRequest", instanceId=instance_id, trafficPackageSize=20))
    return quote.trafficPackagePrice[0].discountPrice, modify_traffic_package(
        service, client, instance_id, 20)


def _upgrade_bandwidth(service, client, control_plane, instance_id):
    quote = client.InquiryPriceInstanceBandwidth(service.request(
        "InquiryPriceInstanceBandwidthRequest", instanceId=instance_id, **{service.bandwidth_field: 40}))
    (item,) = quote.bandwidthPrice
    return item.discountPrice, modify_bandwidth(service, client, instance_id, 40)


@pytest.mark.advances_clock
@pytest.mark.parametrize("service,item,offer,upgrade", [
    pytest.param(VM_2023, "bandwidth", {"bandwidth": 20}, _upgrade_bandwidth,
                 id="vm-2023-03-13-bandwidth"),
    pytest.param(VM_2026, "traffic-package", {"internet_charge_type": "ByTrafficPackage", "package": 10},
                 _upgrade_traffic_package, id="vm-2026-04-01-traffic-package"),
    pytest.param(BMC_2026, "bandwidth", {"bandwidth": 20}, _upgrade_bandwidth,
                 id="bmc-2026-02-01-bandwidth"),
    pytest.param(BMC_2022, "traffic-package", {"internet_charge_type": "ByTrafficPackage", "package": 10},
                 _upgrade_traffic_package, id="bmc-2022-11-20-traffic-package"),
])
def test_prepaid_upgrade_takes_exactly_the_inquired_price(service, item, offer, upgrade, config,
                                                          control_plane):
    """A PREPAID upgrade right after its InquiryPrice lowers the balance by exactly the
    quoted `discountPrice` (D-19), which is the monthly difference prorated to the seconds
    left in the cycle (D-12); the order is PAID for that amount and the ledger has a
    CONSUME entry with its orderNumber."""
    account, credential, client = new_client(service, control_plane, config, "1000.00")
    instance_id = running_instance(service, client, control_plane, **offer)
    catalog = _offer(control_plane, service, BMC_TYPE if service.is_bmc else "c.1c2g")
    if item == "bandwidth":
        monthly = Decimal(catalog["bandwidth_price_monthly"]) * (40 - 20)
    else:
        monthly = Decimal(catalog["traffic_package_price_monthly"]) * (20 - 10)
    remaining = _seconds_to(control_plane, describe(service, client, instance_id).expiredTime)
    before = balance(credential, config)

    quoted, answer = upgrade(service, client, control_plane, instance_id)
    assert quoted == _prorated(monthly, remaining)
    assert balance(credential, config) == round(before - quoted, 2)
    (order,) = orders(control_plane, account, instance_id,
                      kind="BANDWIDTH" if item == "bandwidth" else "TRAFFIC_PACKAGE")
    assert (order["orderNumber"], order["status"]) == (answer.orderNumber, "PAID")
    assert float(order["amount"]) == quoted
    assert [entry.amount for entry in history(credential, config).dataSet
            if entry.orderSn == answer.orderNumber] == [quoted]


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_vm_model_upgrade_is_charged_and_processed(service, config, control_plane):
    """ModifyInstanceType c.1c2g -> g.2c8g (dearer, so an upgrade, D-12) charges the
    monthly list-price difference prorated to the rest of the cycle, shows `Processing`
    with modifiedInstanceType g.2c8g for 5 s, then `Enable` at g.2c8g (D-11)."""
    account, credential, client = new_client(service, control_plane, config, "1000.00")
    instance_id = running_instance(service, client, control_plane, model="c.1c2g", bandwidth=5)
    # D-10: the plan price includes the bandwidth above each model's own free amount.
    monthly = (_plan_price(_offer(control_plane, service, "g.2c8g"), bandwidth=5)
               - _plan_price(_offer(control_plane, service, "c.1c2g"), bandwidth=5))
    remaining = _seconds_to(control_plane, describe(service, client, instance_id).expiredTime)
    before = balance(credential, config)

    answer = modify_type(service, client, instance_id, "g.2c8g")
    assert ORDER_NUMBER.match(answer.orderNumber or ""), answer.orderNumber
    assert balance(credential, config) == round(before - _prorated(monthly, remaining), 2)
    status = type_status(service, client, instance_id)
    assert (status.modifiedInstanceTypeStatus, status.instanceType,
            status.modifiedInstanceType) == ("Processing", "c.1c2g", "g.2c8g")
    assert describe(service, client, instance_id).instanceType == "c.1c2g"

    advance(control_plane, PROCESSING_SECONDS)
    status = type_status(service, client, instance_id)
    assert (status.modifiedInstanceTypeStatus, status.instanceType,
            status.modifiedInstanceType) == ("Enable", "g.2c8g", None)
    (order,) = orders(control_plane, account, instance_id, kind="INSTANCE_TYPE")
    assert (order["status"], float(order["amount"])) == ("PAID", _prorated(monthly, remaining))


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", params(BMC_2026, VM_2023))
def test_postpaid_downgrade_is_immediate(service, config, control_plane):
    """A POSTPAID bandwidth downgrade 20 -> 15 Mbps is not scheduled (D-11): no charge,
    `Processing` for 5 s, then `Enable` at 15 Mbps; there is nothing to cancel
    (CancelInstanceBandwidthDowngrade raises OPERATION_DENIED_DOWNGRADE_NOT_EXIST)."""
    _, credential, client = new_client(service, control_plane, config, "1000.00")
    instance_id = running_instance(service, client, control_plane, charge_type="POSTPAID", bandwidth=20)
    before = balance(credential, config)

    modify_bandwidth(service, client, instance_id, 15)
    status = internet_status(service, client, instance_id)
    assert (status.modifiedBandwidthStatus, status.internetMaxBandwidthOut,
            status.modifiedInternetMaxBandwidthOut) == ("Processing", 20, 15)
    cancel = service.request("CancelInstanceBandwidthDowngradeRequest", instanceId=instance_id)
    assert sdk_error(client, lambda: client.CancelInstanceBandwidthDowngrade(cancel)) == (
        "OPERATION_DENIED_DOWNGRADE_NOT_EXIST", 403)

    advance(control_plane, PROCESSING_SECONDS)
    status = internet_status(service, client, instance_id)
    assert (status.modifiedBandwidthStatus, status.internetMaxBandwidthOut,
            status.modifiedInternetMaxBandwidthOut) == ("Enable", 15, None)
    assert balance(credential, config) == before


# --- inquiry shapes of the two versions --------------------------------------------------

@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_traffic_package_inquiry_shape(service, config, control_plane, raw_call):
    """InquiryPriceInstanceTrafficPackage 10 -> 20 TB for a PREPAID instance created in
    the same instant (a whole cycle left) quotes 10 TB x the monthly price per TB (D-12).
    2022-11-20 / 2023-03-13 answer one `Price` item without `category`, `amountUnit` or
    `excess*` fields; 2026 versions answer a second `PriceItem` with the overage price
    per GB (`excessUnitPrice`, `excessDiscountUnitPrice`, `excessAmountUnit` "GB", D-19)."""
    _, _, client = new_client(service, control_plane, config, "1000.00")
    instance_id = create_instance(service, client, internet_charge_type="ByTrafficPackage", package=10)
    catalog = _offer(control_plane, service, BMC_TYPE if service.is_bmc else "c.1c2g")
    expected = _cents(Decimal(catalog["traffic_package_price_monthly"]) * 10)
    request = service.request("InquiryPriceInstanceTrafficPackageRequest",
                              instanceId=instance_id, trafficPackageSize=20)

    raw_items = raw_call(client, "InquiryPriceInstanceTrafficPackage", request)["trafficPackagePrice"]
    items = client.InquiryPriceInstanceTrafficPackage(request).trafficPackagePrice
    assert (items[0].originalPrice, items[0].discountPrice, items[0].discount) == (expected, expected, 100)
    if service.has_price_items:
        assert len(items) == 2, raw_items
        excess = items[1]
        assert excess.excessUnitPrice == float(catalog["overage_price_per_gb"])
        assert excess.excessDiscountUnitPrice == float(catalog["overage_price_per_gb"])
        assert excess.excessAmountUnit == "GB"
    else:
        assert len(raw_items) == 1, raw_items
        assert set(raw_items[0]) <= PRICE_FIELDS, raw_items
        assert not set(raw_items[0]) & PRICE_ITEM_ONLY_FIELDS


@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_bandwidth_inquiry_shape(service, config, control_plane, raw_call):
    """InquiryPriceInstanceBandwidth 20 -> 30 Mbps for a PREPAID instance created in the
    same instant quotes 10 Mbps x the monthly price per Mbps in one item; the older
    versions' `Price` carries no `PriceItem`-only field (D-1, D-19)."""
    _, _, client = new_client(service, control_plane, config, "1000.00")
    instance_id = create_instance(service, client, bandwidth=20)
    catalog = _offer(control_plane, service, BMC_TYPE if service.is_bmc else "c.1c2g")
    expected = _cents(Decimal(catalog["bandwidth_price_monthly"]) * 10)
    request = service.request("InquiryPriceInstanceBandwidthRequest",
                              instanceId=instance_id, **{service.bandwidth_field: 30})

    (raw_item,) = raw_call(client, "InquiryPriceInstanceBandwidth", request)["bandwidthPrice"]
    (item,) = client.InquiryPriceInstanceBandwidth(request).bandwidthPrice
    assert (item.originalPrice, item.discountPrice, item.discount) == (expected, expected, 100)
    if not service.has_price_items:
        assert set(raw_item) <= PRICE_FIELDS, raw_item


@pytest.mark.parametrize("service", params(BMC_2022, VM_2026))
def test_postpaid_bandwidth_inquiry_is_hourly(service, config, control_plane):
    """For a POSTPAID instance InquiryPriceInstanceBandwidth quotes the hourly price of the
    bandwidth above the free amount at the target (`unitPrice` = `discountUnitPrice`,
    `chargeUnit` HOUR), with `originalPrice` and `discountPrice` null (D-19)."""
    _, _, client = new_client(service, control_plane, config, "1000.00")
    instance_id = create_instance(service, client, charge_type="POSTPAID", bandwidth=20)
    catalog = _offer(control_plane, service, BMC_TYPE if service.is_bmc else "c.1c2g")
    hourly = float(Decimal(catalog["bandwidth_price_hourly"]) * (30 - catalog["free_bandwidth"]))
    (item,) = client.InquiryPriceInstanceBandwidth(service.request(
        "InquiryPriceInstanceBandwidthRequest", instanceId=instance_id,
        **{service.bandwidth_field: 30})).bandwidthPrice
    assert (item.unitPrice, item.discountUnitPrice, item.chargeUnit) == (hourly, hourly, "HOUR")
    assert (item.originalPrice, item.discountPrice) == (None, None)


# --- bmc CancelInstanceBandwidthDowngrade: canonical name vs seed-001 alias --------------

@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_bmc_cancel_bandwidth_downgrade_codes(service, config, control_plane, raw_call):
    """bmc CancelInstanceBandwidthDowngrade (the SDK's name) answers the D-18 codes, 403
    OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT on a ByTrafficPackage instance and
    403 OPERATION_DENIED_DOWNGRADE_NOT_EXIST with nothing scheduled, where the seed-001
    alias answers its own codes for the same two instances. Cancel accepts any status
    but RECYCLE (D-17), so PENDING instances do."""
    _, _, client = new_client(service, control_plane, config, "1000.00")
    by_package = create_instance(service, client, internet_charge_type="ByTrafficPackage", package=10)
    by_bandwidth = create_instance(service, client, bandwidth=20)

    def cancel(instance_id, action):
        request = service.request("CancelInstanceBandwidthDowngradeRequest", instanceId=instance_id)
        return sdk_error(client, lambda: raw_call(client, action, request))

    assert cancel(by_package, "CancelInstanceBandwidthDowngrade") == (
        "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT", 403)
    assert cancel(by_bandwidth, "CancelInstanceBandwidthDowngrade") == (
        "OPERATION_DENIED_DOWNGRADE_NOT_EXIST", 403)
    assert cancel(by_package, "CancelInstanceBandwidthDowndegrade") == (
        "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH", 403)
    assert cancel(by_bandwidth, "CancelInstanceBandwidthDowndegrade") == (
        "OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH", 403)


# --- renewal after a downgrade -----------------------------------------------------------

@pytest.mark.advances_clock
def test_renewal_after_a_downgrade_needs_only_the_new_price(config, control_plane):
    """The scheduled downgrade applies before the renewal is charged (D-13, D-23): an
    account left with more than the 5 TB plan price but less than the 10 TB one after
    creating a 10 TB instance still renews it once the downgrade to 5 TB is scheduled."""
    service = BMC_2022
    _, _, probe = new_client(service, control_plane, config, "0.00")
    old_plan = quoted_create_total(service, probe, internet_charge_type="ByTrafficPackage", package=10)
    new_plan = quoted_create_total(service, probe, internet_charge_type="ByTrafficPackage", package=5)
    left = round((old_plan + new_plan) / 2, 2)
    account, credential, client = new_client(service, control_plane, config, "%.2f" % (old_plan + left))
    instance_id = running_instance(service, client, control_plane,
                                   internet_charge_type="ByTrafficPackage", package=10)
    expiry = describe(service, client, instance_id).expiredTime
    modify_traffic_package(service, client, instance_id, 5)

    advance(control_plane, _seconds_to(control_plane, expiry))
    instance = describe(service, client, instance_id)
    assert (instance.instanceStatus, instance.trafficPackageSize) == ("RUNNING", 5)
    renewals = orders(control_plane, account, instance_id, kind="RENEW")
    assert [renewal["status"] for renewal in renewals] == ["PAID"]
    assert balance(credential, config) == round(left - new_plan, 2)


@pytest.mark.advances_clock
def test_unpaid_renewal_recycles_and_cancels_the_downgrade(config, control_plane):
    """When even the downgraded plan cannot be paid at the cycle end, the instance goes
    to RECYCLE, its scheduled downgrade order is CANCELLED and nothing is charged (D-23);
    a cancel on the recycled instance raises OPERATION_DENIED_INSTANCE_RECYCLED (D-17)."""
    service = BMC_2026
    _, _, probe = new_client(service, control_plane, config, "0.00")
    old_plan = quoted_create_total(service, probe, internet_charge_type="ByTrafficPackage", package=10)
    account, credential, client = new_client(service, control_plane, config, "%.2f" % (old_plan + 1))
    instance_id = running_instance(service, client, control_plane,
                                   internet_charge_type="ByTrafficPackage", package=10)
    expiry = describe(service, client, instance_id).expiredTime
    modify_traffic_package(service, client, instance_id, 5)

    advance(control_plane, _seconds_to(control_plane, expiry))
    assert describe(service, client, instance_id).instanceStatus == "RECYCLE"
    (order,) = orders(control_plane, account, instance_id, kind="TRAFFIC_PACKAGE")
    assert order["status"] == "CANCELLED"
    assert orders(control_plane, account, instance_id, kind="RENEW") == []
    assert balance(credential, config) == 1.0
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.modifiedTrafficPackageSize) == ("Enable", None)

    cancel = service.request("CancelInstanceTrafficPackageDowngradeRequest", instanceId=instance_id)
    assert sdk_error(client, lambda: client.CancelInstanceTrafficPackageDowngrade(cancel)) == (
        "OPERATION_DENIED_INSTANCE_RECYCLED", 403)


# --- rules of a single change ------------------------------------------------------------

@pytest.mark.advances_clock
def test_equal_target_changes_nothing(config, control_plane):
    """D-14: ModifyInstanceTrafficPackage / ModifyInstanceBandwidth to the current value
    succeed with `orderNumber` null, no order, no charge and the item still `Enable`;
    vm ModifyInstanceType to the current model raises 403 INVALID_INSTANCE_TYPE_NOT_CHANGED."""
    account, credential, client = new_client(BMC_2026, control_plane, config, "1000.00")
    by_package = running_instance(BMC_2026, client, control_plane,
                                  internet_charge_type="ByTrafficPackage", package=10)
    by_bandwidth = running_instance(BMC_2026, client, control_plane, bandwidth=20)
    before = balance(credential, config)
    assert modify_traffic_package(BMC_2026, client, by_package, 10).orderNumber is None
    assert modify_bandwidth(BMC_2026, client, by_bandwidth, 20).orderNumber is None
    assert internet_status(BMC_2026, client, by_package).modifiedTrafficPackageStatus == "Enable"
    assert internet_status(BMC_2026, client, by_bandwidth).modifiedBandwidthStatus == "Enable"
    assert orders(control_plane, account, by_package, kind="TRAFFIC_PACKAGE") == []
    assert orders(control_plane, account, by_bandwidth, kind="BANDWIDTH") == []
    assert balance(credential, config) == before

    _, _, vm = new_client(VM_2026, control_plane, config, "1000.00")
    instance_id = running_instance(VM_2026, vm, control_plane, model="c.1c2g", bandwidth=5)
    assert sdk_error(vm, lambda: modify_type(VM_2026, vm, instance_id, "c.1c2g")) == (
        "INVALID_INSTANCE_TYPE_NOT_CHANGED", 403)


@pytest.mark.advances_clock
@pytest.mark.parametrize("size,stored", [(10.15, 10.15), (10.150000000001, 10.15), (12.5, 12.5)])
def test_traffic_package_sizes_on_the_grid_are_accepted(size, stored, config, control_plane):
    """D-16: a size within 1e-9 of a multiple of 0.05 is accepted and stored as that exact
    multiple (so 10.150000000001, 1e-12 off the grid, becomes 10.15)."""
    service = VM_2023
    _, _, client = new_client(service, control_plane, config, "1000.00")
    instance_id = running_instance(service, client, control_plane,
                                   internet_charge_type="ByTrafficPackage", package=10)
    assert ORDER_NUMBER.match(modify_traffic_package(service, client, instance_id, size).orderNumber or "")
    advance(control_plane, PROCESSING_SECONDS)
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize) == ("Enable", stored)


@pytest.mark.advances_clock
def test_upgrade_without_enough_balance_changes_nothing(config, control_plane):
    """D-12: an upgrade the balance cannot pay raises 403
    OPERATION_DENIED_INSUFFICIENT_BALANCE; balance, orders and state stay as they were."""
    service = BMC_2026
    _, _, probe = new_client(service, control_plane, config, "0.00")
    plan = quoted_create_total(service, probe, internet_charge_type="ByTrafficPackage", package=10)
    account, credential, client = new_client(service, control_plane, config, "%.2f" % (plan + 5))
    instance_id = running_instance(service, client, control_plane,
                                   internet_charge_type="ByTrafficPackage", package=10)
    before = orders(control_plane, account, instance_id)

    assert sdk_error(client, lambda: modify_traffic_package(service, client, instance_id, 100)) == (
        "OPERATION_DENIED_INSUFFICIENT_BALANCE", 403)
    assert balance(credential, config) == 5.0
    assert orders(control_plane, account, instance_id) == before
    status = internet_status(service, client, instance_id)
    assert (status.modifiedTrafficPackageStatus, status.trafficPackageSize) == ("Enable", 10)


@pytest.mark.advances_clock
def test_account_discount_applies_to_inquiry_and_charge(config, control_plane):
    """D-12, D-19: for an account paying 80 %, InquiryPriceInstanceBandwidth quotes
    `discount` 80 and `discountPrice` = 80 % of `originalPrice`, and the upgrade takes
    exactly that `discountPrice`."""
    service = BMC_2026
    account = control_plane.post("/accounts", {"name": "compat-discount", "balance": "1000.00",
                                               "discount": 80})
    credential = control_plane.credential_of(account)
    client = service.client(credential, config)
    instance_id = running_instance(service, client, control_plane, bandwidth=20)
    (item,) = client.InquiryPriceInstanceBandwidth(service.request(
        "InquiryPriceInstanceBandwidthRequest", instanceId=instance_id, bandwidthOutMbps=30)).bandwidthPrice
    assert item.discount == 80
    assert item.originalPrice > 0
    assert item.discountPrice == _cents(Decimal(str(item.originalPrice)) * Decimal("0.8"))
    before = balance(credential, config)
    modify_bandwidth(service, client, instance_id, 30)
    assert balance(credential, config) == round(before - item.discountPrice, 2)


@pytest.mark.advances_clock
@pytest.mark.parametrize("service,processing_code", [
    pytest.param(BMC_2022, "OPERATION_FAILED_INSTANCE_BANDWIDTH_PROCESSING", id="bmc-2022-11-20"),
    pytest.param(VM_2026, "OPERATION_DENIED_INSTANCE_BANDWIDTH_PROCESSING", id="vm-2026-04-01"),
])
def test_bandwidth_change_conflicts(service, processing_code, config, control_plane):
    """D-18: a second ModifyInstanceBandwidth while an upgrade is `Processing` raises the
    service's own processing code (bmc OPERATION_FAILED_…, vm OPERATION_DENIED_…), and
    while a downgrade is `WaitToEnable` raises OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH;
    both 403."""
    _, _, client = new_client(service, control_plane, config, "1000.00")
    upgrading = running_instance(service, client, control_plane, bandwidth=20)
    downgrading = running_instance(service, client, control_plane, bandwidth=20)
    modify_bandwidth(service, client, upgrading, 30)
    modify_bandwidth(service, client, downgrading, 15)

    assert sdk_error(client, lambda: modify_bandwidth(service, client, upgrading, 40)) == (
        processing_code, 403)
    assert sdk_error(client, lambda: modify_bandwidth(service, client, downgrading, 40)) == (
        "OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH", 403)


@pytest.mark.advances_clock
def test_vm_model_change_conflicts(config, control_plane):
    """D-18: vm ModifyInstanceType while a model upgrade is `Processing` raises 403
    OPERATION_DENIED_INSTANCE_PLAN_PROCESSING, while a downgrade is `WaitToEnable` 403
    OPERATION_DENIED_INSTANCE_EXIST_PLAN; a model outside the c/g/m series raises 400
    OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED."""
    service = VM_2023
    _, _, client = new_client(service, control_plane, config, "1000.00")
    upgrading = running_instance(service, client, control_plane, model="c.1c2g", bandwidth=5)
    downgrading = running_instance(service, client, control_plane, model="c.2c4g", bandwidth=5)
    modify_type(service, client, upgrading, "c.2c4g")
    modify_type(service, client, downgrading, "c.1c2g")

    assert sdk_error(client, lambda: modify_type(service, client, upgrading, "g.2c8g")) == (
        "OPERATION_DENIED_INSTANCE_PLAN_PROCESSING", 403)
    assert sdk_error(client, lambda: modify_type(service, client, downgrading, "g.2c8g")) == (
        "OPERATION_DENIED_INSTANCE_EXIST_PLAN", 403)
    fresh = running_instance(service, client, control_plane, model="c.1c2g", bandwidth=5)
    assert sdk_error(client, lambda: modify_type(service, client, fresh, "s.1c1g")) == (
        "OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED", 400)
