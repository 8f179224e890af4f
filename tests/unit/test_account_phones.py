"""Phone numbers as Dutch parents type them, normalised by the phonenumbers adapter."""

from __future__ import annotations

import pytest

from deborg.adapters.phones import LibPhoneNumbers


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("06-12345678", "06 12345678"),
        ("0612345678", "06 12345678"),
        ("+31 6 1234 5678", "06 12345678"),
        ("0031612345678", "06 12345678"),
        ("0592-123456", "0592 123 456"),
        ("(020) 123 45 67", "020 123 4567"),
        ("+32 470 12 34 56", "+32 470 12 34 56"),
    ],
)
def test_valid_numbers_are_written_one_way(typed: str, normalised: str) -> None:
    assert LibPhoneNumbers().normalise(typed) == normalised


@pytest.mark.parametrize("typed", ["", "12345", "06123", "112", "bel me maar", "0" * 50])
def test_invalid_numbers_are_refused(typed: str) -> None:
    assert LibPhoneNumbers().normalise(typed) is None
