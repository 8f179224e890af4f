"""The Dutch mails of the conferences area. The closing (greeting, school, the pointer to
the Notificaties tab) is added by the notification router; ``*_SUMMARY`` is the line under
the subject in the weekly digest."""

from __future__ import annotations

INVITATION_SUBJECT = "Uitnodiging: {title} ({child})"
INVITATION_SUMMARY = "Kies een tijd in het ouderportaal, menu Oudergesprekken."
INVITATION_TEXT = """Beste ouder/verzorger,

U bent uitgenodigd voor de {title} over {child} ({group}).

{info}{message}{when}

Kies een tijd die u goed uitkomt via het ouderportaal, menu Oudergesprekken:
{link}
{length}
Komt u samen met uw ex-partner naar het gesprek? Kies dan samen in overleg een tijd die
voor u beiden geschikt is."""

BOOKED_BY_SCHOOL_SUBJECT = "Tijd voor het oudergesprek van {child}"
BOOKED_BY_SCHOOL_TEXT = """Beste ouder/verzorger,

De school heeft voor {child} een tijd gereserveerd voor de {title}:

{moment}

U ziet de afspraak ook in het ouderportaal:
{link}"""

MOVED_SUBJECT = "Uw oudergesprek over {child} is verplaatst"
MOVED_SUMMARY = "Nieuwe tijd: {moment}"
MOVED_TEXT = """Beste ouder/verzorger,

De leerkracht heeft het gesprek over {child} ({title}) verplaatst.

Was: {old}
Nieuw: {moment}

U ziet de afspraak ook in het ouderportaal:
{link}"""

DEFINITIVE_SUBJECT = "Definitieve tijd oudergesprek {child}"
DEFINITIVE_TEXT = """Beste ouder/verzorger,

De inschrijving voor de {title} is afgerond. De definitieve tijd voor het gesprek over
{child} is:

{moment}

In de bijlage vindt u de afspraak voor uw agenda."""

NO_TIME_SUBJECT = "Geen tijd gereserveerd voor het oudergesprek van {child}"
NO_TIME_SUMMARY = "Er is geen tijd gereserveerd. Neem contact op met de leerkracht."
NO_TIME_TEXT = """Beste ouder/verzorger,

De inschrijving voor de {title} is gesloten. Voor {child} is geen tijd gereserveerd.
Neem contact op met de leerkracht om een afspraak te maken."""

REMINDER_SUBJECT = "Herinnering: morgen oudergesprek over {child}"
REMINDER_SUMMARY = "Morgen: {moment}"
REMINDER_TEXT = """Beste ouder/verzorger,

Morgen heeft u het gesprek over {child} ({title}):

{moment}

Lukt het toch niet? Neem dan contact op met de leerkracht. U ziet de afspraak ook in het
ouderportaal:
{link}"""
