"""Mail addresses are parsed strictly (#18 case 15): one mailbox per entry. A list in one entry
("a, b") or a display name that is itself an address ("eve@... <anna@...>") is refused with a
clear error by ``config check`` and at send time, before anything is sent; the To: header and
the SMTP envelope name the same recipients (checked against the real aiosmtpd)."""

from __future__ import annotations

from email.utils import getaddresses
from pathlib import Path

import pytest
from helpers import SmtpServer, mail_settings
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode
from briefing.mail import address_problem, valid_address
from briefing.send import send_file

SMUGGLED = [
    "anna@example.org, eve@evil.org",
    "anna@example.org; eve@evil.org",
    "anna@example.org eve@evil.org",
    "eve@evil.org <anna@example.org>",
    '"eve@evil.org" <anna@example.org>',
    "Anna <anna@example.org>, eve@evil.org",
    "Anna <anna@example.org> <eve@evil.org>",
    "team: anna@example.org, eve@evil.org;",
    "anna@example.org\r\nBcc: eve@evil.org",
    "anna(eve@evil.org)@example.org",
]
GOOD = [
    "anna@example.org",
    "Anna Müller <anna@example.org>",
    '"Müller, Anna" <anna@example.org>',
    "<anna@example.org>",
]


@pytest.mark.parametrize("address", SMUGGLED)
def test_smuggled_second_mailbox_is_refused(address: str) -> None:
    assert not valid_address(address)
    assert address_problem(address)


@pytest.mark.parametrize("address", GOOD)
def test_one_mailbox_with_or_without_a_name_is_accepted(address: str) -> None:
    assert valid_address(address), address_problem(address)


def test_made_up_list_of_another_shape_is_refused() -> None:
    # a second example of the class "two mailboxes in one entry", not from the issue
    assert not valid_address("Desk <desk@news.example>,ops@news.example")
    assert not valid_address("desk@news.example <ops@news.example>")


@pytest.mark.parametrize("address", SMUGGLED[:5])
def test_config_check_refuses_it(tmp_path: Path, address: str) -> None:
    cfg = tmp_path / "config.toml"
    quoted = address.replace("\\", "\\\\").replace('"', '\\"')
    cfg.write_text(f'[mail]\nto = ["{quoted}"]\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["config", "check", str(cfg)])
    assert r.exit_code == ExitCode.CONFIG, r.output
    assert "mail.to: not a valid email address" in r.output


def test_send_refuses_it_before_sending(smtp: SmtpServer, tmp_path: Path, pdf: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'state_path = "{tmp_path / "state.sqlite"}"\noutbox_dir = "{tmp_path / "outbox"}"\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nsender = "b@example.org"\n',
        encoding="utf-8",
    )
    for address in ("anna@example.org, eve@evil.org", "eve@evil.org <anna@example.org>"):
        r = CliRunner().invoke(app, ["send", str(pdf), "--to", address, "--config", str(cfg)])
        assert r.exit_code == ExitCode.CONFIG, r.output
        assert "not a valid email address" in r.output and repr(address) in r.output
    assert smtp.messages == [] and not (tmp_path / "outbox").exists()
    ok = CliRunner().invoke(
        app, ["send", str(pdf), "--to", "anna@example.org", "--config", str(cfg)]
    )
    assert ok.exit_code == 0, ok.output


def test_daily_refuses_a_smuggled_recipient_in_the_settings(
    smtp: SmtpServer, tmp_path: Path
) -> None:
    from dataclasses import replace

    from briefing.daily import run_daily
    from briefing.errors import ConfigError

    settings = mail_settings(tmp_path, smtp.port, cc=("eve@evil.org <anna@example.org>",))
    with pytest.raises(ConfigError, match="not a valid email address"):
        run_daily(replace(settings, inputs=(tmp_path,)), sleep=lambda s: None)
    assert smtp.messages == []


def test_header_and_envelope_name_the_same_recipients(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    to = ["Anna Müller <anna@example.org>", '"Berg, Ben" <ben@example.org>']
    cc = ["carla@example.org"]
    d = send_file(pdf, settings, to=to, cc=cc, bcc=["dora@example.org"], sleep=lambda s: None)
    assert d.ok
    msg = smtp.handler.parsed()
    in_headers = [a for _n, a in getaddresses([str(msg["To"]), str(msg["Cc"])])]
    assert in_headers == ["anna@example.org", "ben@example.org", "carla@example.org"]
    # the envelope: exactly the header's mailboxes plus the blind copy, nobody else
    assert smtp.messages[0]["rcpt"] == [*in_headers, "dora@example.org"]
    assert "dora" not in smtp.messages[0]["data"].decode("utf-8", "replace")


def test_config_check_names_every_bad_entry_with_its_reason(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        '[mail]\nto = ["ok@example.org", "anna@example.org, eve@evil.org", '
        '"eve@evil.org <anna@example.org>"]\n',
        encoding="utf-8",
    )
    r = CliRunner().invoke(app, ["config", "check", str(cfg)])
    assert r.exit_code == ExitCode.CONFIG
    assert "'anna@example.org, eve@evil.org' (more than one address" in r.output
    assert "'eve@evil.org <anna@example.org>' (a display name may not hold an address" in r.output
    assert "ok@example.org'" not in r.output
