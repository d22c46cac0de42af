"""Instance lifecycle and billing over simulated time through the official SDK (D-20 to D-27).

Every test opens its own account on the control plane, so that balances, counts and
ledgers see nothing but what the test itself does (the demo account already owns
instances). Provisioning takes 10 s of simulated time, stop and start 5 s (D-20); the
tests that wait for them move the shared clock and are marked `advances_clock`.
"""

import re
from datetime import datetime, timedelta, timezone

import pytest
from zenlayercloud.bmc.v20221120 import bmc_client as bmc_2022_client, models as bmc_2022_models
from zenlayercloud.bmc.v20260201 import bmc_client as bmc_2026_client, models as bmc_2026_models
from zenlayercloud.common.excpetion.zenlayer_cloud_sdk_exception import ZenlayerCloudSdkException
from zenlayercloud.vm.v20230313 import vm_client as vm_2023_client, models as vm_2023_models
from zenlayercloud.vm.v20260401 import vm_client as vm_2026_client, models as vm_2026_models
from zenlayercloud.zbc.v20240809 import models as zbc_models
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

INSTANCE_ID = re.compile(r"^[1-9][0-9]{18}$")
ORDER_NUMBER = re.compile(r"^[0-9]{16}$")
PASSWORD = "Passw0rd-x"  # 8-16 chars, upper, lower, digit, and '-' (a special of bmc and vm)

PROVISIONING_SECONDS = 10
POWER_SECONDS = 5
BILLING_MONTH = timedelta(days=30)

BMC_ZONE, BMC_TYPE, BMC_IMAGE = "SEL-A", "M6C", "img-ubuntu-2204"
VM_ZONE, VM_MODEL, VM_IMAGE = "asia-east-1a", "c.1c2g", "ubuntu_22_04_x64"


# --- helpers -----------------------------------------------------------------------------

class Service:
    """One API version of bmc or vm: its client and models, and how its requests differ
    (bmc names the model `instanceTypeId` and the count `amount`, vm `instanceType` and
    `instanceCount`)."""

    def __init__(self, name, client_class, models):
        self.name = name
        self.client_class = client_class
        self.models = models
        self.is_bmc = name.startswith("bmc")

    def client(self, credential, config):
        return self.client_class(credential, config)

    def _fill_offer(self, request, charge_type, period, internet_charge_type, bandwidth, package):
        if self.is_bmc:
            request.zoneId, request.instanceTypeId = BMC_ZONE, BMC_TYPE
        else:
            request.zoneId, request.instanceType = VM_ZONE, VM_MODEL
        request.instanceChargeType = charge_type
        if charge_type == "PREPAID":
            request.instanceChargePrepaid = self.models.ChargePrepaid({"period": period})
        request.internetChargeType = internet_charge_type
        if internet_charge_type == "ByBandwidth":
            request.internetMaxBandwidthOut = bandwidth
        else:
            request.trafficPackageSize = package
        return request

    def inquiry_request(self, charge_type="PREPAID", period=1, internet_charge_type="ByBandwidth",
                        bandwidth=20, package=None):
        request = self.models.InquiryPriceCreateInstanceRequest()
        return self._fill_offer(request, charge_type, period, internet_charge_type, bandwidth, package)

    def create_request(self, charge_type="PREPAID", period=1, internet_charge_type="ByBandwidth",
                       bandwidth=20, package=None):
        request = self.models.CreateInstancesRequest()
        self._fill_offer(request, charge_type, period, internet_charge_type, bandwidth, package)
        request.imageId = BMC_IMAGE if self.is_bmc else VM_IMAGE
        request.password = PASSWORD
        if self.is_bmc:
            request.amount = 1
        else:
            request.instanceCount = 1
        return request


BMC_2022 = Service("bmc-2022-11-20", bmc_2022_client.BmcClient, bmc_2022_models)
BMC_2026 = Service("bmc-2026-02-01", bmc_2026_client.BmcClient, bmc_2026_models)
VM_2023 = Service("vm-2023-03-13", vm_2023_client.VmClient, vm_2023_models)
VM_2026 = Service("vm-2026-04-01", vm_2026_client.VmClient, vm_2026_models)
ALL_SERVICES = [pytest.param(service, id=service.name)
                for service in (BMC_2022, BMC_2026, VM_2023, VM_2026)]
NEWEST_SERVICES = [pytest.param(service, id=service.name) for service in (BMC_2026, VM_2026)]


def _parse_instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _format_instant(instant):
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _zbc(credential, config):
    return ZbcClient(credential, config)


