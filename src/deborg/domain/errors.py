"""Domain errors. Each broken rule has its own class carrying the Dutch text a parent reads."""

from __future__ import annotations


class DeborgError(Exception):
    """Base of every business-rule error. ``message`` is shown to the user as is."""

    message: str = "Er is iets misgegaan."
    #: A stable, machine-readable code (used by the JSON API and the CLI's --json output).
    code: str = "error"

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class NotFound(DeborgError):
    code = "not_found"
    message = "Niet gevonden."


class AccessDenied(DeborgError):
    code = "forbidden"
    message = "U heeft geen toegang tot deze gegevens."


class InvalidInput(DeborgError):
    """Input that breaks a validation rule; ``field`` names the form field it belongs to."""

    code = "invalid_input"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ValidationFailed(DeborgError):
    """Several fields are wrong at once; ``errors`` maps field name to its Dutch message."""

    code = "invalid_input"
    message = "Niet alle gegevens zijn juist ingevuld."

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__()
        self.errors = dict(errors)


class Conflict(DeborgError):
    code = "conflict"


class InvalidCredentials(DeborgError):
    code = "invalid_credentials"
    message = "De combinatie van gebruikersnaam en wachtwoord is onjuist."


class TooManyAttempts(DeborgError):
    code = "too_many_attempts"
    message = "Te veel pogingen. Probeer het over een kwartier opnieuw."
    #: When trying again makes sense (the HTTP answer's Retry-After).
    retry_after_seconds = 15 * 60


class UnknownUser(DeborgError):
    code = "unknown_user"
    message = "Onbekende gebruiker"


class AccountNotActive(DeborgError):
    code = "account_not_active"
    message = "Uw account is nog niet geactiveerd of is geblokkeerd. Neem contact op met de school."


class AlreadyActivated(DeborgError):
    code = "already_activated"
    message = "Het account is reeds geactiveerd. Log in met uw gebruikersnaam en wachtwoord."


class TokenInvalid(DeborgError):
    code = "token_invalid"
    message = "Deze link is ongeldig of verlopen. Vraag zo nodig een nieuwe aan."


class ActivationLinkInvalid(TokenInvalid):
    """An activation link that no longer works: the parent cannot ask for a new one
    themself, the school sends it."""

    message = (
        "Deze activeringslink is ongeldig of verlopen: misschien heeft de school u intussen "
        "een nieuwe uitnodiging gestuurd. Gebruik de link en het wachtwoord uit de nieuwste "
        "uitnodiging, of vraag de school om een nieuwe uitnodiging."
    )


class AlreadyInvited(DeborgError):
    code = "already_invited"
    message = (
        "Deze ouder heeft al een uitnodiging gekregen en het account nog niet geactiveerd. "
        "Een nieuwe uitnodiging maakt het wachtwoord en de link uit de eerdere ongeldig."
    )


class ContactOnly(DeborgError):
    """The parent is only a pupil's contact without custody: no portal account."""

    code = "contact_only"
    message = (
        "Deze persoon is alleen contactpersoon van een leerling (zonder gezag) en krijgt geen "
        "toegang tot het portaal."
    )


class PasswordTooWeak(DeborgError):
    code = "password_too_weak"

    def __init__(self, failed_rules: list[str]) -> None:
        self.failed_rules = list(failed_rules)
        super().__init__("Het nieuwe wachtwoord voldoet niet aan: " + "; ".join(failed_rules))


class WrongCurrentPassword(DeborgError):
    code = "wrong_current_password"
    message = "Het huidige wachtwoord is onjuist."


class PasswordsDoNotMatch(DeborgError):
    code = "passwords_do_not_match"
    message = "De twee nieuwe wachtwoorden zijn niet gelijk."


class AccountIsReadOnly(DeborgError):
    code = "account_read_only"
    message = (
        "Uw account staat op alleen lezen. U kunt de gegevens van uw kind bekijken, maar niet "
        "wijzigen. Neem contact op met de school als u dit wilt bespreken."
    )


class LoginNameTaken(Conflict):
    code = "login_name_taken"
    message = "Er bestaat al een account met deze gebruikersnaam."


class MailedPasswordExpired(DeborgError):
    code = "mailed_password_expired"
    message = (
        'Het wachtwoord uit de e-mail is verlopen. Vraag via "Wachtwoord vergeten?" een nieuw '
        "wachtwoord aan."
    )


class MustChoosePassword(DeborgError):
    code = "must_choose_password"
    message = (
        "U logt in met het wachtwoord uit de e-mail. Kies eerst in het ouderportaal uw eigen "
        "wachtwoord."
    )
