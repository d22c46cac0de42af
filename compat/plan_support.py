"""Helpers shared by the plan-change tests (test_seeds.py, test_plan_changes.py).

Everything goes through the official, unmodified SDK. `Wire` only watches it: it wraps
the client's own `_send_request` to record the body the SDK sent and the HTTP status and
body it received, because `ZenlayerCloudSdkException` keeps the code, message and
requestId of an error but not its HTTP status, and the response models drop fields a
version does not know.
"""

import json
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
REQUEST_ID = re.compile(r"^T[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")
PASSWORD = "Passw0rd-x"

PROVISIONING_SECONDS = 10
PROCESSING_SECONDS = 5
BILLING_MONTH = timedelta(days=30)

BMC_ZONE, BMC_TYPE, BMC_IMAGE = "SEL-A", "M6C", "img-ubuntu-2204"
VM_ZONE, VM_MODEL, VM_IMAGE = "asia-east-1a", "c.1c2g", "ubuntu_22_04_x64"

# An id of the right shape (D-4) that no instance has.
MISSING_INSTANCE_ID = "1000000000000000001"


class Service:
    """One API version of bmc or vm: its client class and models, and the names that
    differ between the two services."""

    def __init__(self, name, version, client_class, models):
        self.name = name
        self.version = version
        self.client_class = client_class
        self.models = models
        self.is_bmc = name == "bmc"
        # The bandwidth field of ModifyInstanceBandwidth / InquiryPriceInstanceBandwidth.
        self.bandwidth_field = "bandwidthOutMbps" if self.is_bmc else "internetMaxBandwidthOut"
        # Whether the version answers prices as `PriceItem` (2026) or `Price` (older).
        self.has_price_items = version.startswith("2026")

    def __repr__(self):
        return "%s-%s" % (self.name, self.version)

    def client(self, credential, config):
        return self.client_class(credential, config)

    def request(self, model_name, **fields):
        """A request model of this version with exactly the given fields set."""
        request = getattr(self.models, model_name)()
        for field, value in fields.items():
            setattr(request, field, value)
        return request

    def create_request(self, charge_type="PREPAID", period=1, internet_charge_type="ByBandwidth",
                       bandwidth=20, package=None, model=None):
        request = self.models.CreateInstancesRequest()
        if self.is_bmc:
            request.zoneId, request.instanceTypeId = BMC_ZONE, model or BMC_TYPE
            request.imageId, request.amount = BMC_IMAGE, 1
        else:
            request.zoneId, request.instanceType = VM_ZONE, model or VM_MODEL
            request.imageId, request.instanceCount = VM_IMAGE, 1
        request.password = PASSWORD
        request.instanceChargeType = charge_type
        if charge_type == "PREPAID":
            request.instanceChargePrepaid = self.models.ChargePrepaid({"period": period})
        request.internetChargeType = internet_charge_type
        if internet_charge_type == "ByBandwidth":
            request.internetMaxBandwidthOut = bandwidth
        elif package is not None:
            request.trafficPackageSize = package
        return request

    def inquiry_create_request(self, **offer):
        """InquiryPriceCreateInstance for the offer `create_request` would create."""
        create = self.create_request(**offer)
        request = self.models.InquiryPriceCreateInstanceRequest()
        for field in vars(request):
            if field in vars(create):
                setattr(request, field, getattr(create, field))
        return request


BMC_2022 = Service("bmc", "2022-11-20", bmc_2022_client.BmcClient, bmc_2022_models)
BMC_2026 = Service("bmc", "2026-02-01", bmc_2026_client.BmcClient, bmc_2026_models)
VM_2023 = Service("vm", "2023-03-13", vm_2023_client.VmClient, vm_2023_models)
VM_2026 = Service("vm", "2026-04-01", vm_2026_client.VmClient, vm_2026_models)


def params(*services):
    return [pytest.param(service, id=repr(service)) for service in services]


BMC_VERSIONS = params(BMC_2022, BMC_2026)
VM_VERSIONS = params(VM_2023, VM_2026)
ALL_VERSIONS = params(BMC_2022, BMC_2026, VM_2023, VM_2026)


# --- watching the SDK --------------------------------------------------------------------

class Wire:
    """Context manager recording, for every HTTP exchange the SDK makes with `client`,
    `(sent body, HTTP status, received body)`, both bodies parsed from JSON."""

    def __init__(self, client):
        self.client = client
        self.exchanges = []

    def __enter__(self):
        send = self.client._send_request

        def recording_send(request):
            response = send(request)
            try:
                received = json.loads(response.data)
            except ValueError:
                received = response.data
            self.exchanges.append((json.loads(request.data), response.status, received))
            return response

        self.client._send_request = recording_send
        return self

    def __exit__(self, *exc_info):
        del self.client._send_request
        return False

    @property
    def last(self):
        assert self.exchanges, "the SDK sent nothing"
        return self.exchanges[-1]


def sdk_error(client, call):
    """Runs `call()` (an SDK call on `client`), which must raise; returns `(code, HTTP
    status)` after checking the exception against the error body on the wire (D-2)."""
    with Wire(client) as wire:
        with pytest.raises(ZenlayerCloudSdkException) as raised:
            call()
    _, status, body = wire.last
    error = raised.value
    assert body == {"requestId": error.request_id, "code": error.code, "message": error.message}, body
    assert REQUEST_ID.match(error.request_id or ""), error.request_id
    assert error.message
    return error.code, status


