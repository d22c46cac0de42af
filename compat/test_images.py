"""vm custom images through the official SDK (docs/decisions.md D-173 to D-176): every
action in each vm version, its happy path and each of its own error codes with the HTTP
status it travels with, and custom images installed by CreateInstances; DescribeImages'
own codes in bmc and vm (D-178).

Each test opens its own accounts. Making an image takes 10 s of simulated time, during
which its instance is IMAGING; the tests that wait for it are marked `advances_clock`.
"""

import re

import pytest

from plan_support import (
    ALL_VERSIONS,
    MISSING_INSTANCE_ID,
    PROVISIONING_SECONDS,
    VM_2026,
    VM_VERSIONS,
    VM_ZONE,
    advance,
    create_instance,
    describe,
    new_client,
    sdk_error,
)

IMAGE_ID = re.compile(r"^img-[A-Za-z0-9]{8}$")
POWER_SECONDS = 5
IMAGING_SECONDS = 10
NO_IMAGES_ZONE = "na-west-1a"  # the built-in catalog's zone with an image quota of 0


# --- custom images -----------------------------------------------------------------------

def _create_image(service, client, instance_id, name):
    return client.CreateImage(service.request(
        "CreateImageRequest", instanceId=instance_id, imageName=name,
        imageDescription="made by the compat suite")).imageId


def _custom_images(service, client, zone=VM_ZONE):
    return client.DescribeImages(service.request(
        "DescribeImagesRequest", zoneId=zone, imageType="CUSTOM_IMAGE")).dataSet


def _quota(service, client, zones):
    return [(q.zoneId, q.count, q.maxCount) for q in client.DescribeImageQuota(
        service.request("DescribeImageQuotaRequest", zoneIds=zones)).images]


def _instance_from(service, client, image_id, zone=VM_ZONE):
    request = service.create_request(charge_type="POSTPAID")
    request.zoneId, request.imageId = zone, image_id
    return client.CreateInstances(request)


def _stop(service, client, instance_ids):
    client.StopInstances(service.request("StopInstancesRequest", instanceIds=instance_ids))


