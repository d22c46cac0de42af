"""vm key pairs through the official SDK (docs/decisions.md D-170 to D-172): each action,
its happy path and each of its own error codes with the HTTP status it travels with.

Key pairs exist in vm 2023-03-13 only: the 2026-04-01 client has no such methods, and the
same calls sent as 2026-04-01 (through the client's own `_api_call`) answer 404
INVALID_ACTION_NOT_FOUND (D-104). A key pair imported through 2023-03-13 is installed by
CreateInstances of either version. Each test opens its own accounts.
"""

import re

import pytest
from zenlayercloud.vm.v20230313 import models as vm_2023_models

from plan_support import VM_2023, VM_2026, VM_VERSIONS, describe, new_client, sdk_error

KEY_ID = re.compile(r"^key-[A-Za-z0-9]{8}$")

# Made with ssh-keygen: -t ed25519, -t rsa -b 2048, -t ecdsa -b 256 and -b 521.
ED25519 = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAZKH/ZcrYgVcL7E4JE5YMQt/iMjI9tHdt+PTjYnq0IT "
           "me@laptop")
RSA = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3SdJAtr2jG2ouSAZHaM3DKk6BcNLfcoguPAPOu9zuimx1JHITQ614"
       "cumhXArHKar38KvAnQwr2ktLN2mNxktDeZBCQSZ4ackDggxLB8PLcFfUReir9X11AB0ec4NeS6Ao47tGiSQrfWxDXk7k"
       "RKNec+Go8y+ILGGNCAUi4o1ywLcfuNMM9MoxNycmti3HlBURvWsZa5540a0uvOH6ITPvoRD8YOCwwzpkEThYlEkleZ33"
       "QeRDNReM3NdNI9mHH6BgRM2KJkHCoePIezlP5wxthwo0kw/JZHH7GoN1+snrG8jE01wZgQykZcQ5/yV3g27CoXEfgIhu"
       "Zj9rl3M3hml1 ci")
ECDSA_256 = ("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEUTA5N+YP19XGl3"
             "dawMaWsXlRS1GR5c0kdcaYZE5QAIuM2/0Ql+UTYARj4spTR/Xye/SOKGjgU+nuegElb745g=")
ECDSA_521 = ("ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAKWlMTIQ9Ww1N9"
             "wbd6BlKWZMlWbP4cs80Um/GzfREWvw8o1CrFoZneM2R6cOiS0e4zC2bmDLOabaLi7qyXmQKcUQAwXrB0VYz0l+Vq"
             "L7zRZsExN/pB/ipBcNARpoFabAHbiC4PkGzVCVf2T+BXQHE97q+pMwvaPJZmdOt+vEa2sRosZg==")


# --- key pairs ---------------------------------------------------------------------------

def _import(client, name, public_key=ED25519, description=None):
    request = VM_2023.request("ImportKeyPairRequest", keyName=name, publicKey=public_key)
    if description is not None:
        request.keyDescription = description
    return client.ImportKeyPair(request)


def _key_pairs(client, **filters):
    return client.DescribeKeyPairs(VM_2023.request("DescribeKeyPairsRequest", **filters))


def test_a_key_pair_is_imported_listed_described_and_deleted(control_plane, config):
    _, _, client = new_client(VM_2023, control_plane, config, balance="10.00")
    every_kind = "\n".join([ED25519, RSA, ECDSA_256, ECDSA_521])
    key_id = _import(client, "ci_key-1", every_kind, "runners").keyId
    assert KEY_ID.match(key_id), key_id
    other = _import(client, "laptop").keyId

    listing = _key_pairs(client)
    assert listing.totalCount == 2
    (pair,) = _key_pairs(client, keyName="_key").dataSet
    assert (pair.keyId, pair.keyName, pair.publicKey, pair.keyDescription) == (
        key_id, "ci_key-1", every_kind, "runners")
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", pair.createTime), pair.createTime
    (laptop,) = _key_pairs(client, keyIds=[other]).dataSet
    assert laptop.keyDescription == ""
    second_page = _key_pairs(client, pageSize=1, pageNum=2)
    assert (second_page.totalCount, len(second_page.dataSet)) == (2, 1)

    client.ModifyKeyPairAttribute(VM_2023.request(
        "ModifyKeyPairAttributeRequest", keyId=other, keyDescription="home"))
    assert _key_pairs(client, keyIds=[other]).dataSet[0].keyDescription == "home"

    client.DeleteKeyPairs(VM_2023.request("DeleteKeyPairsRequest", keyIds=[key_id, other]))
    assert _key_pairs(client).totalCount == 0


