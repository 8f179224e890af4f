"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json.

Written by hand so that it says what the app may rely on; tests keep it honest: one compares
its paths and methods with the routes of the blueprint, and Schemathesis checks every
response the API gives against it.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from deborg.domain.devices.model import DEVICE_NAME_MAX
from deborg.domain.passwords import MAX_LENGTH as PASSWORD_MAX_LENGTH
from deborg.domain.typed_text import SINGLE_LINE_MAX, refused_ranges
from deborg.entrypoints.web.api.base import DEFAULT_PER_PAGE, MAX_ID, MAX_PER_PAGE, bp


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _response(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


def _characters(ranges: tuple[tuple[int, int], ...]) -> str:
    """The inside of a regular-expression character class holding ``ranges``."""
    return "".join(
        f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}"
        for first, last in ranges
    )


def _refused() -> str:
    # Lone surrogates cannot travel in JSON text at all; a pattern naming them is one many
    # regular-expression engines refuse.
    return _characters(tuple(r for r in refused_ranges() if r != (0xD800, 0xDFFF)))


def typed_text() -> str:
    """The input rule (no control or format characters) as a pattern."""
    return f"^[^{_refused()}]*$"


_DATETIME = {"type": "string", "format": "date-time"}
_ID = {"type": "integer", "minimum": 1}

SECURED: list[dict[str, list[str]]] = [{"deviceToken": []}]

#: Every call with a bearer token may be refused because the device is not (or no longer)
#: paired, or because the device made too many calls in the last minute.
_AUTHENTICATED_ERRORS = {"401": _response("Unauthorized"), "429": _response("TooManyRequests")}

PAGE_PARAMETERS = [
    {"$ref": "#/components/parameters/page"},
    {"$ref": "#/components/parameters/per_page"},
]


def page_of(item_schema: str) -> dict[str, Any]:
    """A page of a list: ``items`` plus the numbers and links to walk through it."""
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages", "links"],
        "properties": {
            "items": {"type": "array", "items": _ref(item_schema)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 1},
            "links": _ref("PageLinks"),
        },
    }


def paginated_list(
    summary: str, item_schema: str, description: str, *, searchable: bool = False
) -> dict[str, Any]:
    search = [{"$ref": "#/components/parameters/search"}] if searchable else []
    return {
        "get": {
            "summary": summary,
            "description": description,
            "security": SECURED,
            "parameters": [*PAGE_PARAMETERS, *search],
            "responses": {
                "200": _json(page_of(item_schema), "One page of the list."),
                "400": _response("InvalidParameter"),
                **_AUTHENTICATED_ERRORS,
            },
        }
    }


_SCHOOL_WIDE = {
    "type": "boolean",
    "description": "For the whole school; otherwise for one or more of the children's groups.",
}

