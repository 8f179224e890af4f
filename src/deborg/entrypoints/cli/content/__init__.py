"""School content: news, messages (urgent, open for replies), agenda, albums, documents.

Each publishing command takes an audience: the whole school (``--school-wide``, the default)
or one or more ``--group NAME``. Body text is Markdown (HTML allowed); it is sanitised before
it is stored.
"""

from __future__ import annotations

import click

from deborg.entrypoints.cli.content import agenda, files, posts


def register(cli: click.Group) -> None:
    for module in (posts, agenda, files):
        module.register(cli)
