"""zbc DescribeCustomerBalance and control-plane money movements (D-27, D-28, D-29)."""

from datetime import datetime, timedelta, timezone

import pytest
from zenlayercloud.zbc.v20240809 import models as zbc_models
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

ONE_DAY = timedelta(days=1)


def _balance(credential, config):
    return ZbcClient(credential, config).DescribeCustomerBalance(zbc_models.DescribeCustomerBalanceRequest())


def _parse_instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _format_instant(instant):
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_demo_balance_on_fresh_server(config, demo_credential):
    """The demo account opens with 10000.00 and pays for its PREPAID instances (D-30): the
    balance is the opening deposit less the charges in its ledger; credit and frozen
    amounts are 0 (D-27)."""
    from zenlayercloud.zbc.v20240809 import models as zbc_models
    from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

    request = zbc_models.DescribeTransactionHistoryRequest()
    request.pageSize = 1000
    history = ZbcClient(demo_credential, config).DescribeTransactionHistory(request)
    assert history.incomeSum == 10000.0
    assert history.expenditureSum > 0
    response = _balance(demo_credential, config)
    assert response.cashBalance == round(history.incomeSum - history.expenditureSum, 2)
    assert response.purchasingPower == response.cashBalance
    assert response.creditValue == 0
    assert response.orderFrozenAmount == 0
    assert response.accountUid


def test_new_account_balance(config, control_plane):
    """An account opened with balance "123.45" reads back 123.45 with its own access key."""
    account = control_plane.create_account(balance="123.45")
    response = _balance(control_plane.credential_of(account), config)
    assert response.accountUid == account["accountId"]
    assert response.cashBalance == 123.45
    assert response.purchasingPower == 123.45


def test_immediate_deposit(config, control_plane):
    """A deposit without `at` is credited at once and answers the new balance as a
    decimal string."""
    account = control_plane.create_account(balance="1.00")
    answer = control_plane.post("/accounts/%s/deposit" % account["accountId"], {"amount": "2.25"})
    assert answer["accountId"] == account["accountId"]
    assert answer["balance"] == "3.25"
    assert _balance(control_plane.credential_of(account), config).cashBalance == 3.25


@pytest.mark.advances_clock
def test_scheduled_deposit_applies_on_clock_advance(config, control_plane):
    """A deposit scheduled one day ahead leaves the balance unchanged until the frozen
    clock is advanced past it; the advance reports the applied event and moves the clock
    by exactly the requested amount."""
    account = control_plane.create_account(balance="10.00")
    credential = control_plane.credential_of(account)
    clock = control_plane.get("/clock")
    assert clock["mode"] == "frozen"
    now = _parse_instant(clock["now"])

    control_plane.post("/accounts/%s/deposit" % account["accountId"],
                       {"amount": "5.00", "at": _format_instant(now + ONE_DAY)})
    assert _balance(credential, config).cashBalance == 10.0

    advanced = control_plane.post("/clock/advance", {"seconds": 172800})
    assert advanced["eventsApplied"] >= 1
    assert _parse_instant(advanced["now"]) == now + 2 * ONE_DAY
    assert _parse_instant(control_plane.get("/clock")["now"]) == now + 2 * ONE_DAY
    assert _balance(credential, config).cashBalance == 15.0
