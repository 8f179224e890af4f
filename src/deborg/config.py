"""Settings from ``DEBORG_*`` environment variables, read in this one place so the web app
and the command line always agree. With nothing set, everything lives in ./deborg-data."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

import attrs

from deborg.adapters.mailers import SmtpSettings
from deborg.adapters.s3_files import S3Settings


class ConfigurationError(Exception):
    pass


def _bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


@attrs.frozen
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str = attrs.field(repr=False)
    base_url: str
    mail_from: str
    smtp: SmtpSettings | None
    #: "development" (plain cookies, the demo mail page) or "production" (Secure, __Host-).
    environment: str = "development"
    password_hashing: str = "production"  # noqa: S105 - a mode name; "cheap" only in tests
    session_idle: dt.timedelta = dt.timedelta(minutes=30)
    session_absolute: dt.timedelta = dt.timedelta(hours=12)
    max_upload_bytes: int = 10 * 1024 * 1024
    demo: bool = False
    #: How many reverse proxies in front of the app set X-Forwarded-For (0: none trusted).
    proxy_count: int = 0
    #: Uploaded files in an object store (DEBORG_FILES_URL=s3://…); None: under data_dir/files.
    files_s3: S3Settings | None = None

    def __attrs_post_init__(self) -> None:
        if self.demo and self.production:
            raise ConfigurationError(
                "DEBORG_DEMO=1 cannot run with DEBORG_ENV=production: the demo shows every "
                "mail it sends, reset links included, to anyone at /demo/mail"
            )

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("DEBORG_DATA_DIR", "deborg-data")).resolve()
        environment = env.get("DEBORG_ENV", "development").strip().lower()
        if environment not in {"development", "production"}:
            raise ConfigurationError("DEBORG_ENV must be development or production")
        smtp = None
        if env.get("DEBORG_SMTP_HOST"):
            security = env.get("DEBORG_SMTP_SECURITY", "starttls").strip().lower()
            if security not in {"starttls", "ssl", "none"}:
                raise ConfigurationError("DEBORG_SMTP_SECURITY must be starttls, ssl or none")
            default_port = {"starttls": "587", "ssl": "465", "none": "25"}[security]
            smtp = SmtpSettings(
                host=env["DEBORG_SMTP_HOST"],
                port=_int(env.get("DEBORG_SMTP_PORT", default_port), "DEBORG_SMTP_PORT"),
                security=security,
                username=env.get("DEBORG_SMTP_USERNAME", ""),
                password=env.get("DEBORG_SMTP_PASSWORD", ""),
            )
        password_hashing = env.get("DEBORG_PASSWORD_HASHING", "production").strip().lower()
        if password_hashing not in {"production", "cheap"}:
            raise ConfigurationError("DEBORG_PASSWORD_HASHING must be production or cheap")
        if password_hashing == "cheap" and environment == "production":  # noqa: S105
            raise ConfigurationError("cheap password hashing is for tests, never production")
        secret_key = env.get("DEBORG_SECRET_KEY", "")
        if not secret_key:
            if environment == "production":
                raise ConfigurationError("DEBORG_SECRET_KEY must be set in production")
            secret_key = _local_secret_key(data_dir)
        values: dict[str, object] = {
            "data_dir": data_dir,
            "database_url": env.get(
                "DEBORG_DATABASE_URL", f"sqlite:///{data_dir / 'deborg.sqlite3'}"
            ),
            "secret_key": secret_key,
            "base_url": (env.get("DEBORG_BASE_URL") or _kept_base_url(data_dir)).rstrip("/"),
            "mail_from": env.get("DEBORG_MAIL_FROM", "Ouderportaal <noreply@mijnschool.nl>"),
            "smtp": smtp,
            "environment": environment,
            "password_hashing": password_hashing,
            "session_idle": dt.timedelta(
                minutes=_int(env.get("DEBORG_SESSION_IDLE_MINUTES", "30"), "idle minutes")
            ),
            "session_absolute": dt.timedelta(
                hours=_int(env.get("DEBORG_SESSION_ABSOLUTE_HOURS", "12"), "absolute hours")
            ),
            "max_upload_bytes": _int(
                env.get("DEBORG_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)), "max upload bytes"
            ),
            "demo": _bool(env.get("DEBORG_DEMO", "0"), "DEBORG_DEMO"),
            "proxy_count": _int(env.get("DEBORG_PROXY_COUNT", "0"), "DEBORG_PROXY_COUNT"),
            "files_s3": (
                s3_settings(env["DEBORG_FILES_URL"], env) if env.get("DEBORG_FILES_URL") else None
            ),
        }
        values.update(overrides)
        # The values are typed one by one above; a dict of mixed values reads as object.
        return cls(**values)  # type: ignore[arg-type]


#: The file in the data folder where ``deborg demo`` keeps the address it serves on.
BASE_URL_FILE = "base_url"


def _kept_base_url(data_dir: Path) -> str:
    """Without DEBORG_BASE_URL: the address the demo serves this data folder on (so mail
    queued by a command against it links to the running portal), else port 5000."""
    path = data_dir / BASE_URL_FILE
    if path.is_file():
        kept = path.read_text().strip()
        if kept.startswith(("http://", "https://")):
            return kept
    return "http://127.0.0.1:5000"


def keep_base_url(settings: Settings) -> None:
    """The demo: remember where this data folder is served, for the commands run against it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / BASE_URL_FILE).write_text(settings.base_url + "\n")


def s3_settings(url: str, environ: Mapping[str, str] | None = None) -> S3Settings:
    """The object store at ``url`` (``s3://bucket`` or ``s3://bucket/prefix``), reached as
    the DEBORG_S3_* variables say (endpoint, region, credentials) and DEBORG_FILES_LINK_SECONDS
    (0, the default: the portal serves every file; more: browsers get presigned links that
    live this many seconds)."""
    env = os.environ if environ is None else environ
    scheme, _, rest = url.strip().partition("://")
    bucket, _, prefix = rest.partition("/")
    if scheme != "s3" or not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise ConfigurationError(
            f"DEBORG_FILES_URL must look like s3://bucket or s3://bucket/prefix, not {url!r}"
        )
    link_seconds = _int(env.get("DEBORG_FILES_LINK_SECONDS", "0"), "DEBORG_FILES_LINK_SECONDS")
    if not 0 <= link_seconds <= 7 * 24 * 3600:
        raise ConfigurationError("DEBORG_FILES_LINK_SECONDS must be between 0 and 604800")
    return S3Settings(
        bucket=bucket,
        prefix=prefix.strip("/"),
        endpoint_url=env.get("DEBORG_S3_ENDPOINT_URL") or None,
        region=env.get("DEBORG_S3_REGION") or None,
        access_key_id=env.get("DEBORG_S3_ACCESS_KEY_ID") or None,
        secret_access_key=env.get("DEBORG_S3_SECRET_ACCESS_KEY") or None,
        link_seconds=link_seconds,
    )


def _local_secret_key(data_dir: Path) -> str:
    """Development only: a random key kept in the data folder, so sessions survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
