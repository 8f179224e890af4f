"""The OpenAPI document: it lists exactly the API's routes, and Schemathesis finds no response
that breaks it and no server error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from deborg.bootstrap import Services
from tests.conftest import _open_engine
from tests.integration.app_client import bearer, pair_by_password, publish_content
from tests.world import World

PREFIX = "/api/v1"


@pytest.fixture
def sql_engine(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Engine:
    """SQLite only: the document is about the web layer, whichever database is behind it."""
    return _open_engine("sqlite", request, tmp_path, sqlite_template)


IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _openapi_path(rule: str) -> str:
    """'/albums/<int:album_id>' -> '/albums/{album_id}'."""
    return re.sub(r"<(?:[^:>]+:)?([a-z_]+)>", r"{\1}", rule)


def test_the_document_lists_exactly_the_routes_of_the_api(app: Flask, client: FlaskClient) -> None:
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": PREFIX}]
    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    routed = {
        (_openapi_path(rule.rule.removeprefix(PREFIX)), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
        for method in (rule.methods or set()) - IGNORED_METHODS
    }
    assert documented == routed


def test_every_operation_documents_its_errors(client: FlaskClient) -> None:
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if operation.get("security"):
                assert "401" in responses, f"{method} {path} lacks its 401"
            if operation.get("parameters"):
                assert "400" in responses, f"{method} {path} takes parameters but has no 400"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
# Not negative_data_rejection: the API ignores query parameters it does not know (an older
# server must not refuse a newer app), which that check counts as accepting invalid data.
# Out-of-range parameters are refused: tests/integration/test_devices_content_api.py.


def _fuzz(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    token: str,
    path_parameters: dict[str, int] | None = None,
) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @given(case=strategy)
    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def keeps_to_the_document(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=bearer(token), checks=CHECKS)

    keeps_to_the_document()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_document(
    app: Flask,
    client: FlaskClient,
    world: World,
    sql_services: Services,
    mode: GenerationMode,
) -> None:
    """Every operation, called by a paired device with valid and with invalid input, with
    news, a message, agenda items and albums in place."""
    content = publish_content(sql_services, world)
    schema = schemathesis.openapi.from_wsgi(f"{PREFIX}/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"POST /devices", "GET /me", "DELETE /devices/current", "GET /albums"} <= labels
    for operation in operations:
        token = pair_by_password(client, world.alice.login_name, world.password, name="Test")
        _fuzz(operation, mode, token)
    # And the album and photo routes with ids that exist.
    ids = {"album_id": content.album1.id, "photo_id": content.photo1.id}
    for path in (
        "/albums/{album_id}",
        "/albums/{album_id}/photos/{photo_id}",
        "/albums/{album_id}/photos/{photo_id}/thumbnail",
    ):
        operation = schema.find_operation_by_label(f"GET {path}")
        assert operation is not None
        wanted = {name: value for name, value in ids.items() if "{" + name + "}" in path}
        _fuzz(operation, mode, token, wanted)
