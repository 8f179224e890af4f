"""Settings come from DEBORG_* variables in one place; with none set everything lives in a
local data folder and works; mistakes are refused at start-up, not at the first request."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from deborg.config import ConfigurationError, Settings


def test_with_nothing_set_everything_lives_in_the_local_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.data_dir == tmp_path / "deborg-data"
    assert settings.database_url == f"sqlite:///{tmp_path / 'deborg-data' / 'deborg.sqlite3'}"
    assert settings.base_url == "http://127.0.0.1:5000"
    assert settings.smtp is None  # development mail goes to files
    assert settings.mail_dir == tmp_path / "deborg-data" / "mail"
    assert not settings.production
    assert settings.password_hashing == "production"
    assert (settings.session_idle, settings.session_absolute) == (
        dt.timedelta(minutes=30),
        dt.timedelta(hours=12),
    )


def test_the_development_secret_key_is_kept_private_and_reused(tmp_path: Path) -> None:
    env = {"DEBORG_DATA_DIR": str(tmp_path / "data")}
    first = Settings.from_env(env).secret_key
    assert len(first) >= 40
    key_file = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert Settings.from_env(env).secret_key == first
    assert first not in repr(Settings.from_env(env))


def test_every_variable_is_read(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "DEBORG_DATA_DIR": str(tmp_path),
            "DEBORG_DATABASE_URL": "postgresql://deborg@db/deborg",
            "DEBORG_SECRET_KEY": "k" * 48,
            "DEBORG_BASE_URL": "https://ouders.deborg.nl/",
            "DEBORG_ENV": "Production",
            "DEBORG_SMTP_HOST": "smtp.example.nl",
            "DEBORG_SMTP_SECURITY": "ssl",
            "DEBORG_SMTP_USERNAME": "portal",
            "DEBORG_SMTP_PASSWORD": "geheim",
            "DEBORG_MAIL_FROM": "De Borg <noreply@deborg.nl>",
            "DEBORG_SESSION_IDLE_MINUTES": "20",
            "DEBORG_SESSION_ABSOLUTE_HOURS": "8",
            "DEBORG_PROXY_COUNT": "1",
        }
    )
    assert settings.database_url == "postgresql://deborg@db/deborg"
    assert settings.base_url == "https://ouders.deborg.nl"
    assert settings.production
    assert settings.smtp is not None
    assert (settings.smtp.host, settings.smtp.port, settings.smtp.security) == (
        "smtp.example.nl",
        465,
        "ssl",
    )
    assert "geheim" not in repr(settings)
    assert "k" * 48 not in repr(settings)
    assert settings.mail_from == "De Borg <noreply@deborg.nl>"
    assert settings.session_idle == dt.timedelta(minutes=20)
    assert settings.session_absolute == dt.timedelta(hours=8)
    assert settings.proxy_count == 1


@pytest.mark.parametrize(("security", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_the_smtp_port_follows_the_security(tmp_path: Path, security: str, port: int) -> None:
    settings = Settings.from_env(
        {
            "DEBORG_DATA_DIR": str(tmp_path),
            "DEBORG_SMTP_HOST": "mx",
            "DEBORG_SMTP_SECURITY": security,
        }
    )
    assert settings.smtp is not None
    assert settings.smtp.port == port


@pytest.mark.parametrize(
    "env",
    [
        {"DEBORG_ENV": "production"},  # no secret key
        {"DEBORG_ENV": "staging"},
        {"DEBORG_ENV": "production", "DEBORG_SECRET_KEY": "x" * 48,
         "DEBORG_PASSWORD_HASHING": "cheap"},
        {"DEBORG_PASSWORD_HASHING": "fast"},
        {"DEBORG_SMTP_HOST": "mx", "DEBORG_SMTP_SECURITY": "tls13"},
        {"DEBORG_SMTP_HOST": "mx", "DEBORG_SMTP_PORT": "smtp"},
        {"DEBORG_SESSION_IDLE_MINUTES": "half an hour"},
        {"DEBORG_DEMO": "misschien"},
        {"DEBORG_ENV": "production", "DEBORG_SECRET_KEY": "x" * 48, "DEBORG_DEMO": "1"},
    ],
)  # fmt: skip
def test_a_wrong_setting_is_refused_at_start_up(tmp_path: Path, env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        Settings.from_env({"DEBORG_DATA_DIR": str(tmp_path), **env})


def test_the_demo_refuses_to_start_in_production(tmp_path: Path) -> None:
    """/demo/mail shows every mail, reset links included, to anyone: never in production."""
    from click.testing import CliRunner

    from deborg.entrypoints.cli.main import cli

    env = {"DEBORG_ENV": "production", "DEBORG_SECRET_KEY": "x" * 48}
    result = CliRunner().invoke(cli, ["demo", "--data-dir", str(tmp_path), "--no-serve"], env=env)
    assert result.exit_code == 1
    assert "DEBORG_ENV=production" in result.output
    assert not (tmp_path / "deborg.sqlite3").exists()
