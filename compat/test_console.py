"""The web console (docs/decisions.md D-193 to D-197) in real headless Chromium.

A server of its own, with an admin token, a frozen clock and no provisioning delays, gets
its data through the official SDK and the control plane; the browser signs in with
`?token=` once (D-194), then every page is opened and what it shows is compared with the
API's answers; every action is done by its button and its effect read back through the
API. Each page is checked against axe-core's WCAG 2 A/AA rules in the light and the dark
scheme, and for requests to anything but the server itself. Screenshots go to
target/console-screenshots/; with ZENLOCAL_UPDATE_SCREENSHOTS=1 the README's three are
written to docs/ as well.
"""

import csv
import io
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from zenlayercloud.common.config import Config
from zenlayercloud.common.credential import Credential

from conftest import REPO_ROOT, ControlPlane, ControlPlaneError, _start_server, _stop
from plan_support import (BMC_2026, VM_2026, VM_ZONE, balance, create_instance, describe,
                          history, parse_instant, sdk_error)

ADMIN_TOKEN = "console-admin-token"
SCREENSHOTS = REPO_ROOT / "target" / "console-screenshots"
CHROMEDRIVER = shutil.which("chromedriver")
AXE_JS = Path(os.environ.get("ZENLOCAL_AXE_JS")
              or REPO_ROOT / "target" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js")
WAIT_SECONDS = 15

if CHROMEDRIVER is None and not os.environ.get("CI"):
    pytest.skip("chromedriver is not installed (apt-get install chromium chromium-driver); "
                ".ci/run installs it", allow_module_level=True)


@pytest.fixture(scope="module")
def site(server_binary):
    """`(base URL, control plane)` of a server of this module's own."""
    work_dir = Path(tempfile.mkdtemp(prefix="zenlocal-console-"))
    process, domain = _start_server(server_binary, work_dir, [
        "--admin-token", ADMIN_TOKEN, "--no-demo", "--provisioning-seconds", "0",
        "--processing-seconds", "0", "--power-seconds", "0",
    ])
    try:
        yield "http://" + domain, ControlPlane(domain, ADMIN_TOKEN), domain
    finally:
        _stop(process)
        shutil.rmtree(work_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def data(site):
    """An account with a PREPAID bmc instance whose bandwidth downgrade waits for the cycle
    end, and a POSTPAID vm instance; all made through the API."""
    _, control_plane, domain = site
    config = Config()
    config.scheme, config.domain, config.request_timeout = "http", domain, 10
    account = control_plane.create_account(balance="1000.00", name="console-a")
    credential = control_plane.credential_of(account)
    bmc = BMC_2026.client(credential, config)
    bmc_id = create_instance(BMC_2026, bmc, bandwidth=20)
    downgrade = bmc.ModifyInstanceBandwidth(BMC_2026.request(
        "ModifyInstanceBandwidthRequest", instanceId=bmc_id, bandwidthOutMbps=15))
    vm = VM_2026.client(credential, config)
    vm_id = create_instance(VM_2026, vm, charge_type="POSTPAID")
    return {
        "account": account, "credential": credential, "config": config, "bmc": bmc,
        "bmc_id": bmc_id, "vm": vm, "vm_id": vm_id, "downgrade": downgrade.orderNumber,
    }


@pytest.fixture(scope="module")
def extra(site):
    """A second account, made through the API, with what the other pages show: a RUNNING
    bmc instance on a traffic package, an elastic IP and an IPv4
    block, a bmc VPC with a subnet in it, a vm subnet, security group and data disk; and a third account on a test clock,
    with a PREPAID bmc instance."""
    _, control_plane, domain = site
    config = Config()
    config.scheme, config.domain, config.request_timeout = "http", domain, 10
    account = control_plane.create_account(balance="5000.00", name="console-b")
    credential = control_plane.credential_of(account)
    bmc = BMC_2026.client(credential, config)
    instance_id = create_instance(BMC_2026, bmc, internet_charge_type="ByTrafficPackage",
                                  package=2)
    if describe(BMC_2026, bmc, instance_id).instanceStatus != "RUNNING":
        control_plane.post("/clock/advance", {"seconds": 1})
    (eip_id,) = bmc.AllocateEipAddresses(BMC_2026.request(
        "AllocateEipAddressesRequest", zoneId="SEL-A", eipChargeType="POSTPAID",
        amount=1)).eipIdSet
    block_id = bmc.CreateIpv4Block(BMC_2026.request(
        "CreateIpv4BlockRequest", zoneId="SEL-A", chargeType="POSTPAID", netmask=29,
        amount=1)).cidrBlockIds[0]
    vpc_id = bmc.CreateVpc(BMC_2026.request(
        "CreateVpcRequest", vpcRegionId="SEL1", cidrBlock="192.168.0.0/16",
        vpcName="console-vpc")).vpcId
    bmc_subnet_id = bmc.CreateSubnet(BMC_2026.request(
        "CreateSubnetRequest", zoneId="SEL-A", cidrBlock="192.168.1.0/24",
        subnetName="console-bmc-net", vpcId=vpc_id)).subnetId
    vm = VM_2026.client(credential, config)
    subnet_id = vm.CreateSubnet(VM_2026.request(
        "CreateSubnetRequest", zoneId=VM_ZONE, subnetName="console-net",
        cidrBlock="10.0.0.0/24")).subnetId
    rule = VM_2026.models.RuleInfo(dict(direction="ingress", ipProtocol="tcp",
                                        portRange="22/22", cidrIp="0.0.0.0/0"))
    group_id = vm.CreateSecurityGroup(VM_2026.request(
        "CreateSecurityGroupRequest", securityGroupName="web", description="front",
        ruleInfos=[rule])).securityGroupId
    vm.CreateDisks(VM_2026.request("CreateDisksRequest", chargeType="POSTPAID",
                                   diskName="console-disk", diskSize=50, zoneId=VM_ZONE))
    control_plane.post("/faults", {"service": "zbc", "action": "*", "latencyMs": 1,
                                   "accountId": "000000000000"})
    control_plane.post("/snapshots", {"name": "console-fixture"})
    test_clock = control_plane.post("/clocks", {"name": "console-clock"})
    clocked = control_plane.post("/accounts", {"name": "console-c", "balance": "1000.00",
                                               "clockId": test_clock["clockId"]})
    clocked_bmc = BMC_2026.client(control_plane.credential_of(clocked), config)
    clocked_id = create_instance(BMC_2026, clocked_bmc)
    return {
        "account": account, "credential": credential, "config": config, "bmc": bmc,
        "vm": vm, "instance_id": instance_id, "eip_id": eip_id,
        "block_id": block_id, "subnet_id": subnet_id, "group_id": group_id,
        "vpc_id": vpc_id, "bmc_subnet_id": bmc_subnet_id,
        "clock": test_clock, "clocked": clocked, "clocked_bmc": clocked_bmc,
        "clocked_id": clocked_id,
    }


@pytest.fixture(scope="module")
def browser(site):
    base, _, _ = site
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--disable-gpu"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=ChromeService(CHROMEDRIVER), options=options)
    try:
        driver.get(base + "/_zenlocal/console?token=" + ADMIN_TOKEN)
        yield driver
    finally:
        driver.quit()


def page(browser, base, path):
    browser.get(base + "/_zenlocal/console" + path)
    assert "zenlocal console" in browser.title, browser.page_source[:500]
    return browser


def money(element):
    """The exact amount of a `<data class="money">` element, checked against its text."""
    value = element.get_attribute("value")
    assert element.text == "USD " + value
    return Decimal(value)


def api_orders(control_plane, **filters):
    query = "&".join("%s=%s" % item for item in filters.items())
    return control_plane.get("/orders?" + query)["orders"]


def screenshot(element, name, readme=False):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = element.screenshot_as_png
    (SCREENSHOTS / name).write_bytes(png)
    if readme and os.environ.get("ZENLOCAL_UPDATE_SCREENSHOTS") == "1":
        (REPO_ROOT / "docs" / name).write_bytes(png)


def wait_for_reload(browser, action):
    """Does `action` (which makes the page load again) and waits for the new page."""
    marker = browser.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: _stale(marker) and d.execute_script("return document.readyState") == "complete")


def _stale(element):
    try:
        element.tag_name
        return False
    except Exception:  # StaleElementReferenceException: the old page is gone
        return True


def submit(form):
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def shown_answer(form):
    """The answer a `data-done="show"` form shows, as a dict."""
    output = form.find_element(By.TAG_NAME, "output")
    WebDriverWait(output, WAIT_SECONDS).until(lambda o: o.find_elements(By.TAG_NAME, "dd"))
    terms = [t.text for t in output.find_elements(By.TAG_NAME, "dt")]
    details = [d.text for d in output.find_elements(By.TAG_NAME, "dd")]
    return dict(zip(terms, details))


# --- signing in ------------------------------------------------------------------------

def test_signing_in_keeps_the_token_in_an_httponly_cookie(site, browser):
    """D-194: `?token=` once answers 303 to the page without it and sets the cookie; the
    page then loads with the cookie alone, and without it the console is refused 401."""
    base, _, _ = site
    assert browser.current_url == base + "/_zenlocal/console"
    cookie = browser.get_cookie("zenlocal_admin")
    assert (cookie["value"], cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == \
        (ADMIN_TOKEN, True, "Strict", "/_zenlocal")
    for query in ("", "?token=wrong"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/_zenlocal/console" + query, timeout=10)
        assert refused.value.code == 401
        assert json.load(refused.value)["code"] == "AUTHFAILURE_SIGNATURE_FAILURE"


def test_pages_say_nothing_may_come_from_elsewhere(site, data, extra):
    """Every page and asset carries `default-src 'self'` (D-197)."""
    base, _, _ = site
    for path in all_pages(data, extra) + ["/assets/console.css", "/assets/console.js"]:
        request = urllib.request.Request(base + "/_zenlocal/console" + path,
                                         headers={"Authorization": "Bearer " + ADMIN_TOKEN})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'self';")


# --- pages show what the API answers ------------------------------------------------------

def test_accounts_page_shows_each_balance(site, data, browser):
    base, _, _ = site
    page(browser, base, "")
    row = browser.find_element(By.CSS_SELECTOR,
                               "tr[data-account='%s']" % data["account"]["accountId"])
    assert money(row.find_element(By.CSS_SELECTOR, "data.money")) == \
        Decimal(str(balance(data["credential"], data["config"])))
    assert row.find_element(By.TAG_NAME, "a").text == data["account"]["accountId"]


def test_account_page_shows_balance_chart_and_instances(site, data, browser):
    base, control_plane, _ = site
    account_id = data["account"]["accountId"]
    page(browser, base, "/accounts/" + account_id)
    shown = money(browser.find_element(By.CSS_SELECTOR, "#balance data.money"))
    assert shown == Decimal(str(balance(data["credential"], data["config"])))
    assert browser.find_element(By.ID, "instance-count").text == "2"
    # The chart marks each entry of the transaction history that pays an order.
    charged = [e.orderSn for e in history(data["credential"], data["config"]).dataSet
               if e.orderSn]
    marks = browser.find_elements(By.CSS_SELECTOR, "#balance-chart circle.mark")
    assert sorted(m.get_attribute("data-order") for m in marks) == sorted(charged)
    assert marks
    for service, client, instance_id in ((BMC_2026, data["bmc"], data["bmc_id"]),
                                         (VM_2026, data["vm"], data["vm_id"])):
        row = browser.find_element(By.CSS_SELECTOR, "tr[data-instance='%s']" % instance_id)
        described = describe(service, client, instance_id)
        assert row.find_element(By.CSS_SELECTOR, "td.status").text.split("\n")[0] == \
            described.instanceStatus
    pending = browser.find_element(
        By.CSS_SELECTOR, "tr[data-instance='%s'] td.pending" % data["bmc_id"])
    expiry = describe(BMC_2026, data["bmc"], data["bmc_id"]).expiredTime
    assert pending.text == "Bandwidth → 15 Mbps WaitToEnable from %s" % expiry
    screenshot(browser.find_element(By.ID, "balance-chart"), "console-balance-chart.png")


def test_instance_page_shows_plan_and_timeline(site, data, browser):
    base, control_plane, _ = site
    page(browser, base, "/instances/" + data["bmc_id"])
    described = describe(BMC_2026, data["bmc"], data["bmc_id"])
    assert browser.find_element(By.ID, "status").text == described.instanceStatus
    assert browser.find_element(By.ID, "expires").text == described.expiredTime
    bandwidth = browser.find_element(By.CSS_SELECTOR, "#plan tr[data-item='Bandwidth']")
    assert [c.text for c in bandwidth.find_elements(By.TAG_NAME, "td")] == \
        ["%d Mbps" % described.bandwidthOutMbps, "Bandwidth → 15 Mbps", "WaitToEnable",
         described.expiredTime]
    timeline = browser.find_element(By.ID, "timeline").text
    for order in api_orders(control_plane, instanceId=data["bmc_id"]):
        assert order["orderNumber"] in timeline
    assert "Scheduled: Bandwidth → 15 Mbps" in timeline
    assert "Next renewal: USD" in timeline


def test_orders_page_lists_the_api_orders_and_exports_them(site, data, browser):
    base, control_plane, _ = site
    account_id = data["account"]["accountId"]
    page(browser, base, "/orders?accountId=" + account_id)
    listed = api_orders(control_plane, accountId=account_id)
    rows = browser.find_elements(By.CSS_SELECTOR, "#orders tbody tr")
    assert [r.get_attribute("data-order") for r in rows] == [o["orderNumber"] for o in listed]
    for row, order in zip(rows, listed):
        assert money(row.find_element(By.CSS_SELECTOR, "data.money")) == Decimal(order["amount"])
    # Filtering by kind keeps the bandwidth order only.
    form = browser.find_element(By.CSS_SELECTOR, "form[aria-label='Filter orders']")
    Select(form.find_element(By.NAME, "kind")).select_by_value("BANDWIDTH")
    wait_for_reload(browser, lambda: submit(form))
    rows = browser.find_elements(By.CSS_SELECTOR, "#orders tbody tr")
    assert [r.get_attribute("data-order") for r in rows] == [data["downgrade"]]
    # The export of the unfiltered list is the control plane's answer, field for field.
    page(browser, base, "/orders?accountId=" + account_id)
    href = browser.find_element(By.ID, "orders-csv").get_attribute("href")
    text = browser.execute_async_script(
        "fetch(arguments[0]).then(r => r.text()).then(arguments[1])", href)
    exported = list(csv.DictReader(io.StringIO(text)))
    assert exported == [{k: ("" if v is None else v) for k, v in o.items()} for o in listed]


def test_ledger_page_lists_the_transaction_history(site, data, browser):
    base, _, _ = site
    page(browser, base, "/ledger?accountId=" + data["account"]["accountId"])
    rows = browser.find_elements(By.CSS_SELECTOR, "#ledger tbody tr")
    entries = history(data["credential"], data["config"]).dataSet
    assert len(rows) == len(entries)
    shown = sorted(
        (row.find_elements(By.TAG_NAME, "td")[4].text,
         money(row.find_elements(By.CSS_SELECTOR, "data.money")[1]))
        for row in rows)
    api = sorted((e.orderSn or "—", Decimal(str(e.cashBalance)).quantize(Decimal("0.01")))
                 for e in entries)
    assert shown == api


def test_catalog_page_shows_the_catalog(site, browser):
    base, control_plane, _ = site
    catalog = control_plane.get("/catalog")
    page(browser, base, "/catalog")
    for service in ("bmc", "vm"):
        rows = browser.find_elements(By.CSS_SELECTOR, "#%s-offers tbody tr" % service)
        assert len(rows) == len(catalog[service]["offers"])
        for row, offer in zip(rows, catalog[service]["offers"]):
            assert row.find_element(By.TAG_NAME, "th").text == offer["product"]
            assert money(row.find_element(By.CSS_SELECTOR, "data.money")) == \
                Decimal(str(offer["monthly_price"]))


# --- made for people ----------------------------------------------------------------------

def all_pages(data, extra):
    other = "/accounts/" + extra["account"]["accountId"]
    return ["", "/accounts/" + data["account"]["accountId"], "/instances/" + data["bmc_id"],
            "/instances/" + data["vm_id"], "/orders", "/ledger?accountId="
            + data["account"]["accountId"], "/catalog", other + "/networks", other + "/disks",
            "/accounts/" + extra["clocked"]["accountId"], "/clocks", "/requests", "/faults",
            "/snapshots"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_in_both_colour_schemes(site, data, extra, browser, scheme):
    """D-197: no violation of axe-core's WCAG 2 A and AA rules (labels, contrast, names,
    landmarks...) on any page, in the light and the dark scheme."""
    base, _, _ = site
    if not AXE_JS.is_file():
        pytest.fail("axe-core is missing at %s (compat/run.sh installs it with npm)" % AXE_JS)
    source = AXE_JS.read_text()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        for path in all_pages(data, extra):
            page(browser, base, path)
            browser.execute_script(source)
            result = browser.execute_async_script(
                "axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => arguments[0]("
                "r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))))")
            assert result == [], (path, scheme, result)
            if path.startswith("/instances/") and scheme == "dark":
                screenshot(browser.find_element(By.TAG_NAME, "main"),
                           "console-instance-%s.png" % scheme)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_no_page_requests_anything_from_elsewhere(site, data, extra, browser):
    """D-197: everything a page loads comes from the server itself."""
    base, _, _ = site
    for path in all_pages(data, extra):
        page(browser, base, path)
        loaded = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert loaded, path  # the style sheet and the script at least
        assert [u for u in loaded if not u.startswith(base + "/")] == [], (path, loaded)


@pytest.mark.parametrize("which", ["account", "faults", "snapshots"])
def test_every_control_is_reachable_by_keyboard(site, data, extra, browser, which):
    """D-197: Tab walks through the page's links, fields and buttons, each with a visible
    focus ring."""
    base, _, _ = site
    path = {"account": "/accounts/" + data["account"]["accountId"], "faults": "/faults",
            "snapshots": "/snapshots"}[which]
    page(browser, base, path)
    seen = []
    for _ in range(120):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        if focused.tag_name == "body" or (seen and focused.get_attribute("class") == "skip"):
            break
        assert focused.value_of_css_property("outline-style") == "solid", \
            focused.get_attribute("outerHTML")[:160]
        seen.append(focused.tag_name)
    assert {"a", "input", "button"} <= set(seen), seen


# --- actions go through the control plane -------------------------------------------------

def clock_now(control_plane):
    return parse_instant(control_plane.get("/clock")["now"])


def test_deposit_and_create_account(site, data, browser):
    base, control_plane, domain = site
    account_id = data["account"]["accountId"]
    before = Decimal(str(balance(data["credential"], data["config"])))
    page(browser, base, "/accounts/" + account_id)
    form = browser.find_element(By.ID, "deposit")
    form.find_element(By.NAME, "amount").send_keys("12.34")
    wait_for_reload(browser, lambda: submit(form))
    after = Decimal(str(balance(data["credential"], data["config"])))
    assert after - before == Decimal("12.34")
    assert money(browser.find_element(By.CSS_SELECTOR, "#balance data.money")) == after

    # A bad amount is refused as the control plane refuses it, and changes nothing.
    with pytest.raises(ControlPlaneError) as refused:
        control_plane.post("/accounts/%s/deposit" % account_id, {"amount": "-5"})
    expected = json.loads(refused.value.body)
    form = browser.find_element(By.ID, "deposit")
    form.find_element(By.NAME, "amount").send_keys("-5")
    submit(form)
    output = form.find_element(By.TAG_NAME, "output")
    WebDriverWait(output, WAIT_SECONDS).until(lambda o: "failed" in o.get_attribute("class"))
    assert output.text == "%s: %s" % (expected["code"], expected["message"])
    assert Decimal(str(balance(data["credential"], data["config"]))) == after

    page(browser, base, "")
    form = browser.find_element(By.ID, "create-account")
    form.find_element(By.NAME, "name").send_keys("made-in-the-console")
    balance_field = form.find_element(By.NAME, "balance")
    balance_field.clear()
    balance_field.send_keys("250.50")
    submit(form)
    answer = shown_answer(form)
    assert answer["name"] == "made-in-the-console"
    credential = Credential(answer["accessKeyId"], answer["accessKeyPassword"])
    assert balance(credential, data["config"]) == 250.5


def test_advance_buttons_move_the_clock(site, data, browser):
    base, control_plane, _ = site
    page(browser, base, "")
    start = clock_now(control_plane)
    for label, seconds in (("+1 hour", 3600), ("+1 day", 86400)):
        button = browser.find_element(By.XPATH, "//button[normalize-space()='%s']" % label)
        wait_for_reload(browser, button.click)
        now = clock_now(control_plane)
        assert (now - start).total_seconds() == seconds
        assert browser.find_element(By.ID, "clock-now").text == control_plane.get("/clock")["now"]
        start = now
    button = browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'To next event')]")
    due = button.text.split("(")[1].rstrip(")")
    wait_for_reload(browser, button.click)
    assert control_plane.get("/clock")["now"] == due


def test_advance_to_cycle_end_renews_at_the_price_shown(site, data, browser):
    """D-195: the next renewal's price shown ahead is what the cycle end charges, after
    the scheduled downgrade applies."""
    base, control_plane, _ = site
    page(browser, base, "/instances/" + data["bmc_id"])
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-instance-timeline.png",
               readme=True)
    price = money(browser.find_element(By.CSS_SELECTOR, "#renewal-price data.money"))
    expiry = describe(BMC_2026, data["bmc"], data["bmc_id"]).expiredTime
    button = browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Advance to the cycle end')]")
    wait_for_reload(browser, button.click)
    assert control_plane.get("/clock")["now"] == expiry
    (renewal,) = [o for o in api_orders(control_plane, instanceId=data["bmc_id"])
                  if o["kind"] == "RENEW"]
    assert Decimal(renewal["amount"]) == price
    assert describe(BMC_2026, data["bmc"], data["bmc_id"]).bandwidthOutMbps == 15
    assert renewal["orderNumber"] in browser.find_element(By.ID, "timeline").text
    page(browser, base, "/accounts/" + data["account"]["accountId"])
    screenshot(browser.find_element(By.ID, "balance-chart"), "console-balance-chart.png",
               readme=True)


# --- traffic, networks, disks, the journal, faults, snapshots, test clocks ----------------

def test_traffic_used_is_shown_against_the_package(site, extra, browser):
    """What `POST /_zenlocal/instances/{id}/traffic` answered: the period's outbound GB
    against the package's allowance, on the account's instance list and the instance."""
    base, control_plane, _ = site
    usage = control_plane.post("/instances/%s/traffic" % extra["instance_id"],
                               {"outGb": "2100.5"})
    assert usage["overageGb"] != "0"
    page(browser, base, "/accounts/" + extra["account"]["accountId"])
    cell = browser.find_element(
        By.CSS_SELECTOR, "tr[data-instance='%s'] td.traffic" % extra["instance_id"])
    shown = (cell.find_element(By.CSS_SELECTOR, "data.used").get_attribute("value"),
             cell.find_element(By.CSS_SELECTOR, "data.allowance").get_attribute("value"))
    assert shown == (usage["cycleOutGb"], usage["allowanceGb"])
    assert cell.text.startswith("%s GB of %s GB" % shown)
    page(browser, base, "/instances/" + extra["instance_id"])
    traffic = browser.find_element(By.ID, "traffic")
    assert traffic.find_element(By.CSS_SELECTOR, "data.used").get_attribute("value") == \
        usage["cycleOutGb"]
    assert traffic.find_element(By.CSS_SELECTOR, "data.overage").get_attribute("value") == \
        usage["overageGb"]
    screenshot(traffic, "console-traffic.png")


def test_networks_page_shows_the_accounts_addresses_vpcs_subnets_and_groups(site, extra, browser):
    base, _, _ = site
    bmc, vm = extra["bmc"], extra["vm"]
    page(browser, base, "/accounts/%s/networks" % extra["account"]["accountId"])
    (eip,) = bmc.DescribeEipAddresses(BMC_2026.request(
        "DescribeEipAddressesRequest", eipIds=[extra["eip_id"]])).dataSet
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-ip-block='%s']" % eip.eipId)
    assert row.find_element(By.CSS_SELECTOR, "td.net").text == eip.ipAddress
    assert row.find_element(By.CSS_SELECTOR, "td.status").text == eip.eipStatus
    (block,) = bmc.DescribeCidrBlocks(BMC_2026.request(
        "DescribeCidrBlocksRequest", cidrBlockIds=[extra["block_id"]])).dataSet
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-ip-block='%s']" % block.cidrBlockId)
    assert row.find_element(By.CSS_SELECTOR, "td.net").text == block.cidrBlock
    assert row.find_element(By.CSS_SELECTOR, "td.status").text == block.status
    vpcs = bmc.DescribeVpcs(BMC_2026.request("DescribeVpcsRequest")).dataSet
    shown = browser.find_elements(By.CSS_SELECTOR, "#vpcs tbody tr")
    assert [(r.get_attribute("data-vpc"), r.find_element(By.CSS_SELECTOR, "td.cidr").text)
            for r in shown] == [(v.vpcId, v.cidrBlock) for v in vpcs]
    assert [v.vpcId for v in vpcs] == [extra["vpc_id"]]
    for service, client, version in (("bmc", bmc, BMC_2026), ("vm", vm, VM_2026)):
        subnets = client.DescribeSubnets(version.request("DescribeSubnetsRequest")).dataSet
        shown = browser.find_elements(
            By.CSS_SELECTOR, "#subnets tbody tr[data-service='%s']" % service)
        assert [(r.get_attribute("data-subnet"),
                 r.find_element(By.CSS_SELECTOR, "td.cidr").text) for r in shown] == \
            [(n.subnetId, n.cidrBlock) for n in subnets]
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-subnet='%s']" % extra["bmc_subnet_id"])
    assert row.find_element(By.CSS_SELECTOR, "td.vpc").text == extra["vpc_id"]
    assert extra["subnet_id"] in [r.get_attribute("data-subnet") for r in browser.find_elements(
        By.CSS_SELECTOR, "#subnets tbody tr[data-service='vm']")]
    groups = vm.DescribeSecurityGroups(VM_2026.request("DescribeSecurityGroupsRequest")).dataSet
    shown = browser.find_elements(By.CSS_SELECTOR, "#security-groups tbody tr")
    assert sorted(r.get_attribute("data-security-group") for r in shown) == \
        sorted(g.securityGroupId for g in groups)
    row = browser.find_element(By.CSS_SELECTOR,
                               "tr[data-security-group='%s']" % extra["group_id"])
    (group,) = [g for g in groups if g.securityGroupId == extra["group_id"]]
    assert row.find_element(By.CSS_SELECTOR, "td.rules").text.split("\n") == [
        "%s %s %s %s %s (priority %d)" % (r.direction, r.policy, r.ipProtocol, r.portRange,
                                         r.cidrIp, r.priority) for r in group.ruleInfos]
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-networks.png")