def test_import_answers_each_of_its_codes(control_plane, config):
    _, _, client = new_client(VM_2023, control_plane, config, balance="10.00")
    _import(client, "taken")
    rsa_blob = RSA.split(" ")[1]
    cases = [
        (dict(name="a"), ("INVALID_KEY_NAME_MALFORMED", 400)),
        (dict(name="my key"), ("INVALID_KEY_NAME_MALFORMED", 400)),
        (dict(name="k1", public_key="ssh-ed25519 " + rsa_blob), ("INVALID_PUBLIC_KEY_MALFORMED", 400)),
        (dict(name="k1", public_key="\n".join([ED25519] * 6)), ("INVALID_PUBLIC_KEY_MALFORMED", 400)),
        (dict(name="k1", public_key="ssh-rsa not-base64"), ("INVALID_PUBLIC_KEY_MALFORMED", 400)),
        (dict(name="taken"), ("INVALID_KEY_PAIR_NAME_EXIST", 409)),
    ]
    for fields, expected in cases:
        assert sdk_error(client, lambda: _import(client, **fields)) == expected, fields
    assert _key_pairs(client).totalCount == 1


def test_an_account_holds_at_most_100_key_pairs(control_plane, config):
    _, _, client = new_client(VM_2023, control_plane, config, balance="10.00")
    for n in range(100):
        _import(client, "k%d" % n)
    assert sdk_error(client, lambda: _import(client, "one-more")) == (
        "INVALID_KEY_PAIR_EXCEED_LIMIT", 400)
    assert _key_pairs(client, pageSize=1000).totalCount == 100


def test_another_accounts_key_pairs_are_not_found(control_plane, config):
    _, _, alice = new_client(VM_2023, control_plane, config, balance="10.00")
    _, _, bob = new_client(VM_2023, control_plane, config, balance="10.00")
    hers = _import(alice, "same-name").keyId
    his = _import(bob, "same-name").keyId  # a name is unique per account only

    assert [p.keyId for p in _key_pairs(bob).dataSet] == [his]
    assert _key_pairs(bob, keyIds=[hers]).totalCount == 0
    modify = VM_2023.request("ModifyKeyPairAttributeRequest", keyId=hers, keyDescription="x")
    assert sdk_error(bob, lambda: bob.ModifyKeyPairAttribute(modify)) == (
        "INVALID_KEY_PAIR_NOT_FOUND", 404)
    delete = VM_2023.request("DeleteKeyPairsRequest", keyIds=[his, hers])
    assert sdk_error(bob, lambda: bob.DeleteKeyPairs(delete)) == ("INVALID_KEY_PAIR_NOT_FOUND", 404)
    # Nothing was deleted, nothing changed.
    assert _key_pairs(bob).totalCount == 1
    assert _key_pairs(alice).dataSet[0].keyDescription == ""


def test_vm_2026_has_no_key_pair_actions(control_plane, config):
    _, _, client = new_client(VM_2026, control_plane, config, balance="10.00")
    for action in ("ImportKeyPair", "DescribeKeyPairs", "ModifyKeyPairAttribute",
                   "DeleteKeyPairs"):
        assert not hasattr(client, action)
        request = getattr(vm_2023_models, action + "Request")()
        assert sdk_error(client, lambda: client._api_call(action, request)) == (
            "INVALID_ACTION_NOT_FOUND", 404), action


@pytest.mark.parametrize("service", VM_VERSIONS)
def test_create_instances_installs_only_a_key_pair_of_the_caller(service, control_plane, config):
    _, alice_credential, alice = new_client(service, control_plane, config)
    _, bob_credential, _ = new_client(service, control_plane, config)
    importer = VM_2023.client(alice_credential, config)
    key_id = _import(importer, "deploy").keyId
    bobs = _import(VM_2023.client(bob_credential, config), "deploy").keyId

    def create(key):
        request = service.create_request()
        request.password = None
        request.keyId = key
        return alice.CreateInstances(request)

    (instance_id,) = create(key_id).instanceIdSet
    assert describe(service, alice, instance_id).keyId == key_id
    for wrong in (bobs, "key-00000000"):
        assert sdk_error(alice, lambda: create(wrong)) == ("INVALID_KEY_PAIR_NOT_FOUND", 404)
    # A key pair in use may be deleted; the instance keeps it.
    importer.DeleteKeyPairs(VM_2023.request("DeleteKeyPairsRequest", keyIds=[key_id]))
    assert describe(service, alice, instance_id).keyId == key_id
    assert sdk_error(alice, lambda: create(key_id)) == ("INVALID_KEY_PAIR_NOT_FOUND", 404)
