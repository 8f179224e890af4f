"""The outbox: mail is queued in the change's transaction and delivered with retries and
back-off, a permanent refusal is marked failed, and no mail is ever sent twice."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from deborg.adapters.memory import FixedClock, MemoryDatabase, MemoryMailer, MemoryUnitOfWork
from deborg.adapters.memory.links import StaticLinks
from deborg.domain.mail import (
    MAX_ATTEMPTS,
    MailCategory,
    OutboxEntry,
    OutboxStatus,
    OutgoingMail,
)
from deborg.domain.model import School
from deborg.ports.mail import MailDeliveryFailed
from deborg.services.outbox import deliver_outbox, queue_mail

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


@pytest.fixture
def post(clock: FixedClock) -> Post:
    database = MemoryDatabase()
    with MemoryUnitOfWork(database) as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        uow.commit()
    return Post(database, clock, school.id)


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


def test_a_server_that_is_down_leaves_the_mail_queued_with_back_off(
    post: Post, mailer: MemoryMailer
) -> None:
    post.queue("a@example.nl")
    post.queue("b@example.nl")
    mailer.down = True
    report = deliver_outbox(post.uow(), mailer, post.clock)
    assert (report.sent, report.retried, report.failed) == (0, 1, 0)
    entries = post.entries()
    # The run stopped at the first failure: the second mail was not even tried.
    assert entries["a@example.nl"].attempts == 1
    assert entries["a@example.nl"].next_attempt_at == post.clock.now() + dt.timedelta(minutes=1)
    assert entries["b@example.nl"].attempts == 0
    assert all(e.status is OutboxStatus.QUEUED for e in entries.values())

    mailer.down = False
    deliver_outbox(post.uow(), mailer, post.clock)
    assert [m.to for m in mailer.sent] == ["b@example.nl"]  # a@ waits for its retry time
    post.clock.advance(dt.timedelta(minutes=1))
    deliver_outbox(post.uow(), mailer, post.clock)
    deliver_outbox(post.uow(), mailer, post.clock)
    assert sorted(m.to for m in mailer.sent) == ["a@example.nl", "b@example.nl"]
    assert {e.status for e in post.entries().values()} == {OutboxStatus.SENT}


def test_the_back_off_doubles_and_gives_up_after_the_last_attempt(
    post: Post, mailer: MemoryMailer
) -> None:
    post.queue("a@example.nl")
    mailer.down = True
    delays = []
    for _ in range(MAX_ATTEMPTS):
        before = post.clock.now()
        deliver_outbox(post.uow(), mailer, post.clock)
        entry = post.entries()["a@example.nl"]
        if entry.status is OutboxStatus.QUEUED:
            delays.append(entry.next_attempt_at - before)
            post.clock.set(entry.next_attempt_at)
    assert delays == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 64)]
    entry = post.entries()["a@example.nl"]
    assert entry.status is OutboxStatus.FAILED
    assert entry.attempts == MAX_ATTEMPTS
    mailer.down = False
    post.clock.advance(dt.timedelta(days=1))
    assert deliver_outbox(post.uow(), mailer, post.clock).sent == 0


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