def test_disks_page_shows_the_accounts_disks(site, extra, browser):
    base, _, _ = site
    page(browser, base, "/accounts/%s/disks" % extra["account"]["accountId"])
    disks = extra["vm"].DescribeDisks(VM_2026.request("DescribeDisksRequest")).dataSet
    assert disks
    shown = {r.get_attribute("data-disk"): (r.find_element(By.CSS_SELECTOR, "td.size").text,
                                            r.find_element(By.CSS_SELECTOR, "td.status").text)
             for r in browser.find_elements(By.CSS_SELECTOR, "#disks tbody tr")}
    assert shown == {d.diskId: (str(d.diskSize), d.diskStatus) for d in disks}
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-disks.png")


def test_requests_page_shows_the_journal(site, extra, browser):
    """The journal's entries of an account, newest first, as `GET /_zenlocal/requests`
    answers them (D-186)."""
    base, control_plane, _ = site
    account_id = extra["account"]["accountId"]
    journal = control_plane.get("/requests?accountId=" + account_id)["requests"]
    assert journal
    page(browser, base, "/requests?accountId=" + account_id)
    rows = browser.find_elements(By.CSS_SELECTOR, "#requests tbody tr")
    assert [r.get_attribute("data-request") for r in rows] == \
        [e["requestId"] for e in journal[:50]]
    first = rows[0]
    assert first.find_element(By.CSS_SELECTOR, "td.action").text.split("\n")[0] == \
        "%s %s" % (journal[0]["service"], journal[0]["action"])
    assert first.find_element(By.CSS_SELECTOR, "td.code").text.split("\n")[0] == \
        "%d %s" % (journal[0]["status"], journal[0]["code"])
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-requests.png")


