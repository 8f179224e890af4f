"""SQL repositories of a school's own records: the school, its groups, children and staff."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.engine import Row

from deborg.adapters.sqlalchemy.base import SqlRepository, values_present
from deborg.adapters.sqlalchemy.tables import (
    ChildRow,
    GroupRow,
    GuardianshipRow,
    ParentRow,
    SchoolRow,
    StaffGroupRow,
    StaffRow,
    get_in_school,
)
from deborg.domain.model import (
    Address,
    Child,
    Group,
    School,
    SchoolSettings,
    StaffMember,
    StaffRole,
    StaffState,
    Weekday,
)

# --- schools --------------------------------------------------------------------------------


def to_school(row: SchoolRow) -> School:
    return School(
        id=row.id,
        name=row.name,
        code=row.code,
        timezone=row.timezone,
        city=row.city,
        settings=SchoolSettings(
            digest_weekday=Weekday(row.digest_weekday),
            digest_time=row.digest_time,
            uses_results=row.uses_results,
            website_url=row.website_url,
            teachers_post_school_wide=bool(row.teachers_post_school_wide),
        ),
    )


def _school_values(school: School) -> dict[str, object]:
    return {
        "name": school.name,
        "code": school.code,
        "timezone": school.timezone,
        "city": school.city,
        "digest_weekday": int(school.settings.digest_weekday),
        "digest_time": school.settings.digest_time,
        "uses_results": school.settings.uses_results,
        "website_url": school.settings.website_url,
        "teachers_post_school_wide": school.settings.teachers_post_school_wide,
    }


class SqlSchoolRepository(SqlRepository):
    def lock(self, school_id: int) -> None:
        # SELECT … FOR UPDATE on the school's row (PostgreSQL); SQLite has one writer anyway.
        self.session.scalar(select(SchoolRow.id).where(SchoolRow.id == school_id).with_for_update())

    def add(self, school: School) -> School:
        row = SchoolRow(**_school_values(school))
        self.session.add(row)
        self.session.flush()
        return to_school(row)

    def get(self, school_id: int) -> School | None:
        row = self.session.get(SchoolRow, school_id)
        return to_school(row) if row else None

    def get_by_code(self, code: str) -> School | None:
        row = self.session.scalar(select(SchoolRow).where(SchoolRow.code == code.strip().upper()))
        return to_school(row) if row else None

    def list(self) -> Sequence[School]:
        return [
            to_school(r) for r in self.session.scalars(select(SchoolRow).order_by(SchoolRow.id))
        ]

    def update(self, school: School) -> None:
        row = self.session.get_one(SchoolRow, school.id)
        for key, value in _school_values(school).items():
            setattr(row, key, value)


# --- groups ---------------------------------------------------------------------------------


def _group(row: GroupRow | Row[Any]) -> Group:
    return Group(
        id=row.id,
        school_id=row.school_id,
        name=row.name,
        year=row.year,
        description=row.description,
        last_year=row.last_year,
    )


class SqlGroupRepository(SqlRepository):
    def add(self, group: Group) -> Group:
        row = GroupRow(
            school_id=group.school_id,
            name=group.name,
            year=group.year,
            description=group.description,
            last_year=group.last_year,
        )
        self.session.add(row)
        self.session.flush()
        return _group(row)

    def get(self, school_id: int, group_id: int) -> Group | None:
        return get_in_school(self.session, GroupRow, group_id, school_id, _group)

    def get_by_name(self, school_id: int, name: str) -> Group | None:
        row = self.session.scalar(
            select(GroupRow).where(
                GroupRow.school_id == school_id,
                func.lower(GroupRow.name) == name.strip().lower(),
            )
        )
        return _group(row) if row else None

    def list(self, school_id: int) -> Sequence[Group]:
        rows = self.session.execute(
            select(GroupRow.__table__).where(GroupRow.school_id == school_id)
        )
        return sorted(
            (_group(r) for r in rows), key=lambda g: (g.year or 0, g.name.casefold(), g.id)
        )

    def update(self, group: Group) -> None:
        row = self.session.get_one(GroupRow, group.id)
        row.name, row.year, row.description = group.name, group.year, group.description
        row.last_year = group.last_year


# --- children -------------------------------------------------------------------------------


def to_address(row: ChildRow | ParentRow | Row[Any]) -> Address:
    return Address(
        street=row.street,
        house_number=row.house_number,
        house_number_suffix=row.house_number_suffix,
        postcode=row.postcode,
        city=row.city,
    )


def address_values(address: Address) -> dict[str, str]:
    return {
        "street": address.street,
        "house_number": address.house_number,
        "house_number_suffix": address.house_number_suffix,
        "postcode": address.postcode,
        "city": address.city,
    }


def _child(row: ChildRow | Row[Any]) -> Child:
    return Child(
        id=row.id,
        school_id=row.school_id,
        group_id=row.group_id,
        roepnaam=row.roepnaam,
        achternaam=row.achternaam,
        tussenvoegsel=row.tussenvoegsel,
        voorletters=row.voorletters,
        date_of_birth=row.date_of_birth,
        address=to_address(row),
        pupil_number=row.pupil_number,
        archived=row.archived,
    )


def _child_values(child: Child) -> dict[str, object]:
    return {
        "school_id": child.school_id,
        "group_id": child.group_id,
        "roepnaam": child.roepnaam,
        "achternaam": child.achternaam,
        "tussenvoegsel": child.tussenvoegsel,
        "voorletters": child.voorletters,
        "date_of_birth": child.date_of_birth,
        "pupil_number": child.pupil_number,
        "archived": child.archived,
        **address_values(child.address),
    }


def _sorted_children(rows: Iterable[ChildRow | Row[Any]]) -> list[Child]:
    return sorted((_child(r) for r in rows), key=lambda c: (c.sort_key, c.id))


#: A parent's children (not archived) with their groups: on every page of a parent, so the
#: statement is built once.
_OF_PARENT = (
    select(
        ChildRow.__table__,
        GroupRow.__table__.c.name.label("group_name"),
        GroupRow.__table__.c.year.label("group_year"),
        GroupRow.__table__.c.description.label("group_description"),
        GroupRow.__table__.c.last_year.label("group_last_year"),
    )
    .join_from(
        GuardianshipRow.__table__,
        ChildRow.__table__,
        GuardianshipRow.__table__.c.child_id == ChildRow.__table__.c.id,
    )
    .join(GroupRow.__table__, GroupRow.__table__.c.id == ChildRow.__table__.c.group_id)
    .where(
        GuardianshipRow.__table__.c.school_id == bindparam("school_id"),
        GuardianshipRow.__table__.c.parent_id == bindparam("parent_id"),
        ChildRow.__table__.c.school_id == bindparam("school_id"),
        ChildRow.__table__.c.archived.is_(False),
    )
)


class SqlChildRepository(SqlRepository):
    def add(self, child: Child) -> Child:
        row = ChildRow(**_child_values(child))
        self.session.add(row)
        self.session.flush()
        return _child(row)

    def add_many(self, children: Sequence[Child]) -> list[Child]:
        rows = [ChildRow(**_child_values(child)) for child in children]
        self.session.add_all(rows)
        self.session.flush()  # one INSERT … RETURNING per batch ("insertmanyvalues")
        return [_child(row) for row in rows]

    def get(self, school_id: int, child_id: int) -> Child | None:
        return get_in_school(self.session, ChildRow, child_id, school_id, _child)

    def get_many(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Child]:
        ids = list(set(child_ids))
        if not ids:
            return []
        rows = self.session.execute(
            select(ChildRow.__table__).where(ChildRow.school_id == school_id, ChildRow.id.in_(ids))
        )
        return _sorted_children(rows)

    def get_by_pupil_number(self, school_id: int, pupil_number: str) -> Child | None:
        row = self.session.scalar(
            select(ChildRow).where(
                ChildRow.school_id == school_id, ChildRow.pupil_number == pupil_number
            )
        )
        return _child(row) if row else None

    def list(self, school_id: int, *, include_archived: bool = False) -> Sequence[Child]:
        query = select(ChildRow).where(ChildRow.school_id == school_id)
        if not include_archived:
            query = query.where(ChildRow.archived.is_(False))
        return _sorted_children(self.session.scalars(query))

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[Child]:
        rows = self.session.scalars(
            select(ChildRow).where(
                ChildRow.school_id == school_id,
                ChildRow.group_id == group_id,
                ChildRow.archived.is_(False),
            )
        )
        return _sorted_children(rows)

    def of_parent(self, school_id: int, parent_id: int) -> Sequence[tuple[Child, Group]]:
        rows = self.session.execute(_OF_PARENT, {"school_id": school_id, "parent_id": parent_id})
        pairs = [
            (
                _child(r),
                Group(
                    id=r.group_id,
                    school_id=school_id,
                    name=r.group_name,
                    year=r.group_year,
                    description=r.group_description,
                    last_year=r.group_last_year,
                ),
            )
            for r in rows
        ]
        return sorted(pairs, key=lambda pair: (pair[0].sort_key, pair[0].id))

    def update(self, child: Child) -> None:
        row = self.session.get_one(ChildRow, child.id)
        for key, value in _child_values(child).items():
            setattr(row, key, value)


# --- staff ----------------------------------------------------------------------------------


class SqlStaffRepository(SqlRepository):
    def _staff(self, row: StaffRow) -> StaffMember:
        group_ids = self.session.scalars(
            select(StaffGroupRow.group_id)
            .where(StaffGroupRow.staff_id == row.id)
            .order_by(StaffGroupRow.group_id)
        )
        return _staff_member(row, tuple(group_ids))

    def _set_groups(self, staff_id: int, group_ids: Iterable[int]) -> None:
        self.session.execute(delete(StaffGroupRow).where(StaffGroupRow.staff_id == staff_id))
        self.session.add_all(StaffGroupRow(staff_id=staff_id, group_id=g) for g in set(group_ids))
        self.session.flush()

    def add(self, staff: StaffMember) -> StaffMember:
        row = StaffRow(**_staff_values(staff))
        self.session.add(row)
        self.session.flush()
        self._set_groups(row.id, staff.group_ids)
        return self._staff(row)

    def get(self, school_id: int, staff_id: int) -> StaffMember | None:
        return get_in_school(self.session, StaffRow, staff_id, school_id, self._staff)

    def get_by_email(self, school_id: int, email: str) -> StaffMember | None:
        row = self.session.scalar(
            select(StaffRow).where(
                StaffRow.school_id == school_id, StaffRow.email == email.strip().lower()
            )
        )
        return self._staff(row) if row else None

    def list(self, school_id: int) -> Sequence[StaffMember]:
        rows = self.session.scalars(select(StaffRow).where(StaffRow.school_id == school_id))
        return self._many(list(rows))

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[StaffMember]:
        rows = self.session.scalars(
            select(StaffRow)
            .join(StaffGroupRow, StaffGroupRow.staff_id == StaffRow.id)
            .where(StaffRow.school_id == school_id, StaffGroupRow.group_id == group_id)
        )
        return self._many(list(rows))

    def _many(self, rows: Sequence[StaffRow]) -> Sequence[StaffMember]:
        """Many staff members with their groups in two queries, sorted by name."""
        group_ids: dict[int, list[int]] = {row.id: [] for row in rows}
        if rows:
            pairs = self.session.execute(
                select(StaffGroupRow.staff_id, StaffGroupRow.group_id)
                .where(StaffGroupRow.staff_id.in_(list(group_ids)))
                .order_by(StaffGroupRow.group_id)
            )
            for staff_id, group_id in pairs:
                group_ids[staff_id].append(group_id)
        staff = (_staff_member(r, tuple(group_ids[r.id])) for r in rows)
        return sorted(staff, key=lambda s: s.name.casefold())

    def get_by_login(self, email: str) -> StaffMember | None:
        row = self.session.scalar(
            select(StaffRow).where(StaffRow.email == email.strip().lower()).limit(1)
        )
        return self._staff(row) if row else None

    def logins_in_use(self, login_names: Iterable[str]) -> set[str]:
        return values_present(self.session, StaffRow.email, (n.lower() for n in login_names))

    def update(self, staff: StaffMember) -> None:
        row = self.session.get_one(StaffRow, staff.id)
        for key, value in _staff_values(staff).items():
            setattr(row, key, value)
        self._set_groups(staff.id, staff.group_ids)


def _staff_member(row: StaffRow, group_ids: tuple[int, ...]) -> StaffMember:
    return StaffMember(
        id=row.id,
        school_id=row.school_id,
        name=row.name,
        email=row.email,
        group_ids=group_ids,
        role=StaffRole(row.role or StaffRole.LEERKRACHT),
        state=StaffState(row.state or StaffState.INVITED),
        password_hash=row.password_hash,
        security_stamp=row.security_stamp or 0,
        activated_at=row.activated_at,
    )


def _staff_values(staff: StaffMember) -> dict[str, object]:
    return {
        "school_id": staff.school_id,
        "name": staff.name,
        "email": staff.email,
        "role": staff.role.value,
        "state": staff.state.value,
        "password_hash": staff.password_hash,
        "security_stamp": staff.security_stamp,
        "activated_at": staff.activated_at,
    }
