"""Faults through the official Python SDK: request faults (docs/decisions.md D-185 to
D-188) and faults of the service itself (D-191, D-199).

Every rule here is narrowed to an account of its own, so the other tests sharing the
session's server never meet it, and is gone (used up or deleted) when the test ends.
"""

from datetime import timedelta

import pytest
from zenlayercloud.bmc.v20260201 import models as bmc_models
from zenlayercloud.bmc.v20260201.bmc_client import BmcClient
from zenlayercloud.common.config import Config
from zenlayercloud.common.excpetion.zenlayer_cloud_sdk_exception import ZenlayerCloudSdkException
from zenlayercloud.zbc.v20240809 import models as zbc_models
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

from plan_support import (
    ALL_VERSIONS,
    BILLING_MONTH,
    BMC_2026,
    BMC_VERSIONS,
    PROVISIONING_SECONDS,
    OwnClock,
    balance,
    create_instance,
    describe,
    format_instant,
    parse_instant,
    quoted_create_total,
)


@pytest.fixture
def quick_config(domain):
    """The session's endpoint, with the SDK's rate-limit retry waiting 10 ms, not 1 s."""
    config = Config(rate_limit_retry_duration=lambda index: 0.01)
    config.scheme = "http"
    config.domain = domain
    config.request_timeout = 10
    return config


@pytest.fixture
def account(control_plane):
    return control_plane.create_account("100.00")


def _fault(control_plane, account, **rule):
    rule.setdefault("accountId", account["accountId"])
    return control_plane.post("/faults", rule)


def _balance(client):
    return client.DescribeCustomerBalance(zbc_models.DescribeCustomerBalanceRequest())


def _journal(control_plane, account, limit):
    return control_plane.get("/requests?accountId=%s&limit=%d" % (account["accountId"], limit))["requests"]


def test_the_sdk_retries_an_injected_429_and_recovers(control_plane, account, quick_config):
    _fault(control_plane, account, service="zbc", action="DescribeCustomerBalance",
           code="REQUEST_LIMIT_EXCEEDED", count=2)
    client = ZbcClient(control_plane.credential_of(account), quick_config)
    assert _balance(client).cashBalance == 100.0
    calls = _journal(control_plane, account, 3)
    assert [(c["status"], c["code"], c["injected"]) for c in calls] == [
        (200, "OK", False),
        (429, "REQUEST_LIMIT_EXCEEDED", True),
        (429, "REQUEST_LIMIT_EXCEEDED", True),
    ]


def test_the_sdk_sees_an_injected_503(control_plane, account, quick_config):
    _fault(control_plane, account, service="zbc", action="*",
           code="SERVICE_TEMPORARY_UNAVAILABLE", count=1)
    client = ZbcClient(control_plane.credential_of(account), quick_config)
    with pytest.raises(ZenlayerCloudSdkException) as raised:
        _balance(client)
    assert raised.value.code == "SERVICE_TEMPORARY_UNAVAILABLE"
    assert raised.value.request_id.startswith("T")
    assert _balance(client).cashBalance == 100.0


def test_an_action_page_code_is_answered_with_its_status(control_plane, account, quick_config):
    rule = _fault(control_plane, account, service="bmc", action="CreateInstances",
                  code="OPERATION_DENIED_INSUFFICIENT_BALANCE")
    client = BmcClient(control_plane.credential_of(account), quick_config)
    request = bmc_models.CreateInstancesRequest()
    request.zoneId, request.instanceTypeId, request.imageId = "SEL-A", "M6C", "img-ubuntu-2204"
    request.instanceChargeType, request.internetChargeType = "POSTPAID", "ByBandwidth"
    request.internetMaxBandwidthOut = 10
    request.password = "Passw0rd-x"
    try:
        with pytest.raises(ZenlayerCloudSdkException) as raised:
            client.CreateInstances(request)
        assert raised.value.code == "OPERATION_DENIED_INSUFFICIENT_BALANCE"
        assert _journal(control_plane, account, 1)[0]["status"] == 403
    finally:
        control_plane.request("DELETE", "/faults/" + rule["faultId"])
    # The rule deleted, the same call goes through.
    assert len(client.CreateInstances(request).instanceIdSet) == 1


def test_injected_latency_slows_the_call_and_it_succeeds(control_plane, account, quick_config):
    _fault(control_plane, account, service="zbc", action="DescribeCustomerBalance",
           latencyMs=200, count=1)
    client = ZbcClient(control_plane.credential_of(account), quick_config)
    assert _balance(client).cashBalance == 100.0
    call = _journal(control_plane, account, 1)[0]
    assert call["injected"] is True and call["fault"] == "latency"
    assert call["latencyMs"] >= 200


