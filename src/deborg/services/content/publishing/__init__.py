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
    AudienceMove,
    Published,
    announce,
    notify_audience,
    resolve_audience,
    resolve_author,
)
from deborg.services.content.publishing.edits import (
    Edited,
    Preview,
    change_message,
    change_news,
    message_for_staff,
    news_for_staff,
    preview,
    urgent_reach,
    withdraw_message,
    withdraw_news,
)
from deborg.services.content.publishing.messages import (
    MAX_REPLY,
    RepliesNotAllowed,
    ReplyNeedsAuthor,
    ReplyView,
    answer_reply,
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
    "AudienceMove",
    "Edited",
    "Preview",
    "Published",
    "RepliesNotAllowed",
    "ReplyNeedsAuthor",
    "ReplyView",
    "add_agenda_item",
    "announce",
    "answer_reply",
    "change_agenda_item",
    "change_message",
    "change_news",
    "describe_when",
    "message_for_staff",
    "news_for_staff",
    "notify_audience",
    "own_replies",
    "post_message",
    "post_news",
    "preview",
    "remove_agenda_item",
    "replies_to",
    "reply_to_message",
    "resolve_audience",
    "resolve_author",
    "urgent_reach",
    "validate_body",
    "validate_title",
    "withdraw_message",
    "withdraw_news",
]
