"""The served OpenAPI document (`GET /_zenlocal/openapi.json`) is valid OpenAPI 3.1 and
describes every action of every service in every version the server answers it in.

Nothing here lists actions by hand: what the document says is checked against the server
itself (an action it lists is answered in exactly the versions it names) and against the
official SDK (every action an SDK client of a version calls that the server answers is
listed for that version; an action the SDK has is listed for exactly the versions whose
client has it, D-104)."""

import importlib
import json
import pkgutil
import urllib.error
import urllib.request

import pytest
import zenlayercloud
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
from zenlayercloud.common.abstract_client import AbstractClient

from conftest import DEMO_TOKEN

NOT_FOUND = (404, "INVALID_ACTION_NOT_FOUND")


def _served(domain):
    with urllib.request.urlopen("http://%s/_zenlocal/openapi.json" % domain, timeout=10) as answer:
        assert answer.status == 200
        return json.load(answer)


def _listed(document):
    """{(service, action): [versions]} as the document's operations say."""
    listed = {}
    for key, item in document["paths"].items():
        operation = item["post"]
        service, action = operation["operationId"].split(".")
        headers = {p["name"]: p for p in operation["parameters"]}
        listed[(service, action)] = headers["X-ZC-Version"]["schema"]["enum"]
    return listed


def _sdk_clients(service):
    """{version: client class} of every version the official SDK has of `service`
    (its packages `zenlayercloud.<service>.vYYYYMMDD`)."""
    package = importlib.import_module("zenlayercloud." + service)
    clients = {}
    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("v"):
            continue
        found = importlib.import_module(
            "zenlayercloud.%s.%s.%s_client" % (service, module.name, service))
        classes = [c for c in vars(found).values()
                   if isinstance(c, type) and issubclass(c, AbstractClient) and c is not AbstractClient]
        assert len(classes) == 1, (service, module.name, classes)
        clients[classes[0]._api_version] = classes[0]
    return clients


def _sdk_actions(client_class):
    """The actions a client class calls: its own methods named as actions are."""
    return {name for name, value in vars(client_class).items()
            if callable(value) and name[:1].isupper()}


def _answer(domain, service, version, action):
    """(status, code) of `action` in `version`, sent with a body of the wrong kind: an
    action the server has refuses the body (400), one it lacks is 404 before any body is
    read; neither changes anything."""
    request = urllib.request.Request(
        "http://%s/api/v2/%s" % (domain, service), data=b"[]", method="POST",
        headers={"Authorization": "Bearer " + DEMO_TOKEN, "Content-Type": "application/json",
                 "X-ZC-Action": action, "X-ZC-Version": version})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer).get("code")
    except urllib.error.HTTPError as error:
        return error.code, json.load(error).get("code")


@pytest.fixture(scope="module")
def document(domain):
    return _served(domain)


@pytest.fixture(scope="module")
def services(document):
    """{service: {version: SDK client class}} of every service the document describes."""
    names = {operation_id.split(".")[0] for operation_id in
             (item["post"]["operationId"] for item in document["paths"].values())}
    return {service: _sdk_clients(service) for service in sorted(names)}


def test_the_served_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_operation_is_an_action_with_its_headers_body_and_answer(document):
    for key, item in document["paths"].items():
        operation = item["post"]
        service, action = operation["operationId"].split(".")
        assert key == "/api/v2/%s#%s" % (service, action)
        headers = {p["name"]: p for p in operation["parameters"]}
        assert headers["X-ZC-Action"]["schema"]["const"] == action
        assert headers["X-ZC-Version"]["schema"]["enum"], key
        assert "application/json" in operation["requestBody"]["content"]
        assert "200" in operation["responses"]


def test_the_versions_are_the_official_sdks(document, services):
    listed = _listed(document)
    for service, clients in services.items():
        named = {v for (s, _), versions in listed.items() if s == service for v in versions}
        assert named == set(clients), service


def test_each_action_is_answered_in_exactly_the_versions_listed(domain, document, services):
    for (service, action), versions in _listed(document).items():
        for version in services[service]:
            answer = _answer(domain, service, version, action)
            if version in versions:
                assert answer != NOT_FOUND, (service, version, action)
                assert answer == (400, "INVALID_PARAMETER"), (service, version, action, answer)
            else:
                assert answer == NOT_FOUND, (service, version, action, answer)


def test_every_sdk_action_the_server_answers_is_listed_in_that_version(domain, document, services):
    listed = _listed(document)
    answered = 0
    for service, clients in services.items():
        for version, client_class in clients.items():
            for action in sorted(_sdk_actions(client_class)):
                if _answer(domain, service, version, action) == NOT_FOUND:
                    continue
                assert version in listed.get((service, action), []), (service, version, action)
                answered += 1
    assert answered == sum(
        1 for (service, action), versions in listed.items() for version in versions
        if hasattr(services[service][version], action))


def test_an_action_of_the_sdk_is_listed_in_exactly_the_versions_whose_client_has_it(
        document, services):
    for (service, action), versions in _listed(document).items():
        having = [v for v, client_class in services[service].items()
                  if action in _sdk_actions(client_class)]
        if having:  # else an action of zenlocal's own, checked against the server above
            assert sorted(versions) == sorted(having), (service, action)
