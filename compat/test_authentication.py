"""Authentication through the official SDK: ZC2-HMAC-SHA256 and Bearer tokens (D-3)."""

import re

import pytest
from zenlayercloud.common.credential import Credential, TokenCredential
from zenlayercloud.common.excpetion.zenlayer_cloud_sdk_exception import ZenlayerCloudSdkException
from zenlayercloud.zbc.v20240809 import models as zbc_models
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient

REQUEST_ID = re.compile(r"^T[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")


def _balance(credential, config):
    return ZbcClient(credential, config).DescribeCustomerBalance(zbc_models.DescribeCustomerBalanceRequest())


def _assert_auth_failure(credential, config):
    with pytest.raises(ZenlayerCloudSdkException) as raised:
        _balance(credential, config)
    assert raised.value.code == "AUTHFAILURE_SIGNATURE_FAILURE"
    assert raised.value.message
    assert REQUEST_ID.match(raised.value.request_id or ""), raised.value.request_id


def test_bearer_token_of_new_account(config, control_plane):
    """A TokenCredential with the token of a freshly opened account reads that account's
    balance."""
    account = control_plane.create_account(balance="42.50")
    response = _balance(TokenCredential(account["token"]), config)
    assert response.accountUid == account["accountId"]
    assert response.cashBalance == 42.5


def test_demo_bearer_token(config, demo_credential, demo_token):
    """The demo token `zenlocal-demo-token` authenticates as the demo account, seeing what
    the demo access key sees."""
    by_token = _balance(TokenCredential(demo_token), config)
    by_key = _balance(demo_credential, config)
    assert by_token.accountUid == by_key.accountUid
    assert by_token.cashBalance == by_key.cashBalance


def test_wrong_password_is_rejected(config, demo_credential):
    """A known access key id signed with the wrong password: 401
    AUTHFAILURE_SIGNATURE_FAILURE, raised by the SDK with a message and a request id."""
    _assert_auth_failure(Credential(demo_credential.access_key_id, "wrong"), config)


def test_unknown_access_key_is_rejected(config, demo_credential):
    """An access key id that no account has: AUTHFAILURE_SIGNATURE_FAILURE."""
    _assert_auth_failure(Credential("compat-unknown-key", demo_credential.access_key_password), config)


def test_unknown_token_is_rejected(config):
    """A Bearer token that was never issued: AUTHFAILURE_SIGNATURE_FAILURE."""
    _assert_auth_failure(TokenCredential("zlt_compat-not-issued"), config)


def test_password_of_another_account_is_rejected(config, control_plane, demo_credential):
    """The demo access key id signed with another account's (valid) password is rejected."""
    other = control_plane.create_account(balance="1.00")
    _assert_auth_failure(Credential(demo_credential.access_key_id, other["accessKeyPassword"]), config)
