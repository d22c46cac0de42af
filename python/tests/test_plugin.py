"""The plugin's own tests, against the real server it starts (run by scripts/test)."""

from pathlib import Path

import pytest
from zenlayercloud.bmc.v20260201 import models as bmc
from zenlayercloud.common.excpetion.zenlayer_cloud_sdk_exception import ZenlayerCloudSdkException
from zenlayercloud.zbc.v20240809 import models as zbc
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

from zenlocal_pytest import ControlPlaneError


def balance(zl_zbc):
    return zl_zbc.DescribeCustomerBalance(zbc.DescribeCustomerBalanceRequest()).cashBalance


def create(zl_bmc):
    request = bmc.CreateInstancesRequest()
    request.zoneId, request.instanceTypeId, request.imageId = "SEL-A", "M6C", "img-ubuntu-2204"
    request.amount, request.password = 1, "Passw0rd-x"
    request.instanceChargeType = "PREPAID"
    request.instanceChargePrepaid = bmc.ChargePrepaid({"period": 1})
    request.internetChargeType, request.internetMaxBandwidthOut = "ByBandwidth", 20
    return zl_bmc.CreateInstances(request).instanceIdSet[0]


def test_an_account_starts_on_its_own_clock_with_its_balance(zenlocal, zl_account, zl_zbc):
    assert balance(zl_zbc) == 10000.0
    clocks = {c["clockId"]: c for c in zenlocal.get("/clocks")["clocks"]}
    assert clocks[zl_account.clock_id]["now"] == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize("months", [1, 2])
def test_advancing_renews_this_tests_instance_only(zenlocal, zl_bmc, zl_zbc, advance, months):
    global_now = zenlocal.get("/clock")["now"]
    instance_id = create(zl_bmc)
    after_create = balance(zl_zbc)
    assert after_create == 10000.0 - 219.0
    moved = advance(days=30 * months + 1)
    assert moved["eventsApplied"] > 0
    assert balance(zl_zbc) == after_create - 219.0 * months
    request = bmc.DescribeInstancesRequest()
    request.instanceIds = [instance_id]
    described = zl_bmc.DescribeInstances(request)
    assert described.dataSet[0].instanceStatus == "RUNNING"
    assert zenlocal.get("/clock")["now"] == global_now, "the global clock never moved"


def test_the_clock_and_its_account_go_after_the_test(zenlocal):
    clock = zenlocal.create_clock(frozen_time="2026-01-01T00:00:00Z")
    account = zenlocal.create_account("1.00", clock_id=clock["clockId"])
    zenlocal.delete("/clocks/%s" % clock["clockId"])
    with pytest.raises(ControlPlaneError) as failed:
        zenlocal.post("/accounts/%s/deposit" % account.account_id, {"amount": "1.00"})
    assert (failed.value.status, failed.value.code) == (404, "RESOURCE_NOT_FOUND")


def test_sdk_errors_come_through(zl_bmc):
    request = bmc.TerminateInstanceRequest()
    request.instanceId = "1000000000000000001"
    with pytest.raises(ZenlayerCloudSdkException) as failed:
        zl_bmc.TerminateInstance(request)
    assert failed.value.code == "INVALID_INSTANCE_NOT_FOUND"


# The rule the first `faults` test leaves to the fixture's clean-up, checked by the next.
LEFT_TO_THE_FIXTURE = []


def test_faults_fail_this_tests_account_only(zenlocal, zl_account, zl_clock, zl_zbc, faults):
    once = faults.add("zbc", "DescribeCustomerBalance", code="SERVICE_TEMPORARY_UNAVAILABLE",
                      count=1)
    assert (once["accountId"], once["count"], once["injected"]) == (zl_account.account_id, 1, 0)
    with pytest.raises(ZenlayerCloudSdkException) as failed:
        balance(zl_zbc)
    assert failed.value.code == "SERVICE_TEMPORARY_UNAVAILABLE"
    assert balance(zl_zbc) == 10000.0, "count=1: the next call goes through"
    assert once["faultId"] not in [r["faultId"] for r in faults.list()]

    holding = faults.add("zbc", "*", code="REQUEST_LIMIT_EXCEEDED")
    other = zenlocal.create_account("5.00", clock_id=zl_clock["clockId"])
    assert balance(ZbcClient(other.credential(), zenlocal.config())) == 5.0
    faults.delete(holding["faultId"])
    assert balance(zl_zbc) == 10000.0
    # Left to the clean-up, with `once`, which its count used up already.
    LEFT_TO_THE_FIXTURE.append(faults.add("zbc", "*", latency_ms=1)["faultId"])


def test_the_faults_fixture_deletes_its_rules_after_the_test(zenlocal):
    assert LEFT_TO_THE_FIXTURE, "runs after the test above"
    listed = [rule["faultId"] for rule in zenlocal.get("/faults")["faults"]]
    assert LEFT_TO_THE_FIXTURE[0] not in listed


README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_example_passes(zl_bmc, zl_zbc, advance):
    section = README.read_text().split("## Test with pytest\n")[1]
    block = section.split("```python\n")[1].split("```")[0]
    namespace = {}
    exec(compile(block, str(README), "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 1
    tests[0](zl_bmc, zl_zbc, advance)
