"""The embedding example in examples/ runs as the architecture document says."""

from __future__ import annotations

import runpy
from pathlib import Path

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_the_embedding_example_invites_a_parent_and_shows_the_news_on_home() -> None:
    main = runpy.run_path(str(EXAMPLES / "embedding.py"))["main"]
    assert main() == ["Uw account voor het ouderportaal van De Borg", "Schoolreisje"]
