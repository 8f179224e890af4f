"""Mailers: SMTP for production, files for development and the demo."""

from __future__ import annotations

import email.policy
import email.utils
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

import attrs

from deborg.domain.mail import OutgoingMail
from deborg.ports.mail import MailDeliveryFailed


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    """A multipart/alternative message (text and HTML) with the mail's attachments."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = email.utils.formatdate(localtime=False)
    _, sender_address = email.utils.parseaddr(sender)
    message["Message-ID"] = email.utils.make_msgid(domain=sender_address.rpartition("@")[2] or None)
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
            with self._connect() as client:
                if self.settings.username:
                    client.login(self.settings.username, self.settings.password)
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            # 5xx means never (no such mailbox); 4xx means not now (greylisting, a full box).
            codes = [code for code, _ in error.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            raise MailDeliveryFailed(
                f"recipient refused ({', '.join(map(str, codes))}): {mail.to}", permanent=permanent
            ) from error
        except smtplib.SMTPResponseException as error:
            permanent = 500 <= error.smtp_code < 600
            raise MailDeliveryFailed(f"SMTP {error.smtp_code}", permanent=permanent) from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise MailDeliveryFailed(f"SMTP server unreachable: {type(error).__name__}") from error


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