def _balance(credential, config):
    return _zbc(credential, config).DescribeCustomerBalance(
        zbc_models.DescribeCustomerBalanceRequest()).cashBalance


def _history(credential, config):
    request = zbc_models.DescribeTransactionHistoryRequest()
    request.pageSize = 1000
    return _zbc(credential, config).DescribeTransactionHistory(request)


def _quoted_total(price):
    """What CreateInstances takes for one instance: the instance's discountPrice plus
    every bandwidth item's (D-22)."""
    total = price.instancePrice.discountPrice
    for item in price.bandwidthPrice:
        total += item.discountPrice
    return round(total, 2)


def _create(service, client, **offer):
    response = client.CreateInstances(service.create_request(**offer))
    assert len(response.instanceIdSet) == 1, response
    return response


def _describe_ids(service, client, instance_ids):
    request = service.models.DescribeInstancesRequest()
    request.instanceIds = list(instance_ids)
    return client.DescribeInstances(request)


def _describe(service, client, instance_id):
    response = _describe_ids(service, client, [instance_id])
    assert response.totalCount == 1, response
    assert response.dataSet[0].instanceId == instance_id
    return response.dataSet[0]


def _status(service, client, instance_id):
    return _describe(service, client, instance_id).instanceStatus


def _advance(control_plane, seconds):
    before = _parse_instant(control_plane.get("/clock")["now"])
    answer = control_plane.post("/clock/advance", {"seconds": seconds})
    assert _parse_instant(answer["now"]) == before + timedelta(seconds=seconds)
    return answer


def _new_client(service, control_plane, config, balance):
    account = control_plane.create_account(balance=balance)
    credential = control_plane.credential_of(account)
    return account, credential, service.client(credential, config)


def _running_instance(service, client, control_plane, **offer):
    instance_id = _create(service, client, **offer).instanceIdSet[0]
    _advance(control_plane, PROVISIONING_SECONDS)
    assert _status(service, client, instance_id) == "RUNNING"
    return instance_id


def _stop_request(service, instance_id):
    request = service.models.StopInstancesRequest()
    request.instanceIds = [instance_id]
    if not service.is_bmc:
        request.forceShutdown = True
    return request


# --- create and charge -------------------------------------------------------------------

@pytest.mark.parametrize(
    "service,offer",
    [
        pytest.param(BMC_2026, {"period": 1, "internet_charge_type": "ByBandwidth", "bandwidth": 20},
                     id="bmc-2026-02-01-ByBandwidth"),
        pytest.param(VM_2026, {"period": 2, "internet_charge_type": "ByTrafficPackage", "package": 2.5},
                     id="vm-2026-04-01-ByTrafficPackage"),
    ],
)
def test_prepaid_create_takes_exactly_the_inquired_price(service, offer, config, control_plane):
    """On a fresh account, a PREPAID CreateInstances lowers the balance by exactly the sum
    of the `discountPrice` of `instancePrice` and of every `bandwidthPrice` item quoted by
    InquiryPriceCreateInstance just before (D-22), and answers the new instance id and a
    16-digit orderNumber, which the control plane lists as a PAID CREATE order."""
    account, credential, client = _new_client(service, control_plane, config, "1000.00")
    price = client.InquiryPriceCreateInstance(service.inquiry_request(**offer))
    assert price.instancePrice.discountPrice > 0
    assert price.bandwidthPrice, "a network component above the free amount is priced"
    assert all(item.discountPrice > 0 for item in price.bandwidthPrice)
    quoted = _quoted_total(price)

    before = _balance(credential, config)
    assert before == 1000.0
    created = _create(service, client, **offer)
    assert _balance(credential, config) == round(before - quoted, 2)

    (instance_id,) = created.instanceIdSet
    assert INSTANCE_ID.match(instance_id), instance_id
    assert ORDER_NUMBER.match(created.orderNumber or ""), created.orderNumber
    orders = control_plane.get("/orders?accountId=%s&instanceId=%s"
                               % (account["accountId"], instance_id))["orders"]
    assert [(order["orderNumber"], order["kind"], order["status"]) for order in orders] == [
        (created.orderNumber, "CREATE", "PAID")]
    assert float(orders[0]["amount"]) == quoted

    instance = _describe(service, client, instance_id)
    assert instance.instanceChargeType == "PREPAID"
    assert instance.period == offer["period"]
    assert instance.autoRenew is True


@pytest.mark.parametrize("service", [pytest.param(BMC_2022, id=BMC_2022.name),
                                     pytest.param(VM_2023, id=VM_2023.name)])
