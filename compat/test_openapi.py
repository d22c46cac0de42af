"""The served OpenAPI document (`GET /_zenlocal/openapi.json`) is valid OpenAPI 3.1 and
describes every action of every service in every version the server answers."""

import json
import urllib.request

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

# What the official SDK's packages call, per service: (versions, actions).
SERVICES = {
    "bmc": (["2022-11-20", "2026-02-01"], [
        "DescribeZones", "DescribeInstanceTypes", "DescribeAvailableResources", "DescribeImages",
        "CreateInstances", "DescribeInstances", "StartInstances", "StopInstances",
        "TerminateInstance", "ReleaseInstances", "InquiryPriceCreateInstance",
        "ModifyInstanceBandwidth", "CancelInstanceBandwidthDowngrade",
        "CancelInstanceBandwidthDowndegrade", "InquiryPriceInstanceBandwidth",
        "ModifyInstanceTrafficPackage", "CancelInstanceTrafficPackageDowngrade",
        "InquiryPriceInstanceTrafficPackage", "DescribeInstanceInternetStatus",
    ]),
    "vm": (["2023-03-13", "2026-04-01"], [
        "DescribeZones", "DescribeZoneInstanceConfigInfos", "DescribeImages", "CreateInstances",
        "DescribeInstances", "StartInstances", "StopInstances", "TerminateInstance",
        "ReleaseInstances", "InquiryPriceCreateInstance", "ModifyInstanceBandwidth",
        "CancelInstanceBandwidthDowngrade", "InquiryPriceInstanceBandwidth",
        "ModifyInstanceTrafficPackage", "CancelInstanceTrafficPackageDowngrade",
        "InquiryPriceInstanceTrafficPackage", "DescribeInstanceInternetStatus",
        "ModifyInstanceType", "CancelInstanceDowngrade", "DescribeInstanceTypeStatus",
    ]),
    "zbc": (["2024-08-09"], ["DescribeCustomerBalance", "DescribeTransactionHistory"]),
}


def _served(domain):
    with urllib.request.urlopen("http://%s/_zenlocal/openapi.json" % domain, timeout=10) as answer:
        assert answer.status == 200
        return json.load(answer)


def test_the_served_document_is_valid_openapi_3_1(domain):
    document = _served(domain)
    assert document["openapi"] == "3.1.0"
    validate(document, cls=OpenAPIV31SpecValidator)


def test_it_lists_every_action_of_every_service_in_every_version(domain):
    paths = _served(domain)["paths"]
    listed = set()
    for key, item in paths.items():
        operation = item["post"]
        service, action = operation["operationId"].split(".")
        assert key == "/api/v2/%s#%s" % (service, action)
        headers = {p["name"]: p for p in operation["parameters"]}
        assert headers["X-ZC-Action"]["schema"]["const"] == action
        assert headers["X-ZC-Version"]["schema"]["enum"] == SERVICES[service][0], key
        assert "application/json" in operation["requestBody"]["content"]
        assert "200" in operation["responses"]
        listed.add((service, action))
    expected = {(s, a) for s, (_, actions) in SERVICES.items() for a in actions}
    assert listed == expected
