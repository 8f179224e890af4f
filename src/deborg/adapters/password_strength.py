"""Password strength through ``zxcvbn`` (Dropbox's estimator, offline), with the parent's own
words and common Dutch words as extra dictionaries: its own lists are English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zxcvbn import zxcvbn

from deborg.domain.passwords import StrengthEstimate, Weakness

#: Words Dutch people build passwords from; zxcvbn knows the English ones ("welcome", "summer").
_DUTCH_WORDS_TEXT = """
    wachtwoord welkom geheim hallo hoi doei liefde lief lieverd schat schatje
    liefje knuffel mama papa mamma pappa oma opa moeder vader zoon dochter broer zus familie
    gezin baby kind kinderen ouder ouders school juf meester klas groep leerling vakantie
    weekend zomer winter lente herfst januari februari maart april mei juni juli augustus
    september oktober november december maandag dinsdag woensdag donderdag vrijdag zaterdag
    zondag voetbal ajax feyenoord psv oranje nederland holland amsterdam rotterdam utrecht
    groningen drenthe assen emmen eindhoven friesland hond kat poes konijn paard pony vogel vis
    beer tijger leeuw wolf vos uil eenhoorn draak vlinder dolfijn prinses prins koning koningin
    kabouter sinterklaas kerst kerstmis pasen verjaardag feest fiets auto huis tuin thuis zon
    maan ster sterren bloem roos tulp water vuur aarde lucht hemel engel duivel geluk appel
    banaan aardbei chocolade snoep koekje taart pannenkoek kaas drop muziek dansen zingen
    spelen lekker mooi leuk gezellig vrijheid vriend vriendin vrienden toegang inloggen
    gebruiker beheerder welkom01 een twee drie vier vijf zes zeven acht negen tien honderd
    duizend regenboog zonnetje schoenen
"""
DUTCH_WORDS = tuple(_DUTCH_WORDS_TEXT.split())

#: Which zxcvbn match explains a low score, per pattern; dictionary matches are split below.
_PATTERNS = {
    "spatial": Weakness.KEYBOARD,
    "repeat": Weakness.REPEAT,
    "sequence": Weakness.SEQUENCE,
    "date": Weakness.DATE,
    "regex": Weakness.DATE,  # zxcvbn's only regex is "recent year"
}
#: zxcvbn's own limit (it refuses longer input; its work grows with length). What follows can
#: only make a password stronger, so the first 72 characters are what is judged.
_ESTIMATED_LENGTH = 72


class ZxcvbnPasswordStrength:
    def estimate(self, password: str, personal: Sequence[str]) -> StrengthEstimate:
        own = {word.casefold() for word in personal}
        result = zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=[*own, *DUTCH_WORDS])
        score = int(result["score"])
        if score >= 3:
            return StrengthEstimate(score)
        return StrengthEstimate(score, _weakness(result["sequence"], own))


def _weakness(sequence: list[dict[str, Any]], own: set[str]) -> Weakness:
    """The reason of the longest guessable part; a personal word outranks everything."""
    reasons: list[tuple[int, Weakness]] = []
    for match in sequence:
        pattern = match["pattern"]
        length = len(match["token"])
        if pattern == "dictionary":
            token = str(match["token"]).casefold()
            if any(word in token or token in word for word in own if len(token) >= 3):
                return Weakness.PERSONAL
            is_password = match.get("dictionary_name") == "passwords"
            reasons.append((length, Weakness.COMMON if is_password else Weakness.WORD))
        elif pattern in _PATTERNS:
            reasons.append((length, _PATTERNS[pattern]))
    if not reasons:
        return Weakness.PREDICTABLE
    return max(reasons, key=lambda reason: reason[0])[1]
