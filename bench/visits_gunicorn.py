"""gunicorn configuration for the realistic-visits case (``-c bench/visits_gunicorn.py``).

In each worker it counts the page cache's look-ups (hits and misses, for sessions and Home
pages) and writes them to ``$BENCH_VISITS_COUNTS/<pid>.json`` when the worker exits. With
``BENCH_VISITS_TIME_SCALE`` = k the cache's lifetimes are divided by k, as the visits' pauses
are: the ratio of a pause to the cache's lifetime stays what it is at k = 1.
Nothing of this touches the portal's code; without a page cache it counts nothing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

_counts: Counter[str] = Counter()


def post_worker_init(worker: Any) -> None:
    try:
        from deborg.entrypoints.web import pagecache, security
    except ImportError:  # no page cache in this version of the portal
        return
    scale = float(os.environ.get("BENCH_VISITS_TIME_SCALE", "1"))
    pagecache.ENTRY_LIFETIME = pagecache.ENTRY_LIFETIME / scale
    security.OWN_WRITE_WINDOW = security.OWN_WRITE_WINDOW / scale
    cache_class = pagecache.PageCache

    def counted(name: str, label: str) -> None:
        original = getattr(cache_class, name)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            found = original(self, *args, **kwargs)
            _counts[f"{label}_{'hit' if found is not None else 'miss'}"] += 1
            return found

        setattr(cache_class, name, wrapper)

    counted("get_session", "session")
    counted("get_page", "home")


def worker_exit(server: Any, worker: Any) -> None:
    folder = os.environ.get("BENCH_VISITS_COUNTS")
    if folder:
        Path(folder, f"{os.getpid()}.json").write_text(json.dumps(dict(_counts)))
