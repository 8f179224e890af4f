"""Click parameter types that turn bad input into a clear one-line message."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from deborg.adapters.email_addresses import EmailValidatorAddresses
from deborg.domain.conferences.model import TimeRange
from deborg.domain.errors import InvalidInput
from deborg.domain.validation import validate_date, validate_email, validate_postcode

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class DateParam(click.ParamType[dt.date]):
    name = "DATUM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return validate_date(str(value))
        except InvalidInput as error:
            self.fail(error.message, param, ctx)


class EmailParam(click.ParamType[str]):
    name = "E-MAIL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return validate_email(str(value), normalise=EmailValidatorAddresses().normalise)
        except InvalidInput as error:
            self.fail(f"{value!r}: {error.message}", param, ctx)


class PostcodeParam(click.ParamType[str]):
    name = "POSTCODE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return validate_postcode(str(value))
        except InvalidInput as error:
            self.fail(error.message, param, ctx)


def _parse_time(text: str) -> dt.time | None:
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeParam(click.ParamType[dt.time]):
    name = "UU:MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.time:
        if isinstance(value, dt.time):
            return value
        parsed = _parse_time(str(value))
        if parsed is None:
            self.fail(f"{value!r} is geen tijd; schrijf bijvoorbeeld 15:30.", param, ctx)
        return parsed


class TimeRangeParam(click.ParamType[TimeRange]):
    name = "UU:MM-UU:MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> TimeRange:
        if isinstance(value, TimeRange):
            return value
        start, _, end = str(value).partition("-")
        first, second = _parse_time(start), _parse_time(end)
        if first is None or second is None or first >= second:
            self.fail(f"{value!r} is geen pauze; schrijf bijvoorbeeld 16:00-16:15.", param, ctx)
        return TimeRange(first, second)


DATE = DateParam()
TIME = TimeParam()
TIME_RANGE = TimeRangeParam()
EMAIL = EmailParam()
POSTCODE = PostcodeParam()
