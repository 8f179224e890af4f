"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from deborg.domain.passwords import SPECIAL_CHARACTERS

#: Characters a parent can type: every letter, mark, number, punctuation and symbol in
#: Unicode, the plain space and other spaces. Control characters and line breaks are not.
typeable_characters = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs", "Cf", "Co"),
    exclude_characters="\u2028\u2029",
)

#: Text built mostly from the characters the rules look at, so every combination of rules
#: holding and failing is common, with arbitrary typeable characters mixed in.
rule_characters = st.sampled_from(
    string.ascii_lowercase[:4]
    + string.ascii_uppercase[:4]
    + string.digits[:3]
    + SPECIAL_CHARACTERS
    + " é€😀"
)

password_candidates = st.one_of(
    st.text(rule_characters, max_size=20),
    st.text(st.one_of(rule_characters, typeable_characters), max_size=40),
    st.text(typeable_characters, min_size=120, max_size=300),
)