CONTENT_SCHEMAS: dict[str, Any] = {
    "Unread": {
        "type": "object",
        "required": ["news", "messages"],
        "properties": {
            "news": {
                "type": "string",
                "description": "Unread news items: '' for none, '3', or '99+'.",
            },
            "messages": {
                "type": "string",
                "description": "Unread berichten: '' for none, '3', or '99+'.",
            },
        },
    },
    "NewsItem": {
        "type": "object",
        "required": [
            "id",
            "title",
            "published_at",
            "school_wide",
            "summary",
            "body_html",
            "body_text",
            "unread",
        ],
        "properties": {
            "id": _ID,
            "title": {"type": "string"},
            "published_at": _DATETIME,
            "school_wide": _SCHOOL_WIDE,
            "unread": {"type": "boolean", "description": "Not yet opened by the parent."},
            "summary": {"type": "string"},
            "body_html": {"type": "string", "description": "Sanitised HTML."},
            "body_text": {"type": "string"},
        },
    },
    "MessageItem": {
        "type": "object",
        "required": [
            "id",
            "title",
            "published_at",
            "school_wide",
            "urgent",
            "allow_replies",
            "summary",
            "body_html",
            "body_text",
            "unread",
            "new_answer",
        ],
        "properties": {
            "unread": {
                "type": "boolean",
                "description": "Not yet opened by the parent, or new_answer.",
            },
            "new_answer": {
                "type": "boolean",
                "description": "The school answered the parent's reply to this message after "
                "the parent last opened it in the portal (the answer counts as unread).",
            },
            "id": _ID,
            "title": {"type": "string"},
            "published_at": _DATETIME,
            "school_wide": _SCHOOL_WIDE,
            "urgent": {"type": "boolean", "description": "A spoedbericht."},
            "allow_replies": {
                "type": "boolean",
                "description": "Parents may reply, in the portal.",
            },
            "summary": {"type": "string"},
            "body_html": {"type": "string", "description": "Sanitised HTML."},
            "body_text": {"type": "string"},
        },
    },
    "AgendaEntry": {
        "type": "object",
        "required": [
            "id",
            "title",
            "starts_at",
            "ends_at",
            "all_day",
            "day",
            "when",
            "location",
            "school_wide",
            "description_html",
            "description_text",
        ],
        "properties": {
            "id": _ID,
            "title": {"type": "string"},
            "starts_at": _DATETIME,
            "ends_at": {"type": ["string", "null"], "format": "date-time"},
            "all_day": {"type": "boolean"},
            "day": {
                "type": "string",
                "format": "date",
                "description": "The local date it starts (the school's time zone).",
            },
            "when": {
                "type": "string",
                "description": "Dutch, e.g. '09.00 – 12.00 uur', 'hele dag'.",
            },
            "location": {"type": "string"},
            "school_wide": _SCHOOL_WIDE,
            "description_html": {"type": "string", "description": "Sanitised HTML."},
            "description_text": {"type": "string"},
        },
    },
    "Album": {
        "type": "object",
        "required": [
            "id",
            "title",
            "description",
            "published_at",
            "school_wide",
            "photo_count",
            "cover_thumbnail_url",
            "url",
        ],
        "properties": {
            "id": _ID,
            "title": {"type": "string"},
            "description": {"type": "string"},
            "published_at": _DATETIME,
            "school_wide": _SCHOOL_WIDE,
            "photo_count": {"type": "integer", "minimum": 0},
            "cover_thumbnail_url": {"type": ["string", "null"], "format": "uri"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Photo": {
        "type": "object",
        "required": ["id", "caption", "width", "height", "content_type", "url", "thumbnail_url"],
        "properties": {
            "id": _ID,
            "caption": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "content_type": {"type": "string"},
            "url": {
                "type": "string",
                "format": "uri",
                "description": "Fetch with the device token (Authorization: Bearer).",
            },
            "thumbnail_url": {"type": "string", "format": "uri"},
        },
    },
}

_ALBUM_ID = {
    "name": "album_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}
_PHOTO_ID = {
    "name": "photo_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}
_IMAGE = {
    "description": "The photo (re-encoded when it was uploaded, without metadata).",
    "content": {
        media: {"schema": {"type": "string", "contentMediaType": media}}
        for media in ("image/jpeg", "image/png", "image/webp")
    },
}


def _photo_operation(summary: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "security": SECURED,
            "parameters": [_ALBUM_ID, _PHOTO_ID],
            "responses": {
                "200": _IMAGE,
                "400": _response("InvalidParameter"),
                "404": _response("NotFound"),
                **_AUTHENTICATED_ERRORS,
            },
        }
    }


CONTENT_PATHS: dict[str, Any] = {
    "/news": paginated_list(
        "Nieuws",
        "NewsItem",
        "News for the whole school and for the children's groups, newest first; with "
        "`search`, only the items it finds. A page is read from the database on its own, "
        "whatever the length of the school's history.",
        searchable=True,
    ),
    "/messages": paginated_list(
        "Berichten",
        "MessageItem",
        "Messages (urgent ones are spoedberichten), newest first; with `search`, only the "
        "messages it finds. A page is read from the database on its own.",
        searchable=True,
    ),
    "/agenda": paginated_list(
        "Agenda",
        "AgendaEntry",
        "Agenda items that are not over yet, earliest first.",
    ),
    "/albums": paginated_list(
        "Fotoalbums",
        "Album",
        "Albums with photos, newest first.",
    ),
    "/albums/{album_id}": {
        "get": {
            "summary": "One album and a page of its photos",
            "description": "Another group's album is answered as not found.",
            "security": SECURED,
            "parameters": [_ALBUM_ID, *PAGE_PARAMETERS],
            "responses": {
                "200": _json(
                    {
                        **page_of("Photo"),
                        "required": [*page_of("Photo")["required"], "album"],
                        "properties": {
                            **page_of("Photo")["properties"],
                            "album": _ref("Album"),
                        },
                    },
                    "The album and one page of its photos.",
                ),
                "400": _response("InvalidParameter"),
                "404": _response("NotFound"),
                **_AUTHENTICATED_ERRORS,
            },
        }
    },
    "/albums/{album_id}/photos/{photo_id}": _photo_operation("A photo"),
    "/albums/{album_id}/photos/{photo_id}/thumbnail": _photo_operation("A photo's thumbnail"),
}


# --- absences and conversations with teachers (issue #19) -----------------------------------

_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_TEXT = {"type": "string"}
_THREAD_ID = {
    "name": "thread_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}

ABSENCE_SCHEMAS: dict[str, Any] = {
    "Absence": {
        "type": "object",
        "required": [
            "id",
            "child_id",
            "child",
            "reason",
            "reason_label",
            "note",
            "first_day",
            "last_day",
            "open_ended",
            "withdrawn",
            "reported_at",
            "period",
        ],
        "properties": {
            "id": _ID,
            "child_id": _ID,
            "child": _TEXT,
            "reason": {"type": "string", "enum": ["ziek", "arts", "anders"]},
            "reason_label": _TEXT,
            "note": _TEXT,
            "first_day": _DATE,
            "last_day": {**_NULLABLE_DATE, "description": "null: until reported better."},
            "open_ended": {"type": "boolean"},
            "withdrawn": {"type": "boolean"},
            "reported_at": _DATETIME,
            "period": {"type": "string", "description": "The period in Dutch words."},
        },
    },
    "NewAbsence": {
        "type": "object",
        "required": ["child_id", "reason", "first_day"],
        "properties": {
            "child_id": _ID,
            "reason": {
                "type": "string",
                "enum": ["ziek", "arts", "anders"],
                "description": "ziek; arts (huisarts, tandarts, ziekenhuis); anders (a note "
                "is required).",
            },
            "first_day": _DATE,
            "last_day": {
                **_NULLABLE_DATE,
                "description": "Absent or null: until reported better (ziek), one day (else).",
            },
            "note": {"type": "string", "maxLength": 500},
        },
    },
    "ConversationSummary": {
        "type": "object",
        "required": [
            "id",
            "subject",
            "child_id",
            "child",
            "teacher",
            "private",
            "last_post_at",
            "unread",
        ],
        "properties": {
            "id": _ID,
            "subject": _TEXT,
            "child_id": _ID,
            "child": _TEXT,
            "teacher": _TEXT,
            "private": {"type": "boolean", "description": "Not shown to the co-guardians."},
            "last_post_at": _DATETIME,
            "unread": {"type": "boolean"},
        },
    },
    "ConversationPost": {
        "type": "object",
        "required": ["id", "from", "side", "own", "posted_at", "text", "attachment"],
        "properties": {
            "id": _ID,
            "from": _TEXT,
            "side": {"type": "string", "enum": ["parent", "staff"]},
            "own": {"type": "boolean"},
            "posted_at": _DATETIME,
            "text": _TEXT,
            "attachment": {"type": ["string", "null"], "description": "The file name."},
            "reachable_note": {
                "type": ["string", "null"],
                "description": "Written outside the teacher's reachable hours: when to expect "
                "an answer.",
            },
        },
    },
    "Conversation": {
        "type": "object",
        "required": [
            "id",
            "subject",
            "child_id",
            "child",
            "teacher",
            "private",
            "posts",
            "read_by_teacher_at",
            "can_write",
            "reachable_note",
        ],
        "properties": {
            "id": _ID,
            "subject": _TEXT,
            "child_id": _ID,
            "child": _TEXT,
            "teacher": _TEXT,
            "private": {"type": "boolean"},
            "posts": {"type": "array", "items": _ref("ConversationPost")},
            "read_by_teacher_at": {**_DATETIME, "type": ["string", "null"]},
            "can_write": {"type": "boolean", "description": "False for a read-only account."},
            "reachable_note": {"type": ["string", "null"]},
        },
    },
    "NewConversation": {
        "type": "object",
        "required": ["child_id", "staff_id", "subject", "text"],
        "properties": {
            "child_id": _ID,
            "staff_id": {**_ID, "description": "A teacher of the child's group."},
            "subject": {"type": "string", "maxLength": 150},
            "text": {"type": "string", "maxLength": 5000},
            "private": {"type": "boolean", "default": False},
        },
    },
    "NewPost": {
        "type": "object",
        "required": ["text"],
        "properties": {"text": {"type": "string", "maxLength": 5000}},
    },
}

_WRITE_ERRORS = {
    "400": _error(
        "The body is not a JSON object (bad_request) or a field is missing or wrong "
        "(invalid_input, with field); for today after the school's cut-off: "
        "too_late_to_report (the message names the number to phone)."
    ),
    "403": _error("The account is read-only (account_read_only)."),
    "404": _response("NotFound"),
    **_AUTHENTICATED_ERRORS,
}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


_CONVERSATIONS_PAGE = page_of("ConversationSummary")
_CONVERSATIONS_PAGE["required"] = [*_CONVERSATIONS_PAGE["required"], "teachers"]
_CONVERSATIONS_PAGE["properties"]["teachers"] = {
    "type": "array",
    "description": "Whom the parent may write: the teachers of each child's group.",
    "items": {
        "type": "object",
        "required": ["child_id", "staff_id", "name"],
        "properties": {"child_id": _ID, "staff_id": _ID, "name": _TEXT},
    },
}

ABSENCE_PATHS: dict[str, Any] = {
    "/absences": {
        **paginated_list(
            "The children's absence reports",
            "Absence",
            "Current and past reports (ziekmeldingen) of the parent's children, newest first "
            "per child; reasons are shown to the child's guardians and the school only.",
        ),
        "post": {
            "summary": "Report a child sick or absent (Ziek melden)",
            "description": "For today until the school's cut-off (default 08:15 school "
            "time), or a later day or period. Both guardians are mailed a confirmation.",
            "security": SECURED,
            "requestBody": _body("NewAbsence"),
            "responses": {
                "201": _json(_ref("Absence"), "Gemeld."),
                "409": _error("The child is already reported absent on (some of) these days."),
                **_WRITE_ERRORS,
            },
        },
    },
    "/conversations": {
        "get": {
            "summary": "Conversations with teachers (Bericht aan de leerkracht)",
            "description": "The parent's own and the co-guardians' non-private ones about a "
            "shared child, latest first, plus whom the parent may write.",
            "security": SECURED,
            "parameters": PAGE_PARAMETERS,
            "responses": {
                "200": _json(_CONVERSATIONS_PAGE, "One page of the list."),
                "400": _response("InvalidParameter"),
                **_AUTHENTICATED_ERRORS,
            },
        },
        "post": {
            "summary": "Start a conversation with a teacher of the child's group",
            "security": SECURED,
            "requestBody": _body("NewConversation"),
            "responses": {"201": _json(_ref("Conversation"), "Verstuurd."), **_WRITE_ERRORS},
        },
    },
    "/conversations/{thread_id}": {
        "get": {
            "summary": "A conversation with its posts (marks it read)",
            "security": SECURED,
            "parameters": [_THREAD_ID],
            "responses": {
                "200": _json(_ref("Conversation"), "The conversation."),
                "400": _response("InvalidParameter"),
                "404": _response("NotFound"),
                **_AUTHENTICATED_ERRORS,
            },
        }
    },
    "/conversations/{thread_id}/posts": {
        "post": {
            "summary": "Write in a conversation",
            "security": SECURED,
            "parameters": [_THREAD_ID],
            "requestBody": _body("NewPost"),
            "responses": {
                "201": _json(_ref("ConversationPost"), "Verstuurd."),
                **_WRITE_ERRORS,
            },
        }
    },
}


COMPONENTS: dict[str, Any] = {
    "securitySchemes": {
        "deviceToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "The device token that POST /devices returned when the app was "
            "paired. It stops working when the device is removed in the portal, when the app "
            "unpairs (DELETE /devices/current) or when the account is blocked; a password "
            "change does not end it.",
        }
    },
    "parameters": {
        "page": {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "The page to return, from 1.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
        },
        "search": {
            "name": "search",
            "in": "query",
            "required": False,
            "description": "Words to find in the title and the text (the portal's "
            '"Zoeken"): every word must occur, in any form of the word the Dutch language '
            'rules know ("gesprekken" finds "gesprek"); quotes, `or` and `-word` '
            "work as in a web search engine. Only the first 100 characters count; text "
            "without any word finds nothing. The page links keep the search.",
            "schema": {"type": "string", "maxLength": SINGLE_LINE_MAX, "pattern": typed_text()},
        },
        "per_page": {
            "name": "per_page",
            "in": "query",
            "required": False,
            "description": "Items per page.",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
            },
        },
    },
    "responses": {
        "Unauthorized": {
            "description": "No device token, or one that is unknown or revoked: the app must "
            "pair again.",
            "headers": {
                "WWW-Authenticate": {"schema": {"type": "string"}, "required": True},
            },
            "content": {"application/json": {"schema": _ref("Error")}},
        },
        "InvalidParameter": _error("A query parameter is out of range (code invalid_parameter)."),
        "TooManyRequests": {
            "description": "This device made too many calls in the last minute "
            "(code too_many_requests); try again after Retry-After seconds.",
            "headers": {
                "Retry-After": {
                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                    "required": True,
                },
            },
            "content": {"application/json": {"schema": _ref("Error")}},
        },
        "NotFound": _error("There is no such item, or this parent may not see it."),
    },
    "schemas": {
        **CONTENT_SCHEMAS,
        **ABSENCE_SCHEMAS,
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable and machine-readable, e.g. device_not_paired, "
                    "pairing_token_invalid, invalid_credentials, "
                    "wrong_school_code, too_many_attempts, too_many_requests, invalid_input, "
                    "invalid_parameter, "
                    "bad_request, not_found.",
                },
                "message": {"type": "string", "description": "Dutch, for the parent to read."},
                "field": {
                    "type": "string",
                    "description": "With invalid_input: the request field that is wrong.",
                },
            },
        },
        "PageLinks": {
            "type": "object",
            "required": ["self", "first", "last", "prev", "next"],
            "properties": {
                "self": {"type": "string", "format": "uri"},
                "first": {"type": "string", "format": "uri"},
                "last": {"type": "string", "format": "uri"},
                "prev": {"type": ["string", "null"], "format": "uri"},
                "next": {"type": ["string", "null"], "format": "uri"},
            },
        },
        "Device": {
            "type": "object",
            "required": ["id", "name", "paired_at", "last_used_at"],
            "properties": {
                "id": _ID,
                "name": {"type": "string"},
                "paired_at": _DATETIME,
                "last_used_at": {
                    **_DATETIME,
                    "description": "Updated at most once a minute.",
                },
            },
        },
        "Pairing": {
            "type": "object",
            "required": ["device_token", "token_type", "device", "parent", "message"],
            "properties": {
                "device_token": {
                    "type": "string",
                    "description": "Send as 'Authorization: Bearer <device_token>'. Shown "
                    "once; the server keeps only a hash.",
                },
                "token_type": {"const": "Bearer"},
                "device": _ref("Device"),
                "parent": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": _ID, "name": {"type": "string"}},
                },
                "message": {"const": "Koppeling geslaagd"},
            },
        },
        "Me": {
            "type": "object",
            "required": ["parent", "school", "children", "device"],
            "properties": {
                "parent": {
                    "type": "object",
                    "required": ["id", "name", "login_name", "read_only"],
                    "properties": {
                        "id": _ID,
                        "name": {"type": "string"},
                        "login_name": {"type": "string"},
                        "read_only": {"type": "boolean"},
                    },
                },
                "school": {
                    "type": "object",
                    "required": ["name", "code"],
                    "properties": {"name": {"type": "string"}, "code": {"type": "string"}},
                },
                "children": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "group"],
                        "properties": {
                            "id": _ID,
                            "name": {"type": "string"},
                            "group": {
                                "type": "object",
                                "required": ["id", "name"],
                                "properties": {"id": _ID, "name": {"type": "string"}},
                            },
                        },
                    },
                },
                "device": _ref("Device"),
            },
        },
        "PortalLink": {
            "type": "object",
            "required": ["url", "expires_at"],
            "properties": {
                "url": {
                    "type": "string",
                    "format": "uri",
                    "description": "Open in the browser: a page with the button 'Naar het "
                    "ouderportaal' that logs the parent in. Works once.",
                },
                "expires_at": _DATETIME,
            },
        },
        "Message": {
            "type": "object",
            "required": ["message"],
            "properties": {"message": {"type": "string"}},
        },
    },
}

