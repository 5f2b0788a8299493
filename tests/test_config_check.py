"""``briefing config check``: a good file passes, a bad one has every problem named, a password
file that others can read is refused (by the check and when sending)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import MailSettings, load_settings
from briefing.config_check import check_config
from briefing.errors import ConfigError, ExitCode
from briefing.mail import read_password

DATA = Path(__file__).parent / "data" / "config"
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "config.example.toml"


def _check(*args: str):
    return CliRunner().invoke(app, ["config", "check", *args])


def test_good_file_passes_and_loads() -> None:
    r = _check(str(DATA / "good.toml"))
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"{DATA / 'good.toml'}: ok"
    s = load_settings(DATA / "good.toml")
    assert s.mail.port == 587 and s.mail.attachment == "Lagebericht_Übersicht_{date}.pdf"


def test_bad_file_lists_every_problem() -> None:
    r = _check(str(DATA / "bad.toml"))
    assert r.exit_code == ExitCode.CONFIG
    expected = [
        "colour: unknown setting",
        "sentences: must be a whole number",
        "formats: unknown docx",
        "paper: 'A5' is not one of",
        "cluster_threshold: 1.5 is out of range",
        "timezone: unknown time zone 'Mars/Olympus'",
        "use_cache: must be true or false",
        "mail.cc: not a valid email address: 'not-an-address'",
        "mail.sender: not a valid email address",
        "mail.port: 70000 is out of range (1..65535)",
        "mail.security: 'tls' is not one of starttls, ssl, none",
        "mail.retries: -1 is out of range",
        "mail.password: a password is never read from the config file",
        "mail.subject: unknown placeholder {day}",
        "mail.hots: unknown setting (did you mean 'host'?)",
    ]
    for line in expected:
        assert line in r.output, line
    assert "15 problem(s)" in r.output
    assert "ok@example.org" not in r.output  # the good address is not blamed


def test_mail_table_without_recipients(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[mail]\nhost = "localhost"\n', encoding="utf-8")
    assert check_config(cfg) == ['mail.to: no recipients; set to = ["reader@example.org"]']


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text("[mail\nto = 1\n", encoding="utf-8")
    assert check_config(bad)[0].startswith(f"{bad}: not valid TOML")
    r = _check(str(tmp_path / "nope.toml"))
    assert r.exit_code == ExitCode.CONFIG and "config file not found" in r.output


def test_password_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret\n", encoding="utf-8")
    secret.chmod(0o644)
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[mail]\nto = ["a@example.org"]\nuser = "me"\npassword_file = "{secret}"\n',
        encoding="utf-8",
    )
    r = _check(str(cfg))
    assert r.exit_code == ExitCode.CONFIG
    assert "readable by others (mode 0644)" in r.output and "0600" in r.output
    with pytest.raises(ConfigError, match="readable by others"):
        read_password(MailSettings(password_file=secret))

    for mode in (0o600, 0o400):
        secret.chmod(mode)
        assert _check(str(cfg)).exit_code == 0
        assert read_password(MailSettings(password_file=secret)) == "s3cret"


def test_password_from_environment_only(monkeypatch: pytest.MonkeyPatch) -> None:
    m = MailSettings(user="me", password_env="MY_SMTP_PW")
    assert read_password(m) is None
    monkeypatch.setenv("MY_SMTP_PW", "from-env")
    assert read_password(m) == "from-env"


def test_no_password_option_on_the_command_line() -> None:
    for cmd in (["send", "--help"], ["daily", "--help"]):
        r = CliRunner().invoke(app, cmd)
        assert r.exit_code == 0 and "--password" not in r.output


def test_check_finds_the_user_config(tmp_path: Path) -> None:
    user_cfg = Path(os.environ["XDG_CONFIG_HOME"]) / "briefing" / "config.toml"
    user_cfg.parent.mkdir(parents=True, exist_ok=True)
    user_cfg.write_text("top_stories = 0\n", encoding="utf-8")
    r = _check()
    assert r.exit_code == ExitCode.CONFIG
    assert str(user_cfg) in r.output and "top_stories: 0 is out of range" in r.output


def test_documented_example_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "news" / "incoming").mkdir(parents=True)
    cfg = tmp_path / "config.toml"
    shutil.copy(EXAMPLE, cfg)
    assert check_config(cfg) == []
    s = load_settings(cfg)
    assert s.mail.security == "starttls" and s.inputs == (tmp_path / "news" / "incoming",)