def assert_seed_answer(exchange, sent, **extra):
    """The exchange sent exactly `sent` and was answered 200 with the seed pages' body:
    `{"requestId": R, "response": {"requestId": R, **extra}}`."""
    body_sent, status, received = exchange
    assert body_sent == sent
    assert status == 200, received
    request_id = received["requestId"]
    assert REQUEST_ID.match(request_id), request_id
    assert received == {"requestId": request_id, "response": dict(requestId=request_id, **extra)}


# --- control plane, clock and money ------------------------------------------------------

def parse_instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def format_instant(instant):
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now(control_plane):
    return parse_instant(control_plane.get("/clock")["now"])


def advance(control_plane, seconds):
    before = now(control_plane)
    answer = control_plane.post("/clock/advance", {"seconds": seconds})
    assert parse_instant(answer["now"]) == before + timedelta(seconds=seconds)
    return answer


def new_client(service, control_plane, config, balance="5000.00"):
    account = control_plane.create_account(balance=balance)
    credential = control_plane.credential_of(account)
    return account, credential, service.client(credential, config)


class OwnClock:
    """An account on a test clock of its own (D-181), so that a test can move its time
    without moving the session's shared clock: `advance(seconds)` applies only its
    events. The clock starts at the shared clock's now."""

    def __init__(self, service, control_plane, config, balance="5000.00"):
        self.control_plane = control_plane
        self.clock_id = control_plane.post(
            "/clocks", {"name": "own", "frozenTime": control_plane.get("/clock")["now"]})["clockId"]
        self.account = control_plane.post("/accounts", {
            "name": "own-clock", "balance": balance, "clockId": self.clock_id})
        self.credential = control_plane.credential_of(self.account)
        self.client = service.client(self.credential, config)

    def advance(self, seconds):
        return self.control_plane.post("/clocks/%s/advance" % self.clock_id, {"seconds": seconds})

    def deposit(self, amount):
        self.control_plane.post("/accounts/%s/deposit" % self.account["accountId"],
                                {"amount": amount})


def balance(credential, config):
    return ZbcClient(credential, config).DescribeCustomerBalance(
        zbc_models.DescribeCustomerBalanceRequest()).cashBalance


def history(credential, config):
    request = zbc_models.DescribeTransactionHistoryRequest()
    request.pageSize = 1000
    return ZbcClient(credential, config).DescribeTransactionHistory(request)


def orders(control_plane, account, instance_id, kind=None):
    listed = control_plane.get("/orders?accountId=%s&instanceId=%s"
                               % (account["accountId"], instance_id))["orders"]
    return [order for order in listed if kind is None or order["kind"] == kind]


def quoted_create_total(service, client, **offer):
    """What CreateInstances of this offer takes (D-22): for PREPAID, one period of the
    plan price."""
    price = client.InquiryPriceCreateInstance(service.inquiry_create_request(**offer))
    total = price.instancePrice.discountPrice
    for item in price.bandwidthPrice or []:
        total += item.discountPrice or 0
    return round(total, 2)


# --- instances ---------------------------------------------------------------------------

def create_instance(service, client, **offer):
    """Creates one instance (PENDING until provisioned); returns its id."""
    created = client.CreateInstances(service.create_request(**offer))
    (instance_id,) = created.instanceIdSet
    assert INSTANCE_ID.match(instance_id), instance_id
    return instance_id


def running_instance(service, client, control_plane, **offer):
    """Creates one instance and moves the clock until it is RUNNING (D-20)."""
    instance_id = create_instance(service, client, **offer)
    advance(control_plane, PROVISIONING_SECONDS)
    assert describe(service, client, instance_id).instanceStatus == "RUNNING"
    return instance_id


def describe(service, client, instance_id):
    request = service.models.DescribeInstancesRequest()
    request.instanceIds = [instance_id]
    response = client.DescribeInstances(request)
    assert response.totalCount == 1, response
    return response.dataSet[0]


def internet_status(service, client, instance_id):
    return client.DescribeInstanceInternetStatus(
        service.request("DescribeInstanceInternetStatusRequest", instanceId=instance_id))


def type_status(service, client, instance_id):
    return client.DescribeInstanceTypeStatus(
        service.request("DescribeInstanceTypeStatusRequest", instanceId=instance_id))


def modify_traffic_package(service, client, instance_id, size):
    return client.ModifyInstanceTrafficPackage(service.request(
        "ModifyInstanceTrafficPackageRequest", instanceId=instance_id, trafficPackageSize=size))


def modify_bandwidth(service, client, instance_id, bandwidth):
    return client.ModifyInstanceBandwidth(service.request(
        "ModifyInstanceBandwidthRequest", instanceId=instance_id, **{service.bandwidth_field: bandwidth}))


def modify_type(service, client, instance_id, model):
    return client.ModifyInstanceType(service.request(
        "ModifyInstanceTypeRequest", instanceId=instance_id, instanceTypeId=model))