def test_a_fault_rule_is_added_and_removed_in_the_console(site, extra, browser):
    """The form posts to `POST /_zenlocal/faults` and the button sends
    `DELETE /_zenlocal/faults/{id}` (D-196): the rule is listed by the API, fails the
    account's calls with its code until removed, and is gone after."""
    base, control_plane, _ = site
    account_id = extra["account"]["accountId"]
    before = {f["faultId"] for f in control_plane.get("/faults")["faults"]}
    page(browser, base, "/faults")
    form = browser.find_element(By.ID, "add-fault")
    Select(form.find_element(By.NAME, "service")).select_by_value("bmc")
    action = form.find_element(By.NAME, "action")
    action.clear()
    action.send_keys("DescribeInstances")
    form.find_element(By.NAME, "accountId").send_keys(account_id)
    form.find_element(By.NAME, "code").send_keys("INTERNAL_SERVER_ERROR")
    wait_for_reload(browser, lambda: submit(form))
    (added,) = [f for f in control_plane.get("/faults")["faults"] if f["faultId"] not in before]
    assert (added["service"], added["action"], added["accountId"], added["code"]) == \
        ("bmc", "DescribeInstances", account_id, "INTERNAL_SERVER_ERROR")
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-fault='%s']" % added["faultId"])
    assert row.find_element(By.CSS_SELECTOR, "td.effect").text == "answer INTERNAL_SERVER_ERROR"
    bmc = extra["bmc"]
    call = lambda: bmc.DescribeInstances(BMC_2026.request("DescribeInstancesRequest"))
    assert sdk_error(bmc, call) == ("INTERNAL_SERVER_ERROR", 500)
    page(browser, base, "/faults")
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-fault='%s']" % added["faultId"])
    (listed,) = [f for f in control_plane.get("/faults")["faults"]
                 if f["faultId"] == added["faultId"]]
    assert listed["injected"] >= 1
    assert row.find_element(By.CSS_SELECTOR, "td.injected").text == str(listed["injected"])
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-faults.png", readme=True)
    wait_for_reload(browser, lambda: submit(row))
    assert added["faultId"] not in {f["faultId"] for f in control_plane.get("/faults")["faults"]}
    assert call().totalCount == 1
    assert not browser.find_elements(By.CSS_SELECTOR, "tr[data-fault='%s']" % added["faultId"])


