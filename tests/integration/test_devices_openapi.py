"""The OpenAPI document: it lists exactly the API's routes, and Schemathesis finds no response
that breaks it and no server error."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as CHECKS_REGISTRY
from sqlalchemy import Engine

from deborg.bootstrap import Services
from deborg.services.content import publishing
from deborg.services.devices import pairing
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


#: Every check Schemathesis has (its "--checks all"), the stateful ones included.
CHECKS = CHECKS_REGISTRY.get_all()


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


def test_every_required_text_field_is_documented_as_not_empty(client: FlaskClient) -> None:
    """F10 of issue #15: the document said device_name "" was valid; the API answers 400."""
    schemas = client.get(f"{PREFIX}/openapi.json").get_json()["components"]["schemas"]
    for name in ("PairByToken", "PairByPassword"):
        schema = schemas[name]
        for field in schema["required"]:
            assert schema["properties"][field].get("minLength") == 1, f"{name}.{field}"


@given(data=st.data())
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    # Each example pairs with a fresh token: nothing in the fixtures needs resetting.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_a_device_name_the_document_allows_is_accepted(
    client: FlaskClient, world: World, sql_services: Services, data: st.DataObject
) -> None:
    """Names drawn from the document's own schema (its pattern and lengths) pair; names
    outside it (empty, blank, with a control or format character) are refused with 400."""
    schema = client.get(f"{PREFIX}/openapi.json").get_json()["components"]["schemas"]
    field = schema["PairByToken"]["properties"]["device_name"]
    name = data.draw(
        st.from_regex(field["pattern"], fullmatch=True).filter(
            lambda n: field["minLength"] <= len(n) <= field["maxLength"]
        )
    )
    s = sql_services
    token = pairing.issue_pairing_token(
        s.uow(), s.clock, s.tokens, school_id=world.school.id, parent_id=world.alice.id
    ).token
    response = client.post(f"{PREFIX}/devices", json={"pairing_token": token, "device_name": name})
    assert response.status_code == 201, (name, response.get_json())
    for refused in ("", "   ", "Telefoon\u202e", "Tele\x00foon"):
        response = client.post(
            f"{PREFIX}/devices", json={"pairing_token": token, "device_name": refused}
        )
        assert response.status_code == 400


def test_a_message_with_an_unread_answer_keeps_to_the_document(
    client: FlaskClient, world: World, sql_services: Services
) -> None:
    """MessageItem documents new_answer: the school answered the parent's reply after she
    last opened the message; such a message is unread and counts in /unread."""
    s = sql_services
    message = publishing.post_message(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id, title="Wie rijdt?",
        body="Graag uw reactie.", group_names=["Groep 1"], allow_replies=True,
        author_email=world.teacher.email, notify=False,
    ).item  # fmt: skip
    reply = publishing.reply_to_message(
        s.uow(), s.clock, s.links, school_id=world.school.id, parent_id=world.alice.id,
        message_id=message.id, text="Ik rijd.",
    )  # fmt: skip
    publishing.answer_reply(
        s.uow(), s.clock, s.links, school_id=world.school.id, reply_id=reply.id, text="Dank u!"
    )
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    schema = document["components"]["schemas"]["MessageItem"]
    assert "new_answer" in schema["required"]
    token = pair_by_password(client, world.alice.login_name, world.password)
    items = client.get(f"{PREFIX}/messages", headers=bearer(token)).get_json()["items"]
    for item in items:
        jsonschema.validate(item, schema, cls=jsonschema.Draft202012Validator)
    assert [(i["new_answer"], i["unread"]) for i in items] == [(True, True)]
    assert client.get(f"{PREFIX}/unread", headers=bearer(token)).get_json()["messages"] == "1"


@given(data=st.data())
@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_a_search_the_document_allows_is_answered_with_a_page(
    client: FlaskClient, world: World, sql_services: Services, data: st.DataObject
) -> None:
    """News and messages take ``search``; any text its pattern and length allow (quotes,
    ``%``, ``:*``, ``&|!`` included) is answered with a page of what it finds, never an
    error."""
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    parameter = document["components"]["parameters"]["search"]
    for path in ("/news", "/messages"):
        names = [p["$ref"].rsplit("/", 1)[1] for p in document["paths"][path]["get"]["parameters"]]
        assert names == ["page", "per_page", "search"]
    schema = parameter["schema"]
    search = data.draw(
        st.one_of(
            st.sampled_from(["'", "%", '"', ":*", "&|!", "gym & !turnen", "a:* | b"]),
            st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda s: (
                    len(s) <= schema["maxLength"] and not any(0xD800 <= ord(c) <= 0xDFFF for c in s)
                )
            ),
        )
    )
    token = pair_by_password(client, world.alice.login_name, world.password, name="Test")
    for path in ("/news", "/messages"):
        response = client.get(
            f"{PREFIX}{path}", query_string={"search": search}, headers=bearer(token)
        )
        assert response.status_code == 200, (path, search, response.get_json())
        assert response.get_json()["items"] == []