def test_create_with_the_older_versions(service, config, control_plane):
    """CreateInstances in bmc 2022-11-20 and vm 2023-03-13 creates a PREPAID instance,
    charged like the newer versions, whose id DescribeInstances of the same version finds.
    The bmc 2022-11-20 response model has no `orderNumber`; vm 2023-03-13 has one."""
    _, credential, client = _new_client(service, control_plane, config, "1000.00")
    quoted = _quoted_total(client.InquiryPriceCreateInstance(service.inquiry_request()))

    created = _create(service, client)
    (instance_id,) = created.instanceIdSet
    assert INSTANCE_ID.match(instance_id), instance_id
    if service is BMC_2022:
        assert not hasattr(created, "orderNumber")
    else:
        assert ORDER_NUMBER.match(created.orderNumber or ""), created.orderNumber
    assert _balance(credential, config) == round(1000.0 - quoted, 2)
    instance = _describe(service, client, instance_id)
    assert instance.instanceStatus == "PENDING"
    assert instance.zoneId == (BMC_ZONE if service.is_bmc else VM_ZONE)


def test_insufficient_balance_creates_nothing(config, control_plane):
    """A fresh account holding 1.00 cannot pay a PREPAID bmc instance: the SDK raises
    OPERATION_DENIED_INSUFFICIENT_BALANCE (D-22), the balance is untouched, the account
    has no instance and no order."""
    account, credential, client = _new_client(BMC_2026, control_plane, config, "1.00")
    with pytest.raises(ZenlayerCloudSdkException) as raised:
        client.CreateInstances(BMC_2026.create_request())
    assert raised.value.code == "OPERATION_DENIED_INSUFFICIENT_BALANCE"
    assert raised.value.message

    assert _balance(credential, config) == 1.0
    listed = client.DescribeInstances(BMC_2026.models.DescribeInstancesRequest())
    assert listed.totalCount == 0
    assert listed.dataSet == []
    assert control_plane.get("/orders?accountId=%s" % account["accountId"])["orders"] == []


# --- lifecycle over time -----------------------------------------------------------------

@pytest.mark.advances_clock
@pytest.mark.parametrize("service", NEWEST_SERVICES)
def test_provisioning_takes_ten_seconds(service, config, control_plane):
    """A new instance is PENDING at once, still provisioning 9 s later, and RUNNING once
    the clock has moved 10 s (D-20)."""
    _, _, client = _new_client(service, control_plane, config, "1000.00")
    instance_id = _create(service, client).instanceIdSet[0]
    assert _status(service, client, instance_id) == "PENDING"

    _advance(control_plane, PROVISIONING_SECONDS - 1)
    provisioning = {"PENDING", "CREATING", "INSTALLING"} if service.is_bmc else {"PENDING", "CREATING"}
    assert _status(service, client, instance_id) in provisioning

    _advance(control_plane, 1)
    assert _status(service, client, instance_id) == "RUNNING"


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", ALL_SERVICES)
def test_stop_and_start_take_five_seconds_each(service, config, control_plane):
    """StopInstances (vm with forceShutdown) shows STOPPING, then STOPPED 5 s later;
    StartInstances shows BOOTING, then RUNNING 5 s later (D-20)."""
    _, _, client = _new_client(service, control_plane, config, "1000.00")
    instance_id = _running_instance(service, client, control_plane)

    client.StopInstances(_stop_request(service, instance_id))
    assert _status(service, client, instance_id) == "STOPPING"
    _advance(control_plane, POWER_SECONDS)
    assert _status(service, client, instance_id) == "STOPPED"

    start = service.models.StartInstancesRequest()
    start.instanceIds = [instance_id]
    client.StartInstances(start)
    assert _status(service, client, instance_id) == "BOOTING"
    _advance(control_plane, POWER_SECONDS)
    assert _status(service, client, instance_id) == "RUNNING"


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", NEWEST_SERVICES)
def test_terminate_postpaid_then_release(service, config, control_plane):
    """TerminateInstance moves a running POSTPAID instance to RECYCLE at once (D-25);
    ReleaseInstances removes it: DescribeInstances by its id answers totalCount 0 and a
    second TerminateInstance raises INVALID_INSTANCE_NOT_FOUND."""
    _, _, client = _new_client(service, control_plane, config, "1000.00")
    instance_id = _running_instance(service, client, control_plane, charge_type="POSTPAID", bandwidth=5)

    terminate = service.models.TerminateInstanceRequest()
    terminate.instanceId = instance_id
    client.TerminateInstance(terminate)
    assert _status(service, client, instance_id) == "RECYCLE"

    release = service.models.ReleaseInstancesRequest()
    release.instanceIds = [instance_id]
    client.ReleaseInstances(release)
    gone = _describe_ids(service, client, [instance_id])
    assert gone.totalCount == 0
    assert gone.dataSet == []

    with pytest.raises(ZenlayerCloudSdkException) as raised:
        client.TerminateInstance(terminate)
    assert raised.value.code == "INVALID_INSTANCE_NOT_FOUND"