def test_a_refused_fault_rule_shows_the_control_planes_answer(site, browser):
    """A rule with no effect is refused by `POST /_zenlocal/faults` as the API refuses it,
    shown in the form, and nothing is added."""
    base, control_plane, _ = site
    with pytest.raises(ControlPlaneError) as refused:
        control_plane.post("/faults", {"service": "vm", "action": "*"})
    expected = json.loads(refused.value.body)
    before = control_plane.get("/faults")["faults"]
    page(browser, base, "/faults")
    form = browser.find_element(By.ID, "add-fault")
    Select(form.find_element(By.NAME, "service")).select_by_value("vm")
    submit(form)
    output = form.find_element(By.TAG_NAME, "output")
    WebDriverWait(output, WAIT_SECONDS).until(lambda o: "failed" in o.get_attribute("class"))
    assert output.text == "%s: %s" % (expected["code"], expected["message"])
    assert control_plane.get("/faults")["faults"] == before


def test_a_renewal_fault_is_added_and_removed_in_the_console(site, extra, browser):
    """D-191 through the same endpoint: `{"kind": "renewalFails", "instanceId"}`."""
    base, control_plane, _ = site
    page(browser, base, "/faults")
    form = browser.find_element(By.ID, "add-service-fault")
    form.find_element(By.NAME, "instanceId").send_keys(extra["instance_id"])
    wait_for_reload(browser, lambda: submit(form))
    (added,) = [f for f in control_plane.get("/faults")["faults"]
                if f.get("kind") == "renewalFails"]
    assert added["instanceId"] == extra["instance_id"]
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-fault='%s']" % added["faultId"])
    wait_for_reload(browser, lambda: submit(row))
    assert [f for f in control_plane.get("/faults")["faults"]
            if f.get("kind") == "renewalFails"] == []