PATHS: dict[str, Any] = {
    "/devices": {
        "post": {
            "summary": "Pair this device (Koppelen)",
            "description": "With the pairing token from the QR code on Mijn account > App, or "
            "with school code, username and the parent's own password. Password pairing is "
            "throttled like the portal's login; a read-only account may pair.",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"oneOf": [_ref("PairByToken"), _ref("PairByPassword")]}
                    }
                },
            },
            "responses": {
                "201": _json(_ref("Pairing"), "Koppeling geslaagd."),
                "400": _error(
                    "The body is not a JSON object (bad_request) or a field is missing or "
                    "wrong (invalid_input)."
                ),
                "401": {
                    "description": "The pairing token is used, expired or unknown "
                    "(pairing_token_invalid), the username and password do not match "
                    "(invalid_credentials, whatever the school code), or the password is a "
                    "mailed one that has expired (mailed_password_expired).",
                    "headers": {
                        "WWW-Authenticate": {"schema": {"type": "string"}, "required": True},
                    },
                    "content": {"application/json": {"schema": _ref("Error")}},
                },
                "403": _error(
                    "The account is not activated or is blocked (account_not_active), the "
                    "username and password are right but the school code is not the account's "
                    "school (wrong_school_code), or the password is a mailed one-time password: "
                    "the parent first chooses their own in the portal (must_choose_password)."
                ),
                "429": _error("Too many wrong passwords: try again later (too_many_attempts)."),
            },
        }
    },
    "/devices/current": {
        "delete": {
            "summary": "Unpair this device (Ontkoppelen)",
            "description": "The device token stops working at once.",
            "security": SECURED,
            "responses": {
                "200": _json(_ref("Message"), "Ontkoppeld."),
                **_AUTHENTICATED_ERRORS,
            },
        }
    },
    "/me": {
        "get": {
            "summary": "The parent, school, children and this device",
            "security": SECURED,
            "responses": {
                "200": _json(_ref("Me"), "Who this device belongs to."),
                **_AUTHENTICATED_ERRORS,
            },
        }
    },
    "/unread": {
        "get": {
            "summary": "How many news items and berichten are unread (the menu's counts; "
            "a bericht with an unread answer to the parent's reply counts)",
            "security": SECURED,
            "responses": {
                "200": _json(_ref("Unread"), "The counts."),
                **_AUTHENTICATED_ERRORS,
            },
        }
    },
    "/portal-link": {
        "post": {
            "summary": "A one-time login link into the portal (Naar het ouderportaal)",
            "description": "The link works once and expires after two minutes. Only a device "
            "paired after the account's password last changed gets one.",
            "security": SECURED,
            "responses": {
                "201": _json(_ref("PortalLink"), "The link."),
                "403": _error(
                    "The password changed after this device was paired: pair again "
                    "(paired_before_password_change)."
                ),
                **_AUTHENTICATED_ERRORS,
            },
        }
    },
    **CONTENT_PATHS,
    **ABSENCE_PATHS,
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document of the API.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}