def test_a_dropped_connection_is_a_network_error_to_the_sdk(control_plane, account, quick_config):
    _fault(control_plane, account, service="zbc", action="*", drop=True, count=1)
    client = ZbcClient(control_plane.credential_of(account), quick_config)
    with pytest.raises(ZenlayerCloudSdkException) as raised:
        _balance(client)
    assert raised.value.code == "NETWORK_ERROR"
    assert _balance(client).cashBalance == 100.0
    calls = _journal(control_plane, account, 2)
    assert calls[1]["fault"] == "drop"


@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_a_provisioning_fault_ends_the_next_create_in_create_failed(service, control_plane, config):
    """D-199: the next CreateInstances of the account in the service is answered and
    charged, then its instance ends CREATE_FAILED; TerminateInstance deletes it at once
    and refunds it. The call is marked in the journal."""
    own = OwnClock(service, control_plane, config)
    rule = control_plane.post("/faults", {"kind": "provisioningFails", "service": service.name,
                                          "accountId": own.account["accountId"]})
    assert rule["faultId"] in [f["faultId"] for f in control_plane.get("/faults")["faults"]]
    before = balance(own.credential, config)
    failed = create_instance(service, own.client)
    paid = before - balance(own.credential, config)
    assert paid > 0
    (call,) = control_plane.get("/requests?accountId=%s&action=CreateInstances&limit=1"
                                % own.account["accountId"])["requests"]
    assert (call["status"], call["injected"], call["fault"]) == (200, True, "provisioningFails")
    assert rule["faultId"] not in [f["faultId"] for f in control_plane.get("/faults")["faults"]]
    fine = create_instance(service, own.client)
    own.advance(PROVISIONING_SECONDS)
    assert describe(service, own.client, failed).instanceStatus == "CREATE_FAILED"
    assert describe(service, own.client, fine).instanceStatus == "RUNNING"

    before = balance(own.credential, config)
    own.client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=failed))
    assert round(balance(own.credential, config) - before, 2) == round(paid, 2)
    request = service.request("DescribeInstancesRequest", instanceIds=[failed])
    assert own.client.DescribeInstances(request).totalCount == 0


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_a_renewal_fault_sends_the_instance_to_the_recycle_bin(service, control_plane, config):
    """D-191, D-23: however rich the account, the instance's next cycle end finds no funds:
    it is not renewed, nothing is charged, and it goes to the recycle bin."""
    own = OwnClock(service, control_plane, config)
    failing = create_instance(service, own.client)
    renewing = create_instance(service, own.client)
    own.advance(PROVISIONING_SECONDS)
    control_plane.post("/faults", {"kind": "renewalFails", "instanceId": failing,
                                   "accountId": own.account["accountId"]})
    before = balance(own.credential, config)
    own.advance(int(BILLING_MONTH.total_seconds()))
    assert describe(service, own.client, failing).instanceStatus == "RECYCLE"
    assert describe(service, own.client, renewing).instanceStatus == "RUNNING"
    renewal = quoted_create_total(service, own.client)
    assert round(before - balance(own.credential, config), 2) == renewal


def _pattern(client, calls):
    """Which of `calls` balance reads fail, as the SDK sees them."""
    failed = []
    for _ in range(calls):
        try:
            _balance(client)
            failed.append(False)
        except ZenlayerCloudSdkException as error:
            assert error.code == "SERVICE_TEMPORARY_UNAVAILABLE"
            failed.append(True)
    return failed


def test_a_seeded_probability_fails_the_same_calls_every_run(control_plane, account, quick_config):
    """D-185: a rule with `probability` and `seed` fails the same calls in the same order."""
    client = ZbcClient(control_plane.credential_of(account), quick_config)
    runs = []
    for _ in range(2):
        rule = _fault(control_plane, account, service="zbc", action="DescribeCustomerBalance",
                      code="SERVICE_TEMPORARY_UNAVAILABLE", probability=0.5, seed=2026)
        assert (rule["probability"], rule["seed"]) == (0.5, 2026)
        runs.append(_pattern(client, 40))
        control_plane.request("DELETE", "/faults/" + rule["faultId"])
    assert runs[0] == runs[1]
    assert 5 < sum(runs[0]) < 35, runs[0]


def test_a_window_on_the_simulated_clock_bounds_a_fault(control_plane, quick_config):
    """D-185: `from`/`until` hold a rule on the simulated clock of the account asking."""
    own = OwnClock(BMC_2026, control_plane, quick_config)
    clocks = {c["clockId"]: c for c in control_plane.get("/clocks")["clocks"]}
    start = parse_instant(clocks[own.clock_id]["now"])
    rule = _fault(control_plane, own.account, service="zbc", action="*",
                  code="SERVICE_TEMPORARY_UNAVAILABLE",
                  **{"from": format_instant(start + timedelta(hours=1)),
                     "until": format_instant(start + timedelta(hours=2))})
    client = ZbcClient(own.credential, quick_config)
    try:
        assert _pattern(client, 1) == [False]
        own.advance(3600)
        assert _pattern(client, 1) == [True]
        own.advance(3600)
        assert _pattern(client, 1) == [False]
    finally:
        control_plane.request("DELETE", "/faults/" + rule["faultId"])
