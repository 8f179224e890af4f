"""News and messages (berichten), and the parents' replies to messages."""

from __future__ import annotations

from typing import Any

import click

from deborg.domain import dutch
from deborg.entrypoints.cli.content.options import (
    audience_options,
    body_options,
    body_text,
    changed_audience_options,
    changed_groups,
    chosen_groups,
    report,
    report_edit,
)
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import EMAIL
from deborg.services.content import publishing

# --- news -----------------------------------------------------------------------------------


@click.group()
def news() -> None:
    """Nieuws."""


@news.command("post")
@click.argument("title")
@body_options
@audience_options
@click.option("--as", "author", type=EMAIL, help="E-mail address of the staff member posting.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def news_post(
    context: CliContext,
    title: str,
    body: str,
    body_file: Any,
    school_wide: bool,
    groups: tuple[str, ...],
    author: str | None,
    as_json: bool,
) -> None:
    """Post a news item."""
    school = context.school()
    s = context.services
    published = publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        title=title,
        body=body_text(body, body_file),
        group_names=chosen_groups(school_wide, groups),
        author_email=author,
    )
    report("Nieuwsbericht", published, as_json)


@news.command("edit")
@click.argument("item_id", type=int)
@click.option("--title", required=True, help="The (corrected) title.")
@body_options
@changed_audience_options
@pass_context
def news_edit(
    context: CliContext,
    item_id: int,
    title: str,
    body: str,
    body_file: Any,
    school_wide: bool,
    groups: tuple[str, ...],
) -> None:
    """Correct a news item's title and text, or its audience (only parents who newly get it
    are told, once)."""
    s = context.services
    edited = publishing.change_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=context.school().id,
        item_id=item_id,
        title=title,
        body=body_text(body, body_file),
        group_names=changed_groups(school_wide, groups),
    )
    report_edit("Nieuwsbericht", edited)


@news.command("withdraw")
@click.argument("item_id", type=int)
@pass_context
def news_withdraw(context: CliContext, item_id: int) -> None:
    """Take a news item down: parents no longer see it."""
    item = publishing.withdraw_news(
        context.services.uow(), school_id=context.school().id, item_id=item_id
    )
    click.echo(f"Nieuwsbericht {item.id} ingetrokken: {item.title}")


# --- messages -------------------------------------------------------------------------------


@click.group()
def message() -> None:
    """Berichten (oproepen, spoedberichten) and the parents' replies."""


@message.command("post")
@click.argument("title")
@body_options
@audience_options
@click.option(
    "--urgent", is_flag=True, help="Spoedbericht: mailed at once to every guardian concerned."
)
@click.option("--replies", is_flag=True, help="Parents may reply; replies reach --as.")
@click.option("--as", "author", type=EMAIL, help="E-mail address of the staff member posting.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def message_post(
    context: CliContext,
    title: str,
    body: str,
    body_file: Any,
    school_wide: bool,
    groups: tuple[str, ...],
    urgent: bool,
    replies: bool,
    author: str | None,
    as_json: bool,
) -> None:
    """Post a message (bericht)."""
    school = context.school()
    s = context.services
    published = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        title=title,
        body=body_text(body, body_file),
        group_names=chosen_groups(school_wide, groups),
        urgent=urgent,
        allow_replies=replies,
        author_email=author,
    )
    report("Spoedbericht" if urgent else "Bericht", published, as_json)


@message.command("replies")
@click.argument("message_id", type=int)
@click.option(
    "--as",
    "reader",
    type=EMAIL,
    help="E-mail address of the staff member reading: their unread replies are marked with *, "
    "and are read from now on.",
)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def message_replies(
    context: CliContext, message_id: int, reader: str | None, as_json: bool
) -> None:
    """The parents' replies to a message, oldest first."""
    school = context.school()
    found, replies = publishing.replies_to(
        context.services.uow(), school_id=school.id, message_id=message_id, reader_email=reader
    )
    if as_json:
        emit_json(
            [
                {
                    "id": r.reply.id,
                    "parent": r.parent_name,
                    "email": r.parent_email,
                    "text": r.reply.text,
                    "created_at": r.reply.created_at.isoformat(),
                    "answer": r.reply.answer or None,
                    **({"unread": r.unread} if reader else {}),
                }
                for r in replies
            ]
        )
        return
    click.echo(f"Reacties op bericht {found.id}: {found.title} ({len(replies)})")
    for r in replies:
        when = dutch.format_moment(r.reply.created_at, school.timezone)
        mark = "* " if r.unread else ""
        click.echo(
            f"\n{mark}[{r.reply.id}] {when} – {r.parent_name} <{r.parent_email}>\n{r.reply.text}"
        )
        if r.reply.answer:
            click.echo(f"  Antwoord: {r.reply.answer}")


@message.command("answer")
@click.argument("reply_id", type=int)
@click.argument("text")
@click.option("--as", "author", type=EMAIL, help="E-mail address of the staff member answering.")
@pass_context
def message_answer(context: CliContext, reply_id: int, text: str, author: str | None) -> None:
    """Answer a parent's reply (ids in `deborg message replies --json`); the parent reads it
    under their reply and hears of it as they chose for Berichten."""
    s = context.services
    reply = publishing.answer_reply(
        s.uow(),
        s.clock,
        s.links,
        school_id=context.school().id,
        reply_id=reply_id,
        text=text,
        author_email=author,
    )
    click.echo(f"Antwoord op reactie {reply.id} verstuurd.")


@message.command("edit")
@click.argument("message_id", type=int)
@click.option("--title", required=True, help="The (corrected) title.")
@body_options
@click.option("--replies/--no-replies", default=None, help="Open or close it for replies.")
@changed_audience_options
@pass_context
def message_edit(
    context: CliContext,
    message_id: int,
    title: str,
    body: str,
    body_file: Any,
    replies: bool | None,
    school_wide: bool,
    groups: tuple[str, ...],
) -> None:
    """Correct a message's title and text, open or close it for replies, or change its
    audience (only parents who newly get it are told, once)."""
    s = context.services
    edited = publishing.change_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=context.school().id,
        message_id=message_id,
        title=title,
        body=body_text(body, body_file),
        allow_replies=replies,
        group_names=changed_groups(school_wide, groups),
    )
    report_edit("Bericht", edited)


@message.command("withdraw")
@click.argument("message_id", type=int)
@pass_context
def message_withdraw(context: CliContext, message_id: int) -> None:
    """Take a message down with the replies to it."""
    found = publishing.withdraw_message(
        context.services.uow(), school_id=context.school().id, message_id=message_id
    )
    click.echo(f"Bericht {found.id} ingetrokken: {found.title}")


@message.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def message_list(context: CliContext, as_json: bool) -> None:
    """Messages, newest first."""
    school = context.school()
    with context.services.uow() as uow:
        messages = uow.messages.list(school.id)
    rows = [
        {
            "id": m.id,
            "title": m.title,
            "urgent": m.urgent,
            "replies": m.allow_replies,
            "published_at": m.published_at.isoformat(),
        }
        for m in messages
    ]
    if as_json:
        emit_json(rows)
        return
    for m in messages:
        flags = (" [spoed]" if m.urgent else "") + (" [reacties]" if m.allow_replies else "")
        click.echo(f"{m.id:>5}  {m.title}{flags}")


def register(cli: click.Group) -> None:
    for command in (news, message):
        cli.add_command(command)