def test_a_snapshot_is_taken_and_restored_in_the_console(site, extra, browser):
    """`POST /_zenlocal/snapshots` and `POST /_zenlocal/snapshots/{name}/restore` (D-196):
    a deposit made after the snapshot is gone once it is restored."""
    base, control_plane, _ = site
    account_id = extra["account"]["accountId"]
    credential, config = extra["credential"], extra["config"]
    before = Decimal(str(balance(credential, config)))
    page(browser, base, "/snapshots")
    form = browser.find_element(By.ID, "take-snapshot")
    form.find_element(By.NAME, "name").send_keys("console-before-deposit")
    wait_for_reload(browser, lambda: submit(form))
    (taken,) = [s for s in control_plane.get("/snapshots")["snapshots"]
                if s["name"] == "console-before-deposit"]
    assert taken["now"] == control_plane.get("/clock")["now"]
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-snapshot='console-before-deposit']")
    assert row.find_element(By.CSS_SELECTOR, "td.held time").get_attribute("datetime") == \
        taken["now"]
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-snapshots.png")
    control_plane.post("/accounts/%s/deposit" % account_id, {"amount": "7.00"})
    assert Decimal(str(balance(credential, config))) == before + 7
    restore = row.find_element(By.XPATH, ".//button[normalize-space()='Restore']")
    wait_for_reload(browser, restore.click)
    assert Decimal(str(balance(credential, config))) == before
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-snapshot='console-before-deposit']")
    delete = row.find_element(By.XPATH, ".//button[normalize-space()='Delete']")
    wait_for_reload(browser, delete.click)
    assert "console-before-deposit" not in [
        s["name"] for s in control_plane.get("/snapshots")["snapshots"]]


