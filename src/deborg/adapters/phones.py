"""Phone numbers through the ``phonenumbers`` library (Google's libphonenumber)."""

from __future__ import annotations

import phonenumbers


class LibPhoneNumbers:
    """Normalises to the Dutch national form for Dutch numbers ("06 12345678",
    "0592 123 456") and to the international form for foreign ones ("+32 470 12 34 56")."""

    def __init__(self, region: str = "NL") -> None:
        self.region = region

    def normalise(self, raw: str) -> str | None:
        text = raw.strip()
        if not text or len(text) > 40:
            return None
        try:
            number = phonenumbers.parse(text, self.region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        if phonenumbers.region_code_for_number(number) == self.region:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
