"""Read-only catalog actions of bmc and vm, in every supported version (D-1, D-9)."""

import re

import pytest
from zenlayercloud.bmc.v20221120 import bmc_client as bmc_2022_client, models as bmc_2022_models
from zenlayercloud.bmc.v20260201 import bmc_client as bmc_2026_client, models as bmc_2026_models
from zenlayercloud.vm.v20230313 import vm_client as vm_2023_client, models as vm_2023_models
from zenlayercloud.vm.v20260401 import vm_client as vm_2026_client, models as vm_2026_models

BMC_VERSIONS = [
    pytest.param(bmc_2022_client.BmcClient, bmc_2022_models, id="bmc-2022-11-20"),
    pytest.param(bmc_2026_client.BmcClient, bmc_2026_models, id="bmc-2026-02-01"),
]
VM_VERSIONS = [
    pytest.param(vm_2023_client.VmClient, vm_2023_models, id="vm-2023-03-13"),
    pytest.param(vm_2026_client.VmClient, vm_2026_models, id="vm-2026-04-01"),
]

INTERNET_CHARGE_TYPES = {
    "ByBandwidth", "ByTrafficPackage", "ByInstanceBandwidth95", "ByClusterBandwidth95",
    "ByBandwidthCluster", "BandwidthCluster",
}
SELL_STATUSES = {"SELL", "SELL_SHORTAGE", "SOLD_OUT"}
VM_MODEL_NAME = re.compile(r"^([a-z]+)\.(\d+)c(\d+)g$")


def _non_empty_string(value):
    return isinstance(value, str) and value.strip() != ""


def _zone_ids(client, models):
    return {zone.zoneId for zone in client.DescribeZones(models.DescribeZonesRequest()).zoneSet}


# --- zones -------------------------------------------------------------------------------

def test_bmc_zones_2022_11_20(demo_credential, config, raw_call):
    """bmc 2022-11-20 DescribeZones lists at least 3 filled zones, without the 2026 field
    `isByoipEnabled` on the wire."""
    client = bmc_2022_client.BmcClient(demo_credential, config)
    response = client.DescribeZones(bmc_2022_models.DescribeZonesRequest())
    assert len(response.zoneSet) >= 3
    for zone in response.zoneSet:
        assert _non_empty_string(zone.zoneId)
        assert _non_empty_string(zone.zoneName)
        assert _non_empty_string(zone.cityName)
        assert _non_empty_string(zone.areaName)
        assert isinstance(zone.isCloudRouterAvailable, bool)
    raw = raw_call(client, "DescribeZones", bmc_2022_models.DescribeZonesRequest())
    assert [zone.get("isByoipEnabled") for zone in raw["zoneSet"]] == [None] * len(raw["zoneSet"])


def test_bmc_zones_2026_02_01(demo_credential, config):
    """bmc 2026-02-01 DescribeZones lists the same zones as 2022-11-20, each carrying the
    boolean `isByoipEnabled` added in 2026."""
    client = bmc_2026_client.BmcClient(demo_credential, config)
    response = client.DescribeZones(bmc_2026_models.DescribeZonesRequest())
    assert len(response.zoneSet) >= 3
    for zone in response.zoneSet:
        assert _non_empty_string(zone.zoneId)
        assert _non_empty_string(zone.zoneName)
        assert isinstance(zone.isByoipEnabled, bool)
    older = bmc_2022_client.BmcClient(demo_credential, config)
    assert {zone.zoneId for zone in response.zoneSet} == _zone_ids(older, bmc_2022_models)


def test_vm_zones_2023_03_13(demo_credential, config, raw_call):
    """vm 2023-03-13 DescribeZones lists at least 3 filled zones, without the 2026 field
    `networkLineType` on the wire."""
    client = vm_2023_client.VmClient(demo_credential, config)
    response = client.DescribeZones(vm_2023_models.DescribeZonesRequest())
    assert len(response.zoneSet) >= 3
    for zone in response.zoneSet:
        assert _non_empty_string(zone.zoneId)
        assert _non_empty_string(zone.zoneName)
        assert zone.supportNetworkType in {"CLASSICS", "VPC"}
        assert isinstance(zone.supportSecurityGroup, bool)
        assert isinstance(zone.supportIpv6, bool)
        assert isinstance(zone.supportCpuPassThrough, bool)
    raw = raw_call(client, "DescribeZones", vm_2023_models.DescribeZonesRequest())
    assert [zone.get("networkLineType") for zone in raw["zoneSet"]] == [None] * len(raw["zoneSet"])


