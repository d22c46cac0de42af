"""The web console (docs/decisions.md D-193 to D-197) in real headless Chromium.

A server of its own, with an admin token, a frozen clock and no provisioning delays, gets
its data through the official SDK and the control plane; the browser signs in with
`?token=` once (D-194), then every page is opened and what it shows is compared with the
API's answers; every action is done by its button and its effect read back through the
API. Each page is checked against axe-core's WCAG 2 A/AA rules in the light and the dark
scheme, and for requests to anything but the server itself. Screenshots go to
target/console-screenshots/; with ZENLOCAL_UPDATE_SCREENSHOTS=1 the README's two are
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
from plan_support import (BMC_2026, VM_2026, balance, create_instance, describe, history,
                          parse_instant)

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


def test_pages_say_nothing_may_come_from_elsewhere(site, data):
    """Every page and asset carries `default-src 'self'` (D-197)."""
    base, _, _ = site
    for path in ("", "/accounts/" + data["account"]["accountId"], "/instances/" + data["bmc_id"],
                 "/orders", "/ledger", "/catalog", "/assets/console.css", "/assets/console.js"):
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

def all_pages(data):
    return ["", "/accounts/" + data["account"]["accountId"], "/instances/" + data["bmc_id"],
            "/instances/" + data["vm_id"], "/orders", "/ledger?accountId="
            + data["account"]["accountId"], "/catalog"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_in_both_colour_schemes(site, data, browser, scheme):
    """D-197: no violation of axe-core's WCAG 2 A and AA rules (labels, contrast, names,
    landmarks...) on any page, in the light and the dark scheme."""
    base, _, _ = site
    if not AXE_JS.is_file():
        pytest.fail("axe-core is missing at %s (compat/run.sh installs it with npm)" % AXE_JS)
    source = AXE_JS.read_text()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        for path in all_pages(data):
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


def test_no_page_requests_anything_from_elsewhere(site, data, browser):
    """D-197: everything a page loads comes from the server itself."""
    base, _, _ = site
    for path in all_pages(data):
        page(browser, base, path)
        loaded = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert loaded, path  # the style sheet and the script at least
        assert [u for u in loaded if not u.startswith(base + "/")] == [], (path, loaded)


def test_every_control_is_reachable_by_keyboard(site, data, browser):
    """D-197: Tab walks through the page's links, fields and buttons, each with a visible
    focus ring."""
    base, _, _ = site
    page(browser, base, "/accounts/" + data["account"]["accountId"])
    seen = []
    for _ in range(80):
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
