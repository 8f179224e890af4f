"""Smaller hardening points of the security review (issue #15): a 405 names the methods that
are allowed, for the pages and for the API."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_a_wrong_method_on_a_page_names_the_allowed_ones(client: FlaskClient) -> None:
    response = client.get("/uitloggen")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"POST"}
    assert "Deze actie is hier niet mogelijk." in response.get_data(as_text=True)


def test_a_wrong_method_on_the_api_names_the_allowed_ones(client: FlaskClient) -> None:
    response = client.put("/api/v1/me")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"].split(", ")
    assert response.get_json()["code"] == "method_not_allowed"
    response = client.get("/api/v1/devices")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"].split(", ")
