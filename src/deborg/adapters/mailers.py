"""Mailers: SMTP for production, files for development and the demo."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

import attrs

from deborg.domain.mail import OutgoingMail
from deborg.ports.mail import MailDeliveryFailed, MailServerUnavailable


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    """A multipart/alternative message (text and HTML) with the mail's attachments."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    # The school's offset (the dispatcher sets it); never "-0000", which means "zone unknown".
    message["Date"] = email.utils.format_datetime(mail.date or dt.datetime.now(dt.UTC))
    _, sender_address = email.utils.parseaddr(sender)
    domain = sender_address.rpartition("@")[2] or "deborg.invalid"
    message["Message-ID"] = (
        f"<{mail.message_id}@{domain}>"
        if mail.message_id
        else email.utils.make_msgid(domain=domain)
    )
    message["Auto-Submitted"] = "auto-generated"
    for name, value in mail.headers:
        message[name] = value
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        mime_type, *parameters = (p.strip() for p in attachment.content_type.split(";"))
        maintype, _, subtype = mime_type.partition("/")
        message.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=dict(p.split("=", 1) for p in parameters if "=" in p),
        )
    return message


@attrs.frozen
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # "starttls", "ssl" or "none"
    username: str = ""
    password: str = attrs.field(default="", repr=False)
    timeout: float = 30.0


class SmtpMailer:
    def __init__(self, settings: SmtpSettings, sender: str) -> None:
        self.settings = settings
        self.sender = sender

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            return smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, mail: OutgoingMail) -> None:
        message = build_message(mail, self.sender)
        try:
            client = self._connect()
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise MailServerUnavailable(_unreachable(error)) from error
        try:
            if self.settings.username:
                client.login(self.settings.username, self.settings.password)
            client.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            # 5xx means never (no such mailbox); 4xx means not now (greylisting, a full box).
            answers = list(error.recipients.values())
            codes = [code for code, _ in answers]
            if 421 in codes:
                raise MailServerUnavailable(_unreachable(error)) from error
            raise MailDeliveryFailed(
                f"recipient refused ({'; '.join(_answer(c, t) for c, t in answers)}): {mail.to}",
                permanent=all(500 <= code < 600 for code in codes),
            ) from error
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError) as error:
            raise MailServerUnavailable(_unreachable(error)) from error
        except smtplib.SMTPResponseException as error:
            # A refusal of the sender or of the content concerns this mail; 421 closes the
            # connection ("service not available"), which is an outage.
            if error.smtp_code == 421 or not 400 <= error.smtp_code < 600:
                raise MailServerUnavailable(_unreachable(error)) from error
            raise MailDeliveryFailed(
                f"refused: {_answer(error.smtp_code, error.smtp_error)}",
                permanent=error.smtp_code >= 500,
            ) from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            # Dropped mid-delivery: the server may or may not have kept the mail. It is sent
            # again later with the same Message-ID, so the receiver can drop a copy.
            raise MailServerUnavailable(_unreachable(error)) from error
        finally:
            _close(client)


def _close(client: smtplib.SMTP) -> None:
    """Say goodbye; once the mail is accepted, an odd answer to QUIT changes nothing."""
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _answer(code: int, text: bytes | str) -> str:
    reason = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(reason.split())}"[:200]


def _unreachable(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        detail = _answer(error.smtp_code, error.smtp_error)
    else:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
    return f"SMTP server unreachable: {type(error).__name__}: {detail}"


class FileMailer:
    """Writes each mail as an .eml file; the demo's mail page lists them."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, mail: OutgoingMail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        message = build_message(mail, self.sender)
        content = message.as_bytes()
        number = len(list(self.folder.glob("*.eml"))) + 1
        stamp = email.utils.parsedate_to_datetime(str(message["Date"])).strftime("%Y%m%d-%H%M%S")
        while True:  # exclusive creation: two dispatchers at once never overwrite a mail
            try:
                with (self.folder / f"{stamp}-{number:06d}.eml").open("xb") as handle:
                    handle.write(content)
                return
            except FileExistsError:
                number += 1