@pytest.mark.advances_clock
@pytest.mark.parametrize("service", VM_VERSIONS)
def test_custom_images_through_their_life(service, control_plane, config):
    _, _, client = new_client(service, control_plane, config)
    _, _, other = new_client(service, control_plane, config)
    sources = [create_instance(service, client, charge_type="POSTPAID") for _ in range(6)]
    (elsewhere,) = _instance_from(service, client, "ubuntu_22_04_x64", NO_IMAGES_ZONE).instanceIdSet
    recycled = create_instance(service, client, charge_type="POSTPAID")
    advance(control_plane, PROVISIONING_SECONDS)

    def refused(instance_id, name="web"):
        return sdk_error(client, lambda: _create_image(service, client, instance_id, name))

    assert refused(sources[0]) == ("UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING", 400)
    client.TerminateInstance(service.request("TerminateInstanceRequest", instanceId=recycled))
    assert refused(recycled) == ("UNSUPPORTED_OPERATION_DISK_UNAVAILABLE", 400)
    assert refused(MISSING_INSTANCE_ID) == ("INVALID_INSTANCE_NOT_FOUND", 404)
    _stop(service, client, sources + [elsewhere])
    advance(control_plane, POWER_SECONDS)
    assert refused(elsewhere) == ("UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT", 400)
    assert refused(sources[0], name="no spaces") == ("INVALID_PARAMETER", 400)

    image_id = _create_image(service, client, sources[0], "golden")
    assert IMAGE_ID.match(image_id), image_id
    assert describe(service, client, sources[0]).instanceStatus == "IMAGING"
    (image,) = _custom_images(service, client)
    assert (image.imageId, image.imageName, image.imageType, image.imageStatus, image.imageSize,
            image.category, image.osType) == (
        image_id, "golden", "CUSTOM_IMAGE", "CREATING", "20", "Ubuntu", "linux")
    assert refused(sources[0]) == ("UNSUPPORTED_OPERATION_DISK_MAKING_IMAGE", 400)
    rename = service.request("ModifyImagesAttributesRequest", imageIds=[image_id], imageName="gold")
    assert sdk_error(client, lambda: client.ModifyImagesAttributes(rename)) == (
        "INVALID_IMAGE_STATUS", 400)
    delete = service.request("DeleteImagesRequest", imageIds=[image_id])
    assert sdk_error(client, lambda: client.DeleteImages(delete)) == ("INVALID_IMAGE_STATUS", 400)
    assert sdk_error(client, lambda: _instance_from(service, client, image_id)) == (
        "INVALID_IMAGE_STATUS", 400)

    # Five images in the zone, CREATING ones included, fill its quota.
    for n, source in enumerate(sources[1:5]):
        _create_image(service, client, source, "web%d" % n)
    assert refused(sources[5]) == ("LIMIT_EXCEEDED_IMAGE_QUOTA", 400)
    assert _quota(service, client, [VM_ZONE, NO_IMAGES_ZONE]) == [
        (VM_ZONE, 5, 5), (NO_IMAGES_ZONE, 0, 0)]
    assert _quota(service, other, [VM_ZONE]) == [(VM_ZONE, 0, 5)]
    assert sdk_error(client, lambda: _quota(service, client, ["nowhere"])) == (
        "INVALID_REGION_NOT_FOUND", 404)

    advance(control_plane, IMAGING_SECONDS)
    assert describe(service, client, sources[0]).instanceStatus == "STOPPED"
    assert [i.imageStatus for i in _custom_images(service, client)] == ["AVAILABLE"] * 5
    assert _custom_images(service, other) == []
    client.ModifyImagesAttributes(rename)
    assert image_id in [i.imageId for i in _custom_images(service, client) if i.imageName == "gold"]

    # Installed in its zone, by its account only.
    (made,) = _instance_from(service, client, image_id).instanceIdSet
    assert (describe(service, client, made).imageId, describe(service, client, made).imageName) == (
        image_id, "gold")
    assert sdk_error(other, lambda: _instance_from(service, other, image_id)) == (
        "INVALID_IMAGE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: _instance_from(service, client, image_id, "asia-southeast-1a")) \
        == ("INVALID_IMAGE_NOT_FOUND", 404)
    if service is VM_2026:
        inquiry = service.inquiry_create_request(charge_type="POSTPAID")
        inquiry.imageId = image_id
        assert client.InquiryPriceCreateInstance(inquiry).instancePrice is not None
        assert sdk_error(other, lambda: other.InquiryPriceCreateInstance(inquiry)) == (
            "INVALID_IMAGE_NOT_FOUND", 404)

    # Another account cannot change or delete it; a batch naming one changes nothing.
    theirs = service.request("DeleteImagesRequest", imageIds=[image_id])
    assert sdk_error(other, lambda: other.DeleteImages(theirs)) == ("INVALID_IMAGE_NOT_FOUND", 404)
    all_ids = [i.imageId for i in _custom_images(service, client)]
    mixed = service.request("DeleteImagesRequest", imageIds=all_ids + ["ubuntu_22_04_x64"])
    assert sdk_error(client, lambda: client.DeleteImages(mixed)) == ("INVALID_IMAGE_NOT_FOUND", 404)
    assert len(_custom_images(service, client)) == 5

    client.DeleteImages(service.request("DeleteImagesRequest", imageIds=all_ids))
    assert _custom_images(service, client) == []
    assert _quota(service, client, [VM_ZONE]) == [(VM_ZONE, 0, 5)]
    assert sdk_error(client, lambda: client.DeleteImages(delete)) == ("INVALID_IMAGE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: client.ModifyImagesAttributes(rename)) == (
        "INVALID_IMAGE_NOT_FOUND", 404)
    # The instance made from a deleted image still shows its name.
    assert describe(service, client, made).imageName == "gold"


@pytest.mark.parametrize("service", ALL_VERSIONS)
def test_describe_images_answers_its_own_codes(service, control_plane, config):
    """D-178: DescribeImages answers the codes its pages give: bmc an unknown
    `instanceTypeId` 404 INVALID_INSTANCE_TYPE_NOT_FOUND, vm an unknown `zoneId` 404
    INVALID_ZONE_NOT_FOUND."""
    _, _, client = new_client(service, control_plane, config)
    if service.is_bmc:
        request = service.request("DescribeImagesRequest", instanceTypeId="NOPE")
        expected = ("INVALID_INSTANCE_TYPE_NOT_FOUND", 404)
    else:
        request = service.request("DescribeImagesRequest", zoneId="nowhere")
        expected = ("INVALID_ZONE_NOT_FOUND", 404)
    assert sdk_error(client, lambda: client.DescribeImages(request)) == expected
