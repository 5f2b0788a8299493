"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the mail and daily tests, and its own checks.

Other test modules import ``SmtpServer``, ``smtp`` and ``mail_settings`` from here. The server
can refuse the first N DATA commands with a 4xx, reject chosen recipients with 550, and records
every accepted message.
"""

from __future__ import annotations

import email
import email.policy
import smtplib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.config import MailSettings, Settings


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Handler:
    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.fail_data = 0  # refuse this many DATA commands with 451
        self.reject: set[str] = set()  # recipients refused with 550
        self.data_attempts = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_attempts += 1
            if self.fail_data > 0:
                self.fail_data -= 1
                return "451 4.3.0 try again later"
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "rcpt": list(envelope.rcpt_tos),
                    "data": bytes(envelope.original_content or envelope.content),
                }
            )
        return "250 Message accepted"

    def parsed(self, i: int = -1) -> email.message.EmailMessage:
        return email.message_from_bytes(self.messages[i]["data"], policy=email.policy.default)


class SmtpServer:
    def __init__(self, port: int | None = None, logins: dict[str, str] | None = None) -> None:
        from aiosmtpd.controller import Controller

        self.handler = Handler()
        self.port = port or free_port()
        self.logins: list[tuple[str, str]] = []
        kwargs: dict = {}
        if logins is not None:  # AUTH PLAIN/LOGIN over plain TCP (test only, 127.0.0.1)
            from aiosmtpd.smtp import AuthResult

            def authenticate(server, session, envelope, mechanism, auth_data):
                user = auth_data.login.decode()
                password = auth_data.password.decode()
                self.logins.append((user, password))
                return AuthResult(success=logins.get(user) == password, handled=False)

            kwargs = {
                "authenticator": authenticate,
                "auth_require_tls": False,
            }
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[dict]:
        return self.handler.messages


@contextmanager
def running_server(
    port: int | None = None, logins: dict[str, str] | None = None
) -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 (on ``port`` when given) for the duration of the block."""
    server = SmtpServer(port, logins)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def mail_settings(tmp_path: Path, port: int, **mail: object) -> Settings:
    """Settings that send to 127.0.0.1:port with tiny backoff and a private state/outbox."""
    m = MailSettings(
        to=("anna@example.org",),
        sender="briefing@example.org",
        host="127.0.0.1",
        port=port,
        security="none",
        timeout=5.0,
        retries=3,
        backoff=0.01,
    )
    m = replace(m, **mail)  # type: ignore[arg-type]
    return Settings(
        out_dir=tmp_path / "out",
        state_path=tmp_path / "state" / "state.sqlite",
        outbox_dir=tmp_path / "outbox",
        mail=m,
    )


def test_server_accepts_and_records(smtp: SmtpServer) -> None:
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as c:
        c.sendmail("a@example.org", ["b@example.org"], b"Subject: hi\r\n\r\nbody\r\n")
    assert smtp.messages[0]["rcpt"] == ["b@example.org"]
    assert smtp.handler.parsed()["Subject"] == "hi"


def test_server_fault_injection(smtp: SmtpServer) -> None:
    smtp.handler.fail_data = 1
    smtp.handler.reject = {"bad@example.org"}
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as c:
        with pytest.raises(smtplib.SMTPDataError) as info:
            c.sendmail("a@example.org", ["b@example.org"], b"Subject: x\r\n\r\nx\r\n")
        assert info.value.smtp_code == 451
        refused = c.sendmail(
            "a@example.org", ["b@example.org", "bad@example.org"], b"Subject: y\r\n\r\ny\r\n"
        )
    assert refused["bad@example.org"][0] == 550
    assert [m["rcpt"] for m in smtp.messages] == [["b@example.org"]]
