"""The Dutch texts of the account mails. Kept together as a small message catalogue."""

from __future__ import annotations

ACTIVATION_SUBJECT = "Uw account voor het ouderportaal van {school}"
ACTIVATION_TEXT = """Beste ouder/verzorger,

Voor u is een account aangemaakt op het ouderportaal van {school}.

Uw gebruikersnaam: {login}
Uw wachtwoord: {password}

Activeer uw account via deze link (geldig tot {expires}):
{link}

Daarna logt u in op {portal} met uw gebruikersnaam en wachtwoord. U kunt uw wachtwoord
in het ouderportaal zelf wijzigen bij Mijn account > Wachtwoord.

Met vriendelijke groet,
{school}
"""

RESET_REQUEST_SUBJECT = "Nieuw wachtwoord aanvragen"
RESET_REQUEST_TEXT = """Beste ouder/verzorger,

Er is een nieuw wachtwoord aangevraagd voor uw account {login} op het ouderportaal van {school}.

Stuur mij een nieuw wachtwoord:
{link}

Deze link werkt één keer en is twee uur geldig. Heeft u niets aangevraagd? Dan kunt u deze
e-mail negeren; uw huidige wachtwoord blijft gewoon werken.

Met vriendelijke groet,
{school}
"""

NEW_PASSWORD_SUBJECT = "Uw nieuwe wachtwoord"
NEW_PASSWORD_TEXT = """Beste ouder/verzorger,

Uw nieuwe wachtwoord voor het ouderportaal van {school} is:

{password}

Uw gebruikersnaam is {login}. Log in op {portal}. U kunt dit wachtwoord in het ouderportaal
zelf wijzigen bij Mijn account > Wachtwoord.

Met vriendelijke groet,
{school}
"""

LOGIN_RENAMED_SUBJECT = "Uw inlognaam is gewijzigd"
LOGIN_RENAMED_TEXT = """Beste ouder/verzorger,

Uw inlognaam voor het ouderportaal van {school} is aangepast aan uw nieuwe e-mailadres.
U logt voortaan in met:

{login}

Uw wachtwoord is niet veranderd. Log in op {portal}.

Met vriendelijke groet,
{school}
"""

PASSWORD_CHANGED_SUBJECT = "Uw wachtwoord is gewijzigd"
PASSWORD_CHANGED_TEXT = """Beste ouder/verzorger,

Het wachtwoord van uw account {login} op het ouderportaal van {school} is zojuist gewijzigd.
Andere ingelogde browsers zijn afgemeld.

Heeft u dit niet zelf gedaan? Vraag dan direct een nieuw wachtwoord aan via
"Wachtwoord vergeten?" op {portal} en neem contact op met de school.

Met vriendelijke groet,
{school}
"""
