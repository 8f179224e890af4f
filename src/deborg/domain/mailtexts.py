"""The Dutch texts of the account mails. Kept together as a small message catalogue."""

from __future__ import annotations

ACTIVATION_SUBJECT = "Uw account voor het ouderportaal van {school}"
ACTIVATION_TEXT = """Beste ouder/verzorger,

Voor u is een account aangemaakt op het ouderportaal van {school}.

Uw gebruikersnaam: {login}
Uw wachtwoord: {password}

Activeer uw account via deze link (geldig tot {expires}):
{link}

Daarna logt u in op {portal} met uw gebruikersnaam en wachtwoord. Dit wachtwoord werkt één
keer en tot {expires}: na het inloggen kiest u direct uw eigen wachtwoord.

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

Uw gebruikersnaam is {login}. Log in op {portal}. Dit wachtwoord werkt één keer en tot
{expires}: na het inloggen kiest u direct uw eigen wachtwoord.

Voor uw veiligheid zijn alle browsers waarin u was ingelogd afgemeld en zijn alle telefoons
ontkoppeld. Koppel de app daarna opnieuw via Mijn account > App.

Met vriendelijke groet,
{school}
"""

LOGIN_RENAMED_SUBJECT = "Uw inlognaam is gewijzigd"
LOGIN_RENAMED_TEXT = """Beste ouder/verzorger,

Uw inlognaam voor het ouderportaal van {school} is aangepast aan uw nieuwe e-mailadres.
U logt voortaan in met:

{login}

Uw vorige inlognaam was {old_login}. Uw wachtwoord is niet veranderd. Log in op {portal}.

Heeft u deze wijziging niet zelf aan de school doorgegeven? Neem dan direct contact op met
de school.

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

EMAIL_CONFIRMATION_SUBJECT = "Bevestig uw nieuwe e-mailadres"
EMAIL_CONFIRMATION_TEXT = """Beste ouder/verzorger,

U heeft dit e-mailadres ({email}) opgegeven voor uw account {login} op het ouderportaal
van {school}.

Bevestig uw nieuwe e-mailadres via deze link (geldig tot {expires}):
{link}

Pas na het bevestigen stuurt de school e-mail over uw account naar dit adres. Heeft u dit
niet zelf gedaan? Dan kunt u deze e-mail negeren.

Met vriendelijke groet,
{school}
"""

EMAIL_CHANGE_NOTICE_SUBJECT = "Wijziging van uw e-mailadres aangevraagd"
EMAIL_CHANGE_NOTICE_TEXT = """Beste ouder/verzorger,

Voor uw account {login} op het ouderportaal van {school} is zojuist een nieuw e-mailadres
opgegeven: {email}. Het wordt pas gebruikt als het via de link in een e-mail aan dat adres
is bevestigd.

Heeft u dit niet zelf gedaan? Wijzig dan direct uw wachtwoord via "Wachtwoord vergeten?" op
{portal} en neem contact op met de school.

Met vriendelijke groet,
{school}
"""