def test_a_test_clock_is_shown_and_advanced_in_the_console(site, extra, browser):
    """The test clocks page shows each clock as `GET /_zenlocal/clocks` does, and its
    buttons post to `POST /_zenlocal/clocks/{id}/advance` (D-183): the global clock stays."""
    base, control_plane, _ = site
    clock_id = extra["clock"]["clockId"]

    def api_clock():
        (found,) = [c for c in control_plane.get("/clocks")["clocks"]
                    if c["clockId"] == clock_id]
        return found

    global_now = control_plane.get("/clock")["now"]
    page(browser, base, "/clocks")
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-clock='%s']" % clock_id)
    start = api_clock()["now"]
    assert row.find_element(By.CSS_SELECTOR, "td.clock-now time").get_attribute("datetime") == start
    assert row.find_element(By.CSS_SELECTOR, "td.accounts").text == extra["clocked"]["accountId"]
    page(browser, base, "")
    clocks = {r.get_attribute("data-account"): r.find_element(By.CSS_SELECTOR, "td.clock").text
              for r in browser.find_elements(By.CSS_SELECTOR, "#accounts tbody tr")}
    assert clocks[extra["clocked"]["accountId"]] == "console-clock"
    assert clocks[extra["account"]["accountId"]] == "global"
    page(browser, base, "/clocks")
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-clock='%s']" % clock_id)
    screenshot(browser.find_element(By.TAG_NAME, "main"), "console-clocks.png")
    button = row.find_element(By.XPATH, ".//button[normalize-space()='console-clock: +1 day']")
    wait_for_reload(browser, button.click)
    assert (parse_instant(api_clock()["now"]) - parse_instant(start)).total_seconds() == 86400
    assert control_plane.get("/clock")["now"] == global_now
    # The account on it shows its clock, with the same advances.
    page(browser, base, "/accounts/" + extra["clocked"]["accountId"])
    assert browser.find_element(By.ID, "account-clock-now").get_attribute("datetime") == \
        api_clock()["now"]
    button = browser.find_element(By.XPATH, "//button[normalize-space()='console-clock: +1 hour']")
    before = parse_instant(api_clock()["now"])
    wait_for_reload(browser, button.click)
    assert (parse_instant(api_clock()["now"]) - before).total_seconds() == 3600
    # A test clock made by the form is the one `POST /_zenlocal/clocks` makes.
    page(browser, base, "/clocks")
    form = browser.find_element(By.ID, "create-clock")
    form.find_element(By.NAME, "name").send_keys("made-in-the-console")
    form.find_element(By.NAME, "frozenTime").send_keys("2027-03-01T00:00:00Z")
    wait_for_reload(browser, lambda: submit(form))
    (made,) = [c for c in control_plane.get("/clocks")["clocks"]
               if c["name"] == "made-in-the-console"]
    assert made["now"] == "2027-03-01T00:00:00Z"
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-clock='%s']" % made["clockId"])
    assert row.find_element(By.CSS_SELECTOR, "td.clock-now time").get_attribute("datetime") == \
        made["now"]


