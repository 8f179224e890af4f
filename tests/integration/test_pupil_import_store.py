"""The one repository method the import added: which login names exist, in any school, in
one query. Held to the same contract on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from deborg.domain.model import Parent, School
from deborg.ports.uow import UnitOfWork


def test_logins_in_use_answers_across_schools_for_many_names(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    with any_uow_factory() as uow:
        one = uow.schools.add(School(name="Een", code="11AA11"))
        two = uow.schools.add(School(name="Twee", code="22BB22"))
        uow.parents.add(Parent(school_id=one.id, login_name="a@x.nl"))
        uow.parents.add(Parent(school_id=two.id, login_name="b@x.nl"))
        uow.commit()
    asked = {"a@x.nl", "b@x.nl", "c@x.nl"} | {f"n{i}@x.nl" for i in range(1200)}

    with any_uow_factory() as uow:
        assert uow.parents.logins_in_use(asked) == {"a@x.nl", "b@x.nl"}
        assert uow.parents.logins_in_use([]) == set()
