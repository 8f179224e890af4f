"""Embedding deborg: the services on the in-memory adapters, no web app, no database.

Run it with ``python examples/embedding.py``: it makes a school with a group, a child and a
parent, invites the parent (the activation mail lands in the memory mailer), publishes a news
item to the group and prints the parent's Home.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from deborg.adapters.memory import MemoryMailer
from deborg.bootstrap import bootstrap_in_memory
from deborg.config import Settings
from deborg.domain.model import Child, Group, Guardianship, Parent, School
from deborg.services import accounts, overview
from deborg.services.content import publishing
from deborg.services.outbox import deliver_outbox


def main() -> list[str]:
    """The subjects of the mails sent and the titles of the news on the parent's Home."""
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.from_env({"DEBORG_DATA_DIR": data, "DEBORG_SECRET_KEY": "x" * 40})
        mailer = MemoryMailer()
        s = bootstrap_in_memory(settings, mailer=mailer)
        with s.uow() as uow:
            school = uow.schools.add(School(name="De Borg", code="99XX00", city="Assen"))
            group = uow.groups.add(Group(school.id, "Groep 3", year=3))
            child = uow.children.add(Child(school.id, group.id, "Sanne", "Bakker"))
            parent = uow.parents.add(
                Parent(school.id, "ouder@example.nl", roepnaam="Petra", achternaam="Bakker")
            )
            uow.guardianships.add(Guardianship(school.id, parent.id, child.id))
            uow.commit()
        accounts.invite_parent(
            s.uow(), s.clock, s.tokens, s.hasher, s.links, school_id=school.id, parent_id=parent.id
        )
        deliver_outbox(s.uow(), s.mailer, s.clock)
        publishing.post_news(
            s.uow(),
            s.clock,
            s.links,
            s.richtext,
            school_id=school.id,
            title="Schoolreisje",
            body="Groep 3 gaat naar de Drentse bossen.",
            group_names=("Groep 3",),
        )
        home = overview.home_overview(
            s.uow(),
            school_id=school.id,
            parent_id=parent.id,
            now=s.clock.now() + dt.timedelta(minutes=1),
            invitations=s.areas.home_invitations,
        )
        return [mail.subject for mail in mailer.sent] + [item.title for item in home.news]


if __name__ == "__main__":
    print(main())
