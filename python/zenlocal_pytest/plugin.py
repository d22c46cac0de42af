"""The fixtures (see the package's docstring)."""

import pytest

from .server import ControlPlaneError, Zenlocal

DAY = 86_400


@pytest.fixture(scope="session")
def zenlocal():
    """A zenlocal server for the whole session, stopped at its end."""
    server = Zenlocal.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def zl_clock(zenlocal):
    """A test clock of this test's own, at 2026-01-01T00:00:00Z; deleted after the test
    with every account on it."""
    clock = zenlocal.create_clock(frozen_time="2026-01-01T00:00:00Z")
    yield clock
    zenlocal.delete("/clocks/%s" % clock["clockId"])


@pytest.fixture
def zl_account(zenlocal, zl_clock):
    """A fresh account with 10000.00 on this test's own clock."""
    return zenlocal.create_account("10000.00", clock_id=zl_clock["clockId"])


@pytest.fixture
def advance(zenlocal, zl_clock):
    """``advance(seconds=0, days=0, to=None)``: moves this test's clock forward, applying
    the events of its accounts due on the way; answers ``{"now", "eventsApplied"}``."""

    def move(seconds=0, days=0, to=None):
        if to is not None:
            return zenlocal.advance_clock(zl_clock["clockId"], to=to)
        return zenlocal.advance_clock(zl_clock["clockId"], seconds=seconds + days * DAY)

    return move


class Faults:
    """Fault rules of one test (``POST /_zenlocal/faults``), removed after it."""

    def __init__(self, server, account_id):
        self._server = server
        self._account_id = account_id
        self._added = []

    def add(self, service, action="*", code=None, latency_ms=None, drop=None, count=None,
            probability=None, seed=None, account_id=None, everyone=False):
        """Adds a rule; it concerns this test's account unless ``account_id`` names
        another or ``everyone`` is set. Answers the rule with its ``faultId``."""
        body = {"service": service, "action": action}
        fields = {"code": code, "latencyMs": latency_ms, "drop": drop, "count": count,
                  "probability": probability, "seed": seed,
                  "accountId": None if everyone else (account_id or self._account_id)}
        body.update({k: v for k, v in fields.items() if v is not None})
        rule = self._server.post("/faults", body)
        self._added.append(rule["faultId"])
        return rule

    def list(self):
        return self._server.get("/faults")["faults"]

    def delete(self, fault_id):
        self._server.delete("/faults/%s" % fault_id)
        self._added.remove(fault_id)

    def clear(self):
        """Deletes the rules still there; one its ``count`` used up is gone already."""
        for fault_id in list(self._added):
            try:
                self.delete(fault_id)
            except ControlPlaneError as error:
                if error.status != 404:
                    raise
                self._added.remove(fault_id)


@pytest.fixture
def faults(zenlocal, zl_account):
    """Adds fault rules for this test's account; they are deleted after the test."""
    rules = Faults(zenlocal, zl_account.account_id)
    yield rules
    rules.clear()


@pytest.fixture
def zl_bmc(zenlocal, zl_account):
    """The official SDK's bmc client (2026-02-01), signing as ``zl_account``."""
    from zenlayercloud.bmc.v20260201.bmc_client import BmcClient

    return BmcClient(zl_account.credential(), zenlocal.config())


@pytest.fixture
def zl_vm(zenlocal, zl_account):
    """The official SDK's vm client (2026-04-01), signing as ``zl_account``."""
    from zenlayercloud.vm.v20260401.vm_client import VmClient

    return VmClient(zl_account.credential(), zenlocal.config())


@pytest.fixture
def zl_zbc(zenlocal, zl_account):
    """The official SDK's zbc client, signing as ``zl_account``."""
    from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

    return ZbcClient(zl_account.credential(), zenlocal.config())
