"""The app's absences and conversations (/api/v1): a paired parent reports and reads their
own children's, never another family's."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.dutch import to_utc
from deborg.services.absence import threads
from tests.integration.app_client import bearer, pair_by_password
from tests.world import World


@pytest.fixture
def alice(client: FlaskClient, world: World, clock: FixedClock) -> dict[str, str]:
    clock.set(to_utc(dt.date(2026, 12, 3), dt.time(7, 50), "Europe/Amsterdam"))
    return bearer(pair_by_password(client, world.alice.login_name, world.password))


def test_a_parent_reports_a_child_sick_and_lists_the_reports(
    client: FlaskClient, world: World, alice: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/absences",
        json={"child_id": world.anna.id, "reason": "ziek", "first_day": "2026-12-03"},
        headers=alice,
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["open_ended"] is True
    assert body["child"] == "Anna Jansen"
    listed = client.get("/api/v1/absences", headers=alice).get_json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    again = client.post(
        "/api/v1/absences",
        json={"child_id": world.anna.id, "reason": "ziek", "first_day": "2026-12-04"},
        headers=alice,
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"reason": "ziek", "first_day": "2026-12-03"}, 400, "invalid_input"),
        ({"child_id": "1", "reason": "ziek", "first_day": "2026-12-03"}, 400, "invalid_input"),
        ({"child_id": 1, "reason": "griep", "first_day": "2026-12-03"}, 400, "invalid_input"),
        ({"child_id": 1, "reason": "ziek", "first_day": 20261203}, 400, "invalid_input"),
    ],
)
def test_bad_bodies_get_a_dutch_answer(
    client: FlaskClient,
    world: World,
    alice: dict[str, str],
    body: dict[str, object],
    status: int,
    code: str,
) -> None:
    answer = client.post("/api/v1/absences", json=body, headers=alice)
    assert answer.status_code == status
    assert answer.get_json()["code"] == code


def test_after_the_cutoff_the_app_is_told_to_phone(
    client: FlaskClient, world: World, alice: dict[str, str], clock: FixedClock
) -> None:
    clock.advance(dt.timedelta(minutes=30))
    answer = client.post(
        "/api/v1/absences",
        json={"child_id": world.anna.id, "reason": "ziek", "first_day": "2026-12-03"},
        headers=alice,
    )
    assert answer.status_code == 400
    assert answer.get_json()["code"] == "too_late_to_report"
    assert "Bel de school" in answer.get_json()["message"]


def test_no_parent_reports_or_reads_for_another_familys_child(
    client: FlaskClient, world: World, alice: dict[str, str], sql_services: Services
) -> None:
    carla = bearer(pair_by_password(client, world.carla.login_name, world.password))
    answer = client.post(
        "/api/v1/absences",
        json={"child_id": world.anna.id, "reason": "ziek", "first_day": "2026-12-04"},
        headers=carla,
    )
    assert answer.status_code == 404
    client.post(
        "/api/v1/absences",
        json={"child_id": world.anna.id, "reason": "ziek", "first_day": "2026-12-04"},
        headers=alice,
    )
    assert client.get("/api/v1/absences", headers=carla).get_json()["items"] == []
    started = client.post(
        "/api/v1/conversations",
        json={
            "child_id": world.anna.id,
            "staff_id": world.teacher.id,
            "subject": "Zwemles",
            "text": "Anna mag niet zwemmen.",
        },
        headers=alice,
    )
    assert started.status_code == 201, started.get_json()
    thread_id = started.get_json()["id"]
    assert client.get(f"/api/v1/conversations/{thread_id}", headers=carla).status_code == 404
    assert (
        client.post(
            f"/api/v1/conversations/{thread_id}/posts", json={"text": "Hoi"}, headers=carla
        ).status_code
        == 404
    )
    assert client.get("/api/v1/conversations", headers=carla).get_json()["items"] == []


def test_a_conversation_through_the_app(
    client: FlaskClient,
    world: World,
    alice: dict[str, str],
    sql_services: Services,
    clock: FixedClock,
) -> None:
    listed = client.get("/api/v1/conversations", headers=alice).get_json()
    assert listed["teachers"] == [
        {"child_id": world.anna.id, "staff_id": world.teacher.id, "name": "Juf Anja"}
    ]
    started = client.post(
        "/api/v1/conversations",
        json={
            "child_id": world.anna.id,
            "staff_id": world.teacher.id,
            "subject": "Zwemles",
            "text": "Anna mag niet zwemmen.",
            "private": True,
        },
        headers=alice,
    ).get_json()
    clock.advance(dt.timedelta(minutes=5))
    threads.reply_as_teacher(
        sql_services.uow(),
        clock,
        sql_services.links,
        school_id=world.school.id,
        staff_id=world.teacher.id,
        thread_id=started["id"],
        text="Prima, dank u.",
    )
    summary = client.get("/api/v1/conversations", headers=alice).get_json()["items"][0]
    assert summary["unread"] is True
    thread = client.get(f"/api/v1/conversations/{started['id']}", headers=alice).get_json()
    assert [p["from"] for p in thread["posts"]] == ["Alice Jansen", "Juf Anja"]
    assert thread["read_by_teacher_at"] is not None
    posted = client.post(
        f"/api/v1/conversations/{started['id']}/posts", json={"text": "Top!"}, headers=alice
    )
    assert posted.status_code == 201
    dirk = bearer(pair_by_password(client, world.dirk.login_name, world.password))
    assert client.get(f"/api/v1/conversations/{started['id']}", headers=dirk).status_code == 404
