"""The Dutch texts of content mails, kept together as a small message catalogue."""

from __future__ import annotations

NEWS_SUBJECT = "Nieuws: {title}"
NEWS_TEXT = """Beste ouder/verzorger,

Er is nieuws van {school}:

{title}

{body}

Lees het in het ouderportaal: {link}"""

MESSAGE_SUBJECT = "Bericht: {title}"
MESSAGE_TEXT = """Beste ouder/verzorger,

Er is een bericht van {school}:

{title}

{body}

Lees het in het ouderportaal: {link}"""
MESSAGE_REPLIES_NOTE = "\n\nU kunt op dit bericht reageren in het ouderportaal."

URGENT_SUBJECT = "Spoedbericht: {title}"
URGENT_TEXT = """Beste ouder/verzorger,

Spoedbericht van {school}:

{title}

{body}

In het ouderportaal: {link}"""

REPLY_SUBJECT = "Reactie op uw bericht: {title}"
REPLY_TEXT = """Beste {staff},

{parent} ({email}) reageerde in het ouderportaal op uw bericht "{title}":

{text}

Lees en beantwoord de reacties in het portaal: {link}
(of met: deborg message replies {message_id})
"""

ANSWER_SUBJECT = "Antwoord op uw reactie: {title}"
ANSWER_TEXT = """Beste ouder/verzorger,

{staff} heeft uw reactie op het bericht "{title}" beantwoord.

Uw reactie:
{reply}

Antwoord:
{answer}

Lees het in het ouderportaal: {link}"""

AGENDA_SUBJECTS = {
    "added": "Nieuw in de agenda: {title}",
    "changed": "Gewijzigd in de agenda: {title}",
    "removed": "Vervallen: {title}",
}
AGENDA_WHAT = {
    "added": "Nieuw in de agenda",
    "changed": "Gewijzigd in de agenda",
    "removed": "Vervallen in de agenda",
}
AGENDA_TEXT = """Beste ouder/verzorger,

{what} van {school}:

{title}
{when}{location}

{body}

De hele agenda: {link}"""

ALBUM_SUBJECT = "Nieuw fotoalbum: {title}"
ALBUM_TEXT = """Beste ouder/verzorger,

Er staat een nieuw fotoalbum in het ouderportaal van {school}:

{title}
{description}

Bekijk de foto's: {link}"""

DOCUMENT_SUBJECT = "Nieuw document: {title}"
DOCUMENT_TEXT = """Beste ouder/verzorger,

Er staat een nieuw document in het ouderportaal van {school}:

{title}
{description}

Openen: {link}"""

DIGEST_SUBJECT = "Weekoverzicht van {school} – {date}"
DIGEST_INTRO = (
    "Dit is het overzicht van wat er sinds de vorige weekmail nieuw is in het ouderportaal "
    "van {school}."
)

SIGNATURE = """

Met vriendelijke groet,
{school}"""
CHOICE_NOTE = """

U ontvangt deze e-mail omdat dit zo staat ingesteld bij Mijn account > Notificaties.
Wilt u het anders? Pas het daar aan: {notifications}
"""