def test_vm_zones_2026_04_01(demo_credential, config):
    """vm 2026-04-01 DescribeZones lists the same zones as 2023-03-13, each carrying the
    `networkLineType` added in 2026."""
    client = vm_2026_client.VmClient(demo_credential, config)
    response = client.DescribeZones(vm_2026_models.DescribeZonesRequest())
    assert len(response.zoneSet) >= 3
    for zone in response.zoneSet:
        assert _non_empty_string(zone.zoneId)
        assert _non_empty_string(zone.zoneName)
        assert _non_empty_string(zone.networkLineType)
    older = vm_2023_client.VmClient(demo_credential, config)
    assert {zone.zoneId for zone in response.zoneSet} == _zone_ids(older, vm_2023_models)


@pytest.mark.parametrize("client_class, models", VM_VERSIONS)
def test_vm_zones_filter_by_zone_ids(demo_credential, config, client_class, models):
    """vm DescribeZones with `zoneIds` answers exactly the zone asked for."""
    client = client_class(demo_credential, config)
    wanted = sorted(_zone_ids(client, models))[0]
    request = models.DescribeZonesRequest()
    request.zoneIds = [wanted]
    assert [zone.zoneId for zone in client.DescribeZones(request).zoneSet] == [wanted]


# --- bmc instance types, availability, images ----------------------------------------------

@pytest.mark.parametrize("client_class, models", BMC_VERSIONS)
def test_bmc_instance_types(demo_credential, config, client_class, models):
    """bmc DescribeInstanceTypes lists at least 4 types with their documented fields, and
    every image a type offers is one DescribeImages lists."""
    client = client_class(demo_credential, config)
    instance_types = client.DescribeInstanceTypes(models.DescribeInstanceTypesRequest()).instanceTypes
    image_ids = {image.imageId for image in client.DescribeImages(models.DescribeImagesRequest()).images}
    assert len(instance_types) >= 4
    assert len({instance_type.instanceTypeId for instance_type in instance_types}) == len(instance_types)
    for instance_type in instance_types:
        assert _non_empty_string(instance_type.instanceTypeId)
        assert _non_empty_string(instance_type.description)
        assert _non_empty_string(instance_type.cpuDetail)
        assert _non_empty_string(instance_type.baseFrequency)
        assert instance_type.cpuCoreCount > 0
        assert instance_type.cpuCores > 0
        assert instance_type.cpuThreads >= instance_type.cpuCores
        assert instance_type.memorySize > 0
        assert instance_type.maximumBandwidth > 0
        assert instance_type.supportRaids and set(instance_type.supportRaids) <= {0, 1, 5, 10}
        assert isinstance(instance_type.supportSubnet, bool)
        assert isinstance(instance_type.isHA, bool)
        assert instance_type.diskInfo.totalDiskSize > 0
        assert instance_type.diskInfo.disks
        assert instance_type.imageIds and set(instance_type.imageIds) <= image_ids


@pytest.mark.parametrize("client_class, models", BMC_VERSIONS)
def test_bmc_instance_types_filter_by_ids(demo_credential, config, client_class, models):
    """bmc DescribeInstanceTypes with `instanceTypeIds` answers exactly the types asked for."""
    client = client_class(demo_credential, config)
    all_ids = sorted(t.instanceTypeId for t in
                     client.DescribeInstanceTypes(models.DescribeInstanceTypesRequest()).instanceTypes)
    request = models.DescribeInstanceTypesRequest()
    request.instanceTypeIds = all_ids[:2]
    answered = client.DescribeInstanceTypes(request).instanceTypes
    assert sorted(t.instanceTypeId for t in answered) == all_ids[:2]


@pytest.mark.parametrize("client_class, models", BMC_VERSIONS)
def test_bmc_available_resources_prepaid(demo_credential, config, client_class, models):
    """bmc DescribeAvailableResources (PREPAID) lists offers of known zones and types with
    stock, sell status, internet charge types and free / maximum bandwidth (at least 4
    Mbps of room between them, D-9)."""
    client = client_class(demo_credential, config)
    zone_ids = _zone_ids(client, models)
    type_ids = {t.instanceTypeId for t in
                client.DescribeInstanceTypes(models.DescribeInstanceTypesRequest()).instanceTypes}
    request = models.DescribeAvailableResourcesRequest()
    request.instanceChargeType = "PREPAID"
    resources = client.DescribeAvailableResources(request).availableResources
    assert resources
    for resource in resources:
        assert resource.zoneId in zone_ids
        assert resource.instanceTypeId in type_ids
        assert resource.sellStatus in SELL_STATUSES
        assert resource.internetChargeTypes and set(resource.internetChargeTypes) <= INTERNET_CHARGE_TYPES
        assert isinstance(resource.qty, int) and resource.qty >= 0
        assert resource.defaultBandwidthOut >= 0
        assert resource.maximumBandwidthOut >= resource.defaultBandwidthOut + 4
        assert resource.defaultTrafficPackageSize >= 0
    assert {resource.zoneId for resource in resources} == zone_ids


