"""The outbox: mail is queued in the change's transaction and delivered with retries and
back-off, a permanent refusal is marked failed, and no mail is ever sent twice."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deborg.adapters.memory import FixedClock, MemoryDatabase, MemoryMailer, MemoryUnitOfWork
from deborg.adapters.memory.links import StaticLinks
from deborg.domain.mail import (
    MailCategory,
    OutboxEntry,
    OutboxStatus,
    OutgoingMail,
    lifetime,
)
from deborg.domain.model import School
from deborg.ports.mail import MailDeliveryFailed
from deborg.services.outbox import deliver_outbox, queue_mail, requeue_mail

BASE = "https://portaal.example.nl"


@attrs.define
class Post:
    database: MemoryDatabase
    clock: FixedClock
    school_id: int

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)

    def queue(self, to: str, category: MailCategory = MailCategory.ACCOUNT) -> OutboxEntry:
        with self.uow() as uow:
            entry = queue_mail(
                uow, self.clock, school_id=self.school_id, to=to, subject=f"Voor {to}",
                text=f"Hallo {to},\n\nZie {BASE}/nieuws.", category=category,
                links=StaticLinks(BASE),
            )  # fmt: skip
            uow.commit()
        return entry

    def entries(self) -> dict[str, OutboxEntry]:
        with self.uow() as uow:
            return {e.mail.to: e for e in uow.outbox.list(limit=1000)}


def _post(clock: FixedClock) -> Post:
    database = MemoryDatabase()
    with MemoryUnitOfWork(database) as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        uow.commit()
    return Post(database, clock, school.id)


@pytest.fixture
def post(clock: FixedClock) -> Post:
    return _post(clock)


def test_mail_queued_in_a_unit_of_work_that_does_not_commit_is_never_sent(
    post: Post, mailer: MemoryMailer
) -> None:
    with post.uow() as uow:
        queue_mail(
            uow, post.clock, school_id=post.school_id, to="a@example.nl", subject="x",
            text="x", category=MailCategory.ACCOUNT, links=StaticLinks(BASE),
        )  # fmt: skip
    assert deliver_outbox(post.uow(), mailer, post.clock).sent == 0
    assert mailer.sent == []


def test_queued_mail_is_multipart_and_only_non_account_mail_can_be_unsubscribed(
    post: Post,
) -> None:
    account = post.queue("a@example.nl", MailCategory.ACCOUNT).mail
    urgent = post.queue("b@example.nl", MailCategory.URGENT).mail
    news = post.queue("c@example.nl", MailCategory.NEWS).mail
    assert account.headers == ()
    assert urgent.headers == ()
    assert news.headers == (("List-Unsubscribe", f"<{BASE}/account/notificaties>"),)
    assert f'<a href="{BASE}/nieuws.">' not in news.html  # the full stop is not part of it
    assert f"{BASE}/nieuws" in news.html
    assert news.html.startswith("<!doctype html>")


def test_a_server_that_is_down_stops_the_run_and_counts_as_no_attempt(
    post: Post, mailer: MemoryMailer
) -> None:
    post.queue("a@example.nl")
    post.queue("b@example.nl")
    mailer.down = True
    report = deliver_outbox(post.uow(), mailer, post.clock)
    assert (report.sent, report.retried, report.failed) == (0, 0, 0)
    assert report.server_down
    entries = post.entries()
    assert [e.attempts for e in entries.values()] == [0, 0]
    assert entries["a@example.nl"].next_attempt_at == post.clock.now()  # still due
    assert "unreachable" in entries["a@example.nl"].last_error
    assert entries["b@example.nl"].last_error == ""  # the run stopped: b@ was not tried

    mailer.down = False
    assert not deliver_outbox(post.uow(), mailer, post.clock).server_down
    assert [m.to for m in mailer.sent] == ["a@example.nl", "b@example.nl"]
    assert {e.status for e in post.entries().values()} == {OutboxStatus.SENT}


@attrs.define
class BusyMailer(MemoryMailer):
    """Refuses its recipients for now (a 4xx) while they are in ``busy``."""

    busy: set[str] = attrs.field(factory=set)

    def send(self, mail: OutgoingMail) -> None:
        if mail.to in self.busy and not self.down:
            raise MailDeliveryFailed("451 try again later")
        super().send(mail)


@given(
    busy=st.sets(st.integers(0, 11), max_size=12),
    category=st.sampled_from(list(MailCategory)),
    outage=st.integers(0, 60),
)
@settings(max_examples=15, deadline=None)
def test_back_off_per_mail_until_the_lifetime_ends_never_after_a_count(
    busy: set[int], category: MailCategory, outage: int
) -> None:
    """Mail refused for now is retried with back-off (1, 2, 4 … minutes, at most 2 hours)
    while the others go out; a mail fails for good only when its lifetime is over, and an
    outage of any length within the lifetime costs nothing."""
    post = _post(FixedClock())
    mailer = BusyMailer(busy={f"{n}@example.nl" for n in busy})
    for n in range(12):
        post.queue(f"{n}@example.nl", category)
    mailer.down = True
    for _ in range(outage):  # cron every half hour through an outage of up to 30 hours
        deliver_outbox(post.uow(), mailer, post.clock)
        post.clock.advance(dt.timedelta(minutes=30))
    assert all(e.attempts == 0 for e in post.entries().values())
    mailer.down = False
    queued_at = post.clock.now() - dt.timedelta(minutes=30 * outage)
    deadline = queued_at + lifetime(category)
    report = deliver_outbox(post.uow(), mailer, post.clock)
    if post.clock.now() < deadline:
        assert (report.sent, report.retried, report.failed) == (12 - len(busy), len(busy), 0)
    runs = 0
    while post.clock.now() <= deadline + dt.timedelta(hours=2):
        entries = post.entries()
        waiting = [e for e in entries.values() if e.status is OutboxStatus.QUEUED]
        if not waiting:
            break
        for entry in waiting:
            assert entry.next_attempt_at - post.clock.now() <= dt.timedelta(hours=2)
        post.clock.set(min(e.next_attempt_at for e in waiting))
        deliver_outbox(post.uow(), mailer, post.clock)
        runs += 1
    outlived = queued_at + dt.timedelta(minutes=30 * outage) >= deadline
    entries = post.entries()
    for n in range(12):
        entry = entries[f"{n}@example.nl"]
        if n in busy or outlived:
            assert entry.status is OutboxStatus.FAILED
            assert entry.last_error.startswith("expired")
            assert post.clock.now() >= deadline
        else:
            assert entry.status is OutboxStatus.SENT
    assert sorted(m.to for m in mailer.sent) == sorted(
        f"{n}@example.nl" for n in range(12) if n not in busy and not outlived
    )


def test_the_back_off_doubles_up_to_two_hours(post: Post) -> None:
    mailer = BusyMailer(busy={"a@example.nl"})
    post.queue("a@example.nl")
    delays = []
    for _ in range(10):
        before = post.clock.now()
        deliver_outbox(post.uow(), mailer, post.clock)
        entry = post.entries()["a@example.nl"]
        delays.append(entry.next_attempt_at - before)
        post.clock.set(entry.next_attempt_at)
    assert delays == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 64, 120, 120, 120)]
    assert post.entries()["a@example.nl"].status is OutboxStatus.QUEUED
    assert post.entries()["a@example.nl"].attempts == 10


def test_every_attempt_of_a_mail_carries_the_same_message_id_and_the_school_offset(
    post: Post,
) -> None:
    mailer = BusyMailer(busy={"a@example.nl"})
    post.clock.set(dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC))  # summer: +02:00
    post.queue("a@example.nl")
    deliver_outbox(post.uow(), mailer, post.clock)
    mailer.busy = set()
    post.clock.advance(dt.timedelta(minutes=1))
    deliver_outbox(post.uow(), mailer, post.clock)
    [mail] = mailer.sent
    entry = post.entries()["a@example.nl"]
    assert mail.message_id == entry.message_id
    assert mail.message_id.endswith(f".{entry.id}.deborg")
    assert mail.date is not None
    assert mail.date.utcoffset() == dt.timedelta(hours=2)


@attrs.define
class RefusingMailer(MemoryMailer):
    refused: set[str] = attrs.field(factory=set)

    def send(self, mail: OutgoingMail) -> None:
        if mail.to in self.refused:
            raise MailDeliveryFailed("550 no such user", permanent=True)
        super().send(mail)


def test_a_permanent_refusal_is_marked_failed_and_the_run_goes_on(post: Post) -> None:
    mailer = RefusingMailer(refused={"weg@example.nl"})
    post.queue("weg@example.nl")
    post.queue("b@example.nl")
    report = deliver_outbox(post.uow(), mailer, post.clock)
    assert (report.sent, report.retried, report.failed) == (1, 0, 1)
    entries = post.entries()
    assert entries["weg@example.nl"].status is OutboxStatus.FAILED
    assert "550" in entries["weg@example.nl"].last_error
    assert entries["b@example.nl"].status is OutboxStatus.SENT


def test_delivering_again_never_sends_a_mail_twice(post: Post, mailer: MemoryMailer) -> None:
    for n in range(5):
        post.queue(f"{n}@example.nl")
    assert deliver_outbox(post.uow(), mailer, post.clock, limit=2).sent == 2
    for _ in range(3):
        deliver_outbox(post.uow(), mailer, post.clock)
        post.clock.advance(dt.timedelta(hours=3))
    assert sorted(m.to for m in mailer.sent) == [f"{n}@example.nl" for n in range(5)]


def test_a_crash_in_the_mailer_loses_nothing(post: Post) -> None:
    class Exploding:
        def send(self, mail: OutgoingMail) -> None:
            raise RuntimeError("bug")

    post.queue("a@example.nl")
    with pytest.raises(RuntimeError):
        deliver_outbox(post.uow(), Exploding(), post.clock)
    mailer = MemoryMailer()
    deliver_outbox(post.uow(), mailer, post.clock)
    assert [m.to for m in mailer.sent] == ["a@example.nl"]


def test_retry_makes_waiting_mail_due_now_and_failed_mail_only_when_asked(post: Post) -> None:
    mailer = BusyMailer(busy={"wacht@example.nl"})
    refusing = RefusingMailer(refused={"weg@example.nl"})
    post.queue("weg@example.nl")
    deliver_outbox(post.uow(), refusing, post.clock)  # 550: failed for good
    post.clock.advance(dt.timedelta(hours=1))
    post.queue("wacht@example.nl")
    deliver_outbox(post.uow(), mailer, post.clock)  # 451: waits a minute
    post.queue("nieuw@example.nl")  # due already
    assert requeue_mail(post.uow(), post.clock) == 1
    assert post.entries()["wacht@example.nl"].next_attempt_at == post.clock.now()
    assert post.entries()["weg@example.nl"].status is OutboxStatus.FAILED
    since = post.clock.now() - dt.timedelta(minutes=30)
    assert requeue_mail(post.uow(), post.clock, failed=True, since=since) == 0
    assert requeue_mail(post.uow(), post.clock, failed=True) == 1
    entry = post.entries()["weg@example.nl"]
    assert (entry.status, entry.attempts) == (OutboxStatus.QUEUED, 0)
    assert entry.deadline == post.clock.now() + dt.timedelta(days=1)
    mailer.busy = set()
    deliver_outbox(post.uow(), mailer, post.clock)
    assert sorted(m.to for m in mailer.sent) == [
        "nieuw@example.nl", "wacht@example.nl", "weg@example.nl",
    ]  # fmt: skip
