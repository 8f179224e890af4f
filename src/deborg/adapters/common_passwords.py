"""The offline list of common passwords: zxcvbn's frequency list (30,000 passwords)."""

from __future__ import annotations

import functools


@functools.cache
def load_common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])
