"""Every X-ZC-Version an official SDK sends is accepted (D-1, D-101). The Go SDK's zbc
package sends `2024-08-08`, the Python SDK `2024-08-09`: both answer identically."""

import pytest
from zenlayercloud.zbc.v20240809 import models as zbc_models
from zenlayercloud.zbc.v20240809.zbc_client import ZbcClient


class GoVersionZbcClient(ZbcClient):
    """The Python SDK's zbc client sending the version zenlayercloud-sdk-go sends."""

    _api_version = "2024-08-08"


def _answers(client_class, credential, config):
    client = client_class(credential, config)
    history = zbc_models.DescribeTransactionHistoryRequest()
    history.pageSize = 1000
    return (
        client.DescribeCustomerBalance(zbc_models.DescribeCustomerBalanceRequest()),
        client.DescribeTransactionHistory(history),
    )


def _without_request_id(model):
    fields = dict(vars(model))
    fields.pop("requestId", None)
    return {name: _plain(value) for name, value in fields.items()}


def _plain(value):
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dict__"):
        return {name: _plain(item) for name, item in vars(value).items()}
    return value


@pytest.mark.parametrize("client_class", [ZbcClient, GoVersionZbcClient])
def test_each_sdk_version_of_zbc_is_answered(client_class, config, demo_credential):
    balance, history = _answers(client_class, demo_credential, config)
    assert balance.cashBalance > 0
    assert history.totalCount >= 1


def test_both_zbc_versions_answer_identically(config, demo_credential):
    python_sdk = _answers(ZbcClient, demo_credential, config)
    go_sdk = _answers(GoVersionZbcClient, demo_credential, config)
    for python_answer, go_answer in zip(python_sdk, go_sdk):
        assert _without_request_id(go_answer) == _without_request_id(python_answer)
