"""The mapping files shipped with deborg for the exports of the common Dutch pupil
administrations (``deborg import --preset NAME``; ``deborg import --presets`` lists them)."""

from __future__ import annotations

import tomllib
from importlib import resources

from deborg.domain.pupil_import import ColumnMapping, ImportFileInvalid

#: In the order ``--presets`` lists them.
PRESETS: tuple[str, ...] = ("parnassys", "esis", "magister", "eduscope", "standaard")


def load_mapping_text(text: str, name: str) -> ColumnMapping:
    """A mapping file's text (``name`` for the message when it is not valid TOML)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ImportFileInvalid(
            f"Het koppelingsbestand {name} is geen geldige TOML: {error}"
        ) from error
    return ColumnMapping.from_dict(data)


def load_preset(name: str) -> ColumnMapping:
    if name not in PRESETS:
        raise ImportFileInvalid(
            f"Onbekende voorinstelling '{name}'. Bekend zijn: {', '.join(PRESETS)}."
        )
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return load_mapping_text(text, f"{name}.toml")