@pytest.mark.advances_clock
def test_monthly_renewal_shows_in_the_transaction_history(config, control_plane):
    """A 1-month PREPAID bmc instance on a fresh account renews 30 days after its
    creation (D-8, D-23): DescribeTransactionHistory gains a CONSUME entry at createTime
    + 30 days for the plan price, whose orderSn is the instance's RENEW order on the
    control plane; expiredTime moves 30 days later and the balance pays two periods."""
    service = BMC_2026
    account, credential, client = _new_client(service, control_plane, config, "1000.00")
    created = _create(service, client)
    (instance_id,) = created.instanceIdSet
    instance = _describe(service, client, instance_id)
    create_time = _parse_instant(instance.createTime)
    first_expiry = _parse_instant(instance.expiredTime)
    assert create_time == _parse_instant(control_plane.get("/clock")["now"])
    assert first_expiry == create_time + BILLING_MONTH
    charged = round(1000.0 - _balance(credential, config), 2)
    assert charged > 0

    _advance(control_plane, int(BILLING_MONTH.total_seconds()))

    renewed = _describe(service, client, instance_id)
    assert renewed.instanceStatus == "RUNNING"
    assert renewed.autoRenew is True
    assert _parse_instant(renewed.expiredTime) == first_expiry + BILLING_MONTH
    assert _balance(credential, config) == round(1000.0 - 2 * charged, 2)

    orders = control_plane.get("/orders?accountId=%s&instanceId=%s"
                               % (account["accountId"], instance_id))["orders"]
    renewals = [order for order in orders if order["kind"] == "RENEW"]
    assert len(renewals) == 1, orders
    (renewal,) = renewals
    assert renewal["status"] == "PAID"
    assert renewal["instanceId"] == instance_id
    assert float(renewal["amount"]) == charged
    assert renewal["orderNumber"] != created.orderNumber
    renewal_time = _format_instant(create_time + BILLING_MONTH)
    assert renewal["effectiveAt"] == renewal_time

    history = _history(credential, config)
    entries = [entry for entry in history.dataSet
               if entry.transactionType == "CONSUME" and entry.transactionTime == renewal_time]
    assert len(entries) == 1, [entry.serialize() for entry in history.dataSet]
    (entry,) = entries
    assert entry.amount == charged
    assert entry.orderSn == renewal["orderNumber"]
    assert entry.cashBalance == round(1000.0 - 2 * charged, 2)
    consumed = sorted((e.transactionTime, e.orderSn) for e in history.dataSet
                      if e.transactionType == "CONSUME")
    assert consumed == [(_format_instant(create_time), created.orderNumber),
                        (renewal_time, renewal["orderNumber"])]
    assert history.expenditureSum == round(2 * charged, 2)


@pytest.mark.advances_clock
def test_terminate_prepaid_recycles_at_expiry(config, control_plane):
    """TerminateInstance on a running PREPAID instance only cancels the renewal (D-25):
    the instance stays RUNNING with autoRenew false until its expiredTime, then goes to
    RECYCLE without being charged again."""
    service = VM_2026
    account, credential, client = _new_client(service, control_plane, config, "1000.00")
    instance_id = _running_instance(service, client, control_plane)
    expiry = _parse_instant(_describe(service, client, instance_id).expiredTime)
    balance = _balance(credential, config)

    terminate = service.models.TerminateInstanceRequest()
    terminate.instanceId = instance_id
    client.TerminateInstance(terminate)
    instance = _describe(service, client, instance_id)
    assert instance.instanceStatus == "RUNNING"
    assert instance.autoRenew is False

    now = _parse_instant(control_plane.get("/clock")["now"])
    _advance(control_plane, int((expiry - now).total_seconds()) - 1)
    assert _status(service, client, instance_id) == "RUNNING"
    _advance(control_plane, 1)
    assert _status(service, client, instance_id) == "RECYCLE"
    assert _balance(credential, config) == balance
    orders = control_plane.get("/orders?accountId=%s&instanceId=%s"
                               % (account["accountId"], instance_id))["orders"]
    assert [order["kind"] for order in orders] == ["CREATE"]
