"""Staff publish content: news, messages (urgent or open for replies) and agenda items; and
parents reply to messages. Every publication routes its notices in the same transaction.

:mod:`.common` holds what every kind of publication shares (validation, the audience, the
notices); :mod:`.news`, :mod:`.messages` and :mod:`.agenda` hold the use cases.
"""

from deborg.domain.content.rules import MAX_BODY, MAX_TITLE, validate_body, validate_title
from deborg.services.content.publishing.agenda import (
    AgendaInput,
    add_agenda_item,
    change_agenda_item,
    describe_when,
    remove_agenda_item,
)
from deborg.services.content.publishing.common import (
    Published,
    announce,
    notify_audience,
    resolve_audience,
    resolve_author,
)
from deborg.services.content.publishing.messages import (
    MAX_REPLY,
    RepliesNotAllowed,
    ReplyNeedsAuthor,
    ReplyView,
    own_replies,
    post_message,
    replies_to,
    reply_to_message,
)
from deborg.services.content.publishing.news import post_news

__all__ = [
    "MAX_BODY",
    "MAX_REPLY",
    "MAX_TITLE",
    "AgendaInput",
    "Published",
    "RepliesNotAllowed",
    "ReplyNeedsAuthor",
    "ReplyView",
    "add_agenda_item",
    "announce",
    "change_agenda_item",
    "describe_when",
    "notify_audience",
    "own_replies",
    "post_message",
    "post_news",
    "remove_agenda_item",
    "replies_to",
    "reply_to_message",
    "resolve_audience",
    "resolve_author",
    "validate_body",
    "validate_title",
]