def _text(description: str, *, max_length: int, pattern: str, **extra: Any) -> dict[str, Any]:
    """A required text field: not empty, and the input rule of the forms as a pattern."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "pattern": pattern,
        "description": description,
        **extra,
    }


def pairing_schemas() -> dict[str, Any]:
    """The two pairing bodies. Every field is required and may not be empty (minLength), and
    carries the input rule (no control or format characters) as a pattern, so a client
    generating valid bodies from this document never gets a 400 for them."""
    refused = _refused()
    text = typed_text()
    # A device name needs a character that is not white space (spaces around it are dropped).
    device_name = _text(
        "Shown in the portal.",
        max_length=DEVICE_NAME_MAX,
        pattern=f"^[^{refused}]*[^\\s{refused}][^{refused}]*$",
    )
    return {
        "PairByToken": {
            "type": "object",
            "title": "Koppelen met QR code",
            "required": ["pairing_token", "device_name"],
            "properties": {
                "pairing_token": _text(
                    "The last path segment of the URL in the QR code "
                    "(<server>/koppelen/<pairing_token>). It works once, for 10 minutes.",
                    max_length=SINGLE_LINE_MAX,
                    pattern=text,
                ),
                "device_name": device_name,
            },
        },
        "PairByPassword": {
            "type": "object",
            "title": "Koppelen met gebruikersnaam en wachtwoord",
            "required": ["school_code", "username", "password", "device_name"],
            "properties": {
                "school_code": _text(
                    "The school's code.",
                    max_length=SINGLE_LINE_MAX,
                    pattern=text,
                    examples=["99XX00"],
                ),
                "username": _text(
                    "The portal login name.", max_length=SINGLE_LINE_MAX, pattern=text
                ),
                "password": _text(
                    "The parent's own password.",
                    max_length=PASSWORD_MAX_LENGTH,
                    pattern=f"^[^{_characters(((0x00, 0x1F), (0x7F, 0x9F)))}]*$",
                ),
                "device_name": device_name,
            },
        },
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "De Borg ouderportaal – app API",
            "version": "1",
            "description": "The API of the MijnSchool phone app: pairing, news, agenda, "
            "photo albums and messages of the paired parent. Errors are JSON objects with a "
            "stable code and a Dutch message.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {
            **COMPONENTS,
            "schemas": {**COMPONENTS["schemas"], **pairing_schemas()},
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return jsonify(document())