@pytest.mark.parametrize("client_class, models", BMC_VERSIONS)
def test_bmc_available_resources_filter_by_zone(demo_credential, config, client_class, models):
    """bmc DescribeAvailableResources with `zoneId` answers only offers of that zone."""
    client = client_class(demo_credential, config)
    zone_id = sorted(_zone_ids(client, models))[0]
    request = models.DescribeAvailableResourcesRequest()
    request.instanceChargeType = "PREPAID"
    request.zoneId = zone_id
    resources = client.DescribeAvailableResources(request).availableResources
    assert resources
    assert {resource.zoneId for resource in resources} == {zone_id}


@pytest.mark.parametrize("client_class, models", BMC_VERSIONS)
def test_bmc_images(demo_credential, config, client_class, models):
    """bmc DescribeImages lists distinct images with id, name, catalog, type and OS type."""
    client = client_class(demo_credential, config)
    images = client.DescribeImages(models.DescribeImagesRequest()).images
    assert images
    assert len({image.imageId for image in images}) == len(images)
    for image in images:
        assert _non_empty_string(image.imageId)
        assert _non_empty_string(image.imageName)
        assert _non_empty_string(image.catalog)
        assert _non_empty_string(image.imageType)
        assert _non_empty_string(image.osType)


# --- vm models and images -------------------------------------------------------------------

@pytest.mark.parametrize("client_class, models", VM_VERSIONS)
def test_vm_zone_instance_config_infos_prepaid(demo_credential, config, client_class, models):
    """vm DescribeZoneInstanceConfigInfos (PREPAID) lists models of known zones with their
    documented fields; series c, g, m, s and h are sold, and one zone sells at least two
    sizes of series c (D-9)."""
    client = client_class(demo_credential, config)
    zone_ids = _zone_ids(client, models)
    request = models.DescribeZoneInstanceConfigInfosRequest()
    request.instanceChargeType = "PREPAID"
    items = client.DescribeZoneInstanceConfigInfos(request).instanceTypeQuotaSet
    assert items
    for item in items:
        assert item.zoneId in zone_ids
        assert VM_MODEL_NAME.match(item.instanceType), item.instanceType
        assert _non_empty_string(item.instanceTypeName)
        assert item.cpuCount > 0
        assert item.memory > 0
        assert _non_empty_string(item.frequency)
        assert item.internetMaxBandwidthOutLimit == -1 or item.internetMaxBandwidthOutLimit > 0
        assert item.internetChargeTypes and set(item.internetChargeTypes) <= INTERNET_CHARGE_TYPES
    series = {VM_MODEL_NAME.match(item.instanceType).group(1) for item in items}
    assert {"c", "g", "m", "s", "h"} <= series
    c_sizes_per_zone = {}
    for item in items:
        if item.instanceType.startswith("c."):
            c_sizes_per_zone.setdefault(item.zoneId, set()).add(item.instanceType)
    assert max(len(sizes) for sizes in c_sizes_per_zone.values()) >= 2


@pytest.mark.parametrize("client_class, models", VM_VERSIONS)
def test_vm_zone_instance_config_infos_filter_by_zone(demo_credential, config, client_class, models):
    """vm DescribeZoneInstanceConfigInfos with `zoneId` answers only models of that zone."""
    client = client_class(demo_credential, config)
    zone_id = sorted(_zone_ids(client, models))[0]
    request = models.DescribeZoneInstanceConfigInfosRequest()
    request.instanceChargeType = "PREPAID"
    request.zoneId = zone_id
    items = client.DescribeZoneInstanceConfigInfos(request).instanceTypeQuotaSet
    assert items
    assert {item.zoneId for item in items} == {zone_id}


@pytest.mark.parametrize("client_class, models", VM_VERSIONS)
def test_vm_images(demo_credential, config, client_class, models):
    """vm DescribeImages answers distinct images with their documented fields and a
    totalCount matching the listing (one page large enough to hold them all)."""
    client = client_class(demo_credential, config)
    request = models.DescribeImagesRequest()
    request.pageSize = 100
    response = client.DescribeImages(request)
    assert response.dataSet
    assert response.totalCount == len(response.dataSet)
    assert len({image.imageId for image in response.dataSet}) == len(response.dataSet)
    for image in response.dataSet:
        assert _non_empty_string(image.imageId)
        assert _non_empty_string(image.imageName)
        assert _non_empty_string(image.imageType)
        assert _non_empty_string(image.imageVersion)
        assert _non_empty_string(image.imageStatus)
        assert _non_empty_string(image.category)
        assert _non_empty_string(image.osType)
        # A string, as on the page and in the Go SDK (D-176).
        assert int(image.imageSize) > 0
