"""Click parameter types that turn bad input into a clear one-line message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from deborg.domain.errors import InvalidInput
from deborg.domain.validation import validate_date, validate_email, validate_postcode


class DateParam(click.ParamType):
    name = "DATUM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return validate_date(str(value))
        except InvalidInput as error:
            self.fail(error.message, param, ctx)


class EmailParam(click.ParamType):
    name = "E-MAIL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return validate_email(str(value))
        except InvalidInput as error:
            self.fail(f"{value!r}: {error.message}", param, ctx)


class PostcodeParam(click.ParamType):
    name = "POSTCODE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return validate_postcode(str(value))
        except InvalidInput as error:
            self.fail(error.message, param, ctx)


class TimeParam(click.ParamType):
    name = "TIJD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.time):
            return value
        text = str(value).strip().replace(".", ":")
        try:
            hours, _, minutes = text.partition(":")
            return dt.time(int(hours), int(minutes or 0))
        except ValueError:
            self.fail(f"{value!r} is geen tijd; schrijf bijvoorbeeld 14:30.", param, ctx)


DATE = DateParam()
TIME = TimeParam()
EMAIL = EmailParam()
POSTCODE = PostcodeParam()