def test_an_instance_on_a_test_clock_advances_that_clock_to_its_cycle_end(site, extra,
                                                                          browser):
    """The instance of an account on a test clock lives at that clock's now, and its
    cycle-end button posts to `POST /_zenlocal/clocks/{id}/advance` (D-181, D-183): the
    instance renews at the price shown, and the global clock stays."""
    base, control_plane, _ = site
    clock_id, instance_id = extra["clock"]["clockId"], extra["clocked_id"]

    def clock_now():
        (found,) = [c for c in control_plane.get("/clocks")["clocks"]
                    if c["clockId"] == clock_id]
        return found["now"]

    global_now = control_plane.get("/clock")["now"]
    page(browser, base, "/instances/" + instance_id)
    assert browser.find_element(By.CSS_SELECTOR, "#instance-clock time").get_attribute(
        "datetime") == clock_now()
    now = browser.find_element(By.CSS_SELECTOR, "#timeline li.now time")
    assert now.get_attribute("datetime") == clock_now()
    price = money(browser.find_element(By.CSS_SELECTOR, "#renewal-price data.money"))
    expiry = describe(BMC_2026, extra["clocked_bmc"], instance_id).expiredTime
    button = browser.find_element(
        By.XPATH, "//button[starts-with(normalize-space(), 'Advance to the cycle end')]")
    wait_for_reload(browser, button.click)
    assert clock_now() == expiry
    assert control_plane.get("/clock")["now"] == global_now
    (renewal,) = [o for o in api_orders(control_plane, instanceId=instance_id)
                  if o["kind"] == "RENEW"]
    assert Decimal(renewal["amount"]) == price
