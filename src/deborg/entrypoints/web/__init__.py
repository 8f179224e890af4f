"""The Flask app: the parent portal and (from its own blueprint) the JSON API."""

from deborg.entrypoints.web.app import create_app

__all__ = ["create_app"]
