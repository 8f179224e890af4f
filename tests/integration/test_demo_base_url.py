"""The demo keeps the address it serves on in its data folder, so a command run against the
same folder (an invitation from the command line) links to the running portal, not to
port 5000."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from click.testing import CliRunner

from deborg.config import Settings
from deborg.entrypoints.cli.main import cli


def test_mail_queued_from_the_command_line_links_to_the_demos_port(tmp_path: Path) -> None:
    data = tmp_path / "borg"
    env = {"DEBORG_PASSWORD_HASHING": "cheap", "DEBORG_DATA_DIR": str(data)}
    for name in ("DEBORG_BASE_URL", "DEBORG_DATABASE_URL", "DEBORG_SECRET_KEY", "DEBORG_ENV"):
        env[name] = None  # type: ignore[assignment] - CliRunner unsets a None variable
    runner = CliRunner(env=env)
    demo = runner.invoke(cli, ["demo", "--no-serve", "--port", "8123", "--data-dir", str(data)])
    assert demo.exit_code == 0, demo.output
    assert (data / "base_url").read_text().strip() == "http://127.0.0.1:8123"

    added = runner.invoke(cli, ["parent", "add", "nieuw@example.nl", "--roepnaam", "Nina"])
    assert added.exit_code == 0, added.output
    invited = runner.invoke(cli, ["parent", "invite", "nieuw@example.nl"])
    assert invited.exit_code == 0, invited.output
    listing = runner.invoke(cli, ["mail", "list", "--json", "--limit", "1"])
    assert '"to": "nieuw@example.nl"' in listing.stdout
    sent = runner.invoke(cli, ["mail", "send"])
    assert sent.exit_code == 0, sent.output
    messages = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in (data / "mail").glob("*.eml")
    ]
    [mail] = [m for m in messages if m["To"] == "nieuw@example.nl"]
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    links = re.findall(r"https?://[^\s/]+", body.get_content())
    assert links
    assert set(links) == {"http://127.0.0.1:8123"}


def test_an_explicit_base_url_wins_over_the_kept_one(tmp_path: Path) -> None:
    (tmp_path / "base_url").write_text("http://127.0.0.1:8123\n")
    env = {"DEBORG_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(env).base_url == "http://127.0.0.1:8123"
    env["DEBORG_BASE_URL"] = "https://ouders.deborg.nl/"
    assert Settings.from_env(env).base_url == "https://ouders.deborg.nl"
    (tmp_path / "base_url").write_text("onzin\n")
    assert Settings.from_env({"DEBORG_DATA_DIR": str(tmp_path)}).base_url == (
        "http://127.0.0.1:5000"
    )
