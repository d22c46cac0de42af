"""Traffic, its overage, monitoring and bills through the official SDK (docs/decisions.md
D-130 to D-137): every action in each version it exists in, its happy path and each error
code it answers with the HTTP status it travels with.

Traffic is recorded through the control plane (`POST /_zenlocal/instances/{id}/traffic`);
the tests that move the clock are marked `advances_clock`.
"""

from datetime import timedelta

import pytest
from zenlayercloud.zbc.v20240809 import models as zbc_models
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

from plan_support import (
    ALL_VERSIONS,
    BILLING_MONTH,
    BMC_VERSIONS,
    MISSING_INSTANCE_ID,
    VM_VERSIONS,
    advance,
    format_instant,
    new_client,
    now,
    orders,
    running_instance,
    sdk_error,
)
from conftest import ControlPlaneError

FIVE_MINUTES = 300


def _traffic(control_plane, instance_id, **body):
    return control_plane.post("/instances/%s/traffic" % instance_id, body)


def _window(service, name, instance_id, start, end):
    return service.request(name, instanceId=instance_id, startTime=format_instant(start),
                           endTime=format_instant(end))


def _zbc(credential, config):
    return ZbcClient(credential, config)


def _zbc_request(name, **fields):
    request = getattr(zbc_models, name)()
    for field, value in fields.items():
        setattr(request, field, value)
    return request


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_traffic_is_described_in_five_minute_points(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    instance = running_instance(service, client, control_plane,
                                internet_charge_type="ByTrafficPackage", package=2)
    start = now(control_plane)
    assert _traffic(control_plane, instance, outGb="3", inGb=0.3, outMbps=8) == {
        "instanceId": instance, "cycleOutGb": "3", "allowanceGb": "2000", "overageGb": "0"}
    advance(control_plane, 2 * FIVE_MINUTES)
    end = now(control_plane)
    actions = ["DescribeInstanceTraffic"] + (["DescribeManagedInstanceTraffic"] if service.is_bmc else [])
    for action in actions:
        name = action + "Request"
        answer = getattr(client, action)(_window(service, name, instance, start, end))
        times = [point.time for point in answer.dataList]
        # Every multiple of five minutes in the window: two or three of them.
        assert len(times) in (2, 3) and all(t.endswith(("0:00Z", "5:00Z")) for t in times), times
        sent = [point.internetTX for point in answer.dataList]
        assert (answer.unit, answer.totalUnit) == ("bps", "B")
        assert (answer.outMax, answer.outMin) == (max(sent), min(sent))
        assert answer.out95 == max(sent) and answer.out95Time in times
        # Rates are rounded to whole bps: totals agree to within that rounding.
        assert abs(answer.outTotal - sum(tx * FIVE_MINUTES / 8 for tx in sent)) <= 20 * len(sent)
        assert answer.outTotal >= 3 * 10 ** 9 and answer.inTotal == 3 * 10 ** 8
        assert answer.maxBandwidth95ValueMbps == round(max(answer.in95, answer.out95) / 1e6, 2)

        def refused(who, instance_id=instance, first=start, last=end):
            return sdk_error(who, lambda: getattr(who, action)(
                _window(service, name, instance_id, first, last)))

        assert refused(client, instance_id=MISSING_INSTANCE_ID) == ("INVALID_INSTANCE_NOT_FOUND", 404)
        assert refused(other) == ("INVALID_INSTANCE_NOT_FOUND", 404)
        assert refused(client, first=end, last=start) == ("INVALID_PARAMETER", 400)
        assert refused(client, last=start + timedelta(days=1, seconds=1)) == ("INVALID_PARAMETER", 400)

    if not service.is_bmc:
        cpu = client.DescribeInstanceCpuMonitor(
            _window(service, "DescribeInstanceCpuMonitorRequest", instance, start, end))
        assert [point.time for point in cpu.dataList] == times
        assert {point.cpu for point in cpu.dataList} == {"0"}
        assert sdk_error(other, lambda: other.DescribeInstanceCpuMonitor(_window(
            service, "DescribeInstanceCpuMonitorRequest", instance, start, end))) == (
            "INVALID_INSTANCE_NOT_FOUND", 404)
        assert sdk_error(client, lambda: client.DescribeInstanceCpuMonitor(_window(
            service, "DescribeInstanceCpuMonitorRequest", instance, end, start))) == (
            "INVALID_PARAMETER", 400)


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_hardware_health_of_bare_metal(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    instance = running_instance(service, client, control_plane)
    request = service.request("DescribeInstancesMonitorHealthRequest", instanceIds=[instance])
    (health,) = client.DescribeInstancesMonitorHealth(request).monitorHealthList
    assert (health.instanceId, health.cpuStatus, health.wanPortStatus, health.serverModel,
            health.tempUnit) == (instance, "NORMAL", "UP", "M6C", "C")
    assert sdk_error(other, lambda: other.DescribeInstancesMonitorHealth(request)) == (
        "INVALID_INSTANCE_NOT_FOUND", 404)
    empty = service.request("DescribeInstancesMonitorHealthRequest", instanceIds=[])
    assert sdk_error(client, lambda: client.DescribeInstancesMonitorHealth(empty)) == (
        "INVALID_PARAMETER", 400)


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_overage_is_billed_at_the_cycle_end_and_an_upgrade_prevents_it(service, control_plane,
                                                                       config):
    account, credential, client = new_client(service, control_plane, config)
    instance = running_instance(service, client, control_plane,
                                internet_charge_type="ByTrafficPackage", package=2)
    assert _traffic(control_plane, instance, outGb="2100")["overageGb"] == "100"
    advance(control_plane, int(BILLING_MONTH.total_seconds()))
    (overage,) = orders(control_plane, account, instance, "TRAFFIC_OVERAGE")
    bill = _zbc(credential, config).DescribeBillDetail(
        _zbc_request("DescribeBillDetailRequest", orderSn=overage["orderNumber"],
                     billMonthly=int(overage["createdAt"][:7].replace("-", ""))))
    (line,) = bill.dataSet
    assert (line.resourceId, line.billingMode, "%.2f" % line.amount) == (
        instance, "Data transfer overage", overage["amount"])

    request = service.request("ModifyInstanceTrafficPackageRequest", instanceId=instance,
                              trafficPackageSize=5)
    client.ModifyInstanceTrafficPackage(request)
    assert _traffic(control_plane, instance, outGb="4000")["overageGb"] == "0"
    advance(control_plane, int(BILLING_MONTH.total_seconds()))
    assert len(orders(control_plane, account, instance, "TRAFFIC_OVERAGE")) == 1


def test_traffic_needs_a_running_instance_and_amounts(control_plane):
    with pytest.raises(ControlPlaneError) as missing:
        _traffic(control_plane, MISSING_INSTANCE_ID, outGb="1")
    assert missing.value.status == 404
    with pytest.raises(ControlPlaneError) as empty:
        _traffic(control_plane, MISSING_INSTANCE_ID)
    assert empty.value.status == 400


def test_bills_and_money_in(control_plane, config):
    account = control_plane.create_account(balance="300.00")
    credential = control_plane.credential_of(account)
    control_plane.post("/accounts/%s/deposit" % account["accountId"], {"amount": "50.00"})
    zbc = _zbc(credential, config)
    money_in = zbc.DescribeRechargeRefundHistory(
        _zbc_request("DescribeRechargeRefundHistoryRequest", state=["PAY_SUCCESS"]))
    assert money_in.totalCount == 2
    assert [(r.transactionType, r.amount, r.state) for r in money_in.dataSet] == [
        ("RECHARGE", 50.0, "PAY_SUCCESS"), ("RECHARGE", 300.0, "PAY_SUCCESS")]
    assert sdk_error(zbc, lambda: zbc.DescribeRechargeRefundHistory(
        _zbc_request("DescribeRechargeRefundHistoryRequest", state=["DONE"]))) == (
        "INVALID_PARAMETER", 400)

    # Nothing bought yet: an empty bill and summary for the current month.
    detail = zbc.DescribeBillDetail(_zbc_request("DescribeBillDetailRequest"))
    assert (detail.totalCount, detail.totalSpend, detail.dataSet) == (0, 0, [])
    summary = zbc.DescribeMonthlyBillSummary(
        _zbc_request("DescribeMonthlyBillSummaryRequest", summaryType="RESOURCE_GROUP"))
    assert (summary.totalSpend, summary.summaryInfoList) == (0, [])
    assert sdk_error(zbc, lambda: zbc.DescribeBillDetail(
        _zbc_request("DescribeBillDetailRequest", billMonthly=202600))) == ("INVALID_PARAMETER", 400)
    assert sdk_error(zbc, lambda: zbc.DescribeMonthlyBillSummary(
        _zbc_request("DescribeMonthlyBillSummaryRequest", summaryType="ZONE"))) == (
        "INVALID_PARAMETER", 400)

    # The transaction filter is an array, as the SDK sends it; DEDUCTION is a charge.
    history = zbc.DescribeTransactionHistory(
        _zbc_request("DescribeTransactionHistoryRequest", transactionType=["RECHARGE"]))
    assert history.totalCount == 2
    charges = zbc.DescribeTransactionHistory(
        _zbc_request("DescribeTransactionHistoryRequest", transactionType=["DEDUCTION"]))
    assert charges.totalCount == 0


@pytest.mark.parametrize("service", BMC_VERSIONS)
def test_a_bill_line_is_a_charge_with_its_order(service, control_plane, config):
    account, credential, client = new_client(service, control_plane, config)
    (instance,) = client.CreateInstances(service.create_request()).instanceIdSet
    zbc = _zbc(credential, config)
    (line,) = zbc.DescribeBillDetail(
        _zbc_request("DescribeBillDetailRequest", resourceId=instance)).dataSet
    (order,) = orders(control_plane, account, instance, "CREATE")
    assert (line.orderSn, "%.2f" % line.amount, line.product, line.productSubitem,
            line.billingMode, line.location) == (
        order["orderNumber"], order["amount"], "Compute", "Bare Metal Instance", "Subscription",
        "SEL-A")
    (entry,) = [e for e in zbc.DescribeTransactionHistory(_zbc_request(
        "DescribeTransactionHistoryRequest", transactionType=["CONSUME"])).dataSet]
    summary = zbc.DescribeMonthlyBillSummary(_zbc_request("DescribeMonthlyBillSummaryRequest"))
    assert summary.totalSpend == entry.amount == line.amount
    assert [(s.product, s.spend) for s in summary.summaryInfoList] == [("Compute", line.amount)]
