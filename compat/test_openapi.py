"""The served OpenAPI document (`GET /_zenlocal/openapi.json`) is valid OpenAPI 3.1 and
describes every action of every service in every version the server answers it in."""

import json
import urllib.request

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
from zenlayercloud.bmc.v20221120 import bmc_client as bmc_2022_client
from zenlayercloud.bmc.v20260201 import bmc_client as bmc_2026_client
from zenlayercloud.vm.v20230313 import vm_client as vm_2023_client
from zenlayercloud.vm.v20260401 import vm_client as vm_2026_client

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
        "RebootInstances", "ReinstallInstance", "ModifyInstancesAttribute",
        "ModifyInstancesResourceGroup", "RenewInstance", "DescribeManagedInstances",
        "DescribeInstanceIpmiUrl", "ResetInstanceIpmiPassword",
        "DescribeInstanceTraffic", "DescribeManagedInstanceTraffic", "DescribeInstancesMonitorHealth",
        "AllocateEipAddresses", "DescribeEipAddresses", "DescribeEipAvailableResources",
        "DescribeInstanceAvailableEipResources", "InquiryPriceCreateEipAddress",
        "AssociateEipAddress", "UnAssociateEipAddress", "RenewEipAddress",
        "ModifyEipAddressesResourceGroup", "TerminateEipAddress", "ReleaseEipAddresses",
        "CreateIpv4Block", "CreateIpv6Block", "CreateByoip", "InquiryPriceCreateIpv4Block",
        "DescribeAvailableIpv4Resources", "DescribeAvailableIpv6Resources", "DescribeCidrBlocks",
        "DescribeCidrBlockIps", "DescribeInstanceAvailableCidrBlock", "BindCidrBlockIps",
        "UnbindCidrBlockIps", "ModifyCidrBlocksAttribute", "RenewCidrBlock", "TerminateCidrBlock",
        "ReleaseCidrBlocks",
        "DescribeVpcAvailableRegions", "CreateVpc", "DescribeVpcs", "ModifyVpcsAttribute",
        "DeleteVpc", "DescribeSubnetAvailableResources", "CreateSubnet", "DescribeSubnets",
        "ModifySubnetsAttribute", "DeleteSubnet", "AssociateSubnetInstances",
        "UnAssociateSubnetInstance", "AssociateVpcSubnet",
    ]),
    "vm": (["2023-03-13", "2026-04-01"], [
        "DescribeZones", "DescribeZoneInstanceConfigInfos", "DescribeImages", "CreateInstances",
        "DescribeInstances", "StartInstances", "StopInstances", "TerminateInstance",
        "ReleaseInstances", "InquiryPriceCreateInstance", "ModifyInstanceBandwidth",
        "CancelInstanceBandwidthDowngrade", "InquiryPriceInstanceBandwidth",
        "ModifyInstanceTrafficPackage", "CancelInstanceTrafficPackageDowngrade",
        "InquiryPriceInstanceTrafficPackage", "DescribeInstanceInternetStatus",
        "ModifyInstanceType", "CancelInstanceDowngrade", "DescribeInstanceTypeStatus",
        "ImportKeyPair", "DescribeKeyPairs", "ModifyKeyPairAttribute", "DeleteKeyPairs",
        "CreateSubnet", "DescribeSubnets", "ModifySubnetsAttribute", "DeleteSubnet",
        "CreateVpc", "DescribeVpcs", "ModifyVpcsAttribute", "DeleteVpc", "CreateVpcSubnet",
        "DescribeVpcSubnets", "ModifyVpcSubnetsAttribute", "DeleteVpcSubnet",
        "CreateSecurityGroup", "DescribeSecurityGroups", "ModifySecurityGroupsAttribute",
        "DeleteSecurityGroup", "AuthorizeSecurityGroupRule", "AuthorizeSecurityGroupRules",
        "ConfigureSecurityGroupRules", "RevokeSecurityGroupRules",
        "AssociateSecurityGroupInstance", "UnAssociateSecurityGroupInstance",
        "DescribeInstanceAvailableSecurityGroupResources",
        "CreateImage", "DescribeImageQuota", "ModifyImagesAttributes", "DeleteImages",
        "RebootInstances", "ResetInstance", "ResetInstancesPassword", "ModifyInstancesAttribute",
        "ModifyInstancesResourceGroup", "DescribeInstancesStatus", "DescribeVncUrl",
        "DescribeVmInventoryCapacity",
        "DescribeInstanceTraffic", "DescribeInstanceCpuMonitor",
        "CreateDisks", "InquiryPriceCreateDisks", "DescribeDisks", "DescribeDiskCategory",
        "AttachDisks", "DetachDisks", "ChangeDisksAttach", "ModifyDisksAttributes",
        "ModifyDisksResourceGroup", "ResizeDisk", "RenewDisk", "TerminateDisk", "ReleaseDisk",
    ]),
    "zbc": (["2024-08-09"], [
        "DescribeCustomerBalance", "DescribeTransactionHistory", "DescribeBillDetail",
        "DescribeMonthlyBillSummary", "DescribeRechargeRefundHistory",
    ]),
}

# The actions some versions of their service lack (D-104): vm's key pairs and VPCs, which
# only the 2023-03-13 client of the SDK has, and what only the 2026 clients have.
ONLY_IN = {
    ("vm", action): (["2023-03-13"], vm_2023_client.VmClient, vm_2026_client.VmClient)
    for action in ("ImportKeyPair", "DescribeKeyPairs", "ModifyKeyPairAttribute", "DeleteKeyPairs",
                   "CreateVpc", "DescribeVpcs", "ModifyVpcsAttribute", "DeleteVpc",
                   "CreateVpcSubnet", "DescribeVpcSubnets", "ModifyVpcSubnetsAttribute",
                   "DeleteVpcSubnet")
}
ONLY_IN.update({
    ("vm", action): (["2026-04-01"], vm_2026_client.VmClient, vm_2023_client.VmClient)
    for action in ("DescribeVncUrl", "DescribeVmInventoryCapacity")
})
ONLY_IN.update({
    ("bmc", action): (["2026-02-01"], bmc_2026_client.BmcClient, bmc_2022_client.BmcClient)
    for action in ("DescribeInstanceIpmiUrl", "ResetInstanceIpmiPassword")
})


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
        versions = SERVICES[service][0]
        if (service, action) in ONLY_IN:
            versions, has_it, lacks_it = ONLY_IN[(service, action)]
            assert hasattr(has_it, action) and not hasattr(lacks_it, action), key
        assert headers["X-ZC-Version"]["schema"]["enum"] == versions, key
        assert "application/json" in operation["requestBody"]["content"]
        assert "200" in operation["responses"]
        listed.add((service, action))
    expected = {(s, a) for s, (_, actions) in SERVICES.items() for a in actions}
    assert listed == expected
