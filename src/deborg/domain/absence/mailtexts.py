"""The Dutch mails of the absence area."""

from __future__ import annotations

ABSENCE_SUBJECT = "Afwezigheidsmelding {child}"
ABSENCE_TEXT = """Beste ouder/verzorger,

{reporter} heeft {child} afwezig gemeld bij {school}.

Wanneer: {period}
Reden: {reason}{note}

U ontvangt dit bericht omdat u ouder/verzorger van {child} bent.
Klopt dit niet? Bel dan de school{phone}."""

BETTER_SUBJECT = "Beter gemeld: {child}"
BETTER_TEXT = """Beste ouder/verzorger,

{reporter} heeft {child} beter gemeld. De melding luidt nu: {period}.

U ontvangt dit bericht omdat u ouder/verzorger van {child} bent."""

CUTOFF_SUBJECT = "Afwezig vandaag ({date}): {count} leerling(en)"
CUTOFF_INTRO = "Beste {teacher},\n\nDeze leerlingen zijn voor vandaag, {date}, afwezig gemeld:"

LEAVE_SUBJECT = "Verlofaanvraag voor {child}: {status}"
LEAVE_GRANTED = """Beste ouder/verzorger,

Uw verlofaanvraag voor {child} ({period}, {reason}) is toegekend.{note}

Het verlof staat in uw agenda-abonnement van het ouderportaal."""
LEAVE_REFUSED = """Beste ouder/verzorger,

Uw verlofaanvraag voor {child} ({period}, {reason}) is afgewezen.

Reden: {note}

Heeft u vragen? Neem dan contact op met de school."""

THREAD_TO_TEACHER_SUBJECT = "Bericht van {parent} over {child}: {subject}"
THREAD_TO_TEACHER_TEXT = """Beste {teacher},

{parent} (ouder/verzorger van {child}) schreef op {moment}:

{text}

Antwoorden kan in het personeelsportaal of met:
deborg parent-messages reply {thread_id} --as {email}"""

THREAD_TO_PARENT_SUBJECT = "Antwoord van {teacher}: {subject}"
THREAD_TO_PARENT_TEXT = """Beste ouder/verzorger,

{teacher} heeft gereageerd op het bericht "{subject}" over {child}:

{text}

Lees en beantwoord het in het ouderportaal: {link}"""
