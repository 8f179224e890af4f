"""E-mail address syntax through the maintained ``email-validator`` library: RFC 5322 and
6531 rules (strict, so the 64-character limit before the @ too), internationalised domains,
reserved names (``.test``, ``localhost``) refused. Offline: deliverability (DNS) is never
checked; the activation mail is the real test."""

from __future__ import annotations

import email_validator

#: The longest address SMTP carries (RFC 5321 path limit minus the angle brackets).
MAX_LENGTH = 254


class EmailValidatorAddresses:
    def normalise(self, raw: str) -> str | None:
        text = raw.strip()
        if not text or len(text) > MAX_LENGTH:
            return None
        try:
            checked = email_validator.validate_email(
                text, check_deliverability=False, allow_smtputf8=False, strict=True
            )
        except email_validator.EmailNotValidError:
            return None
        return checked.normalized.lower()
