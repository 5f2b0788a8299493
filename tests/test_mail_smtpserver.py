"""The checks of the real SMTP server on 127.0.0.1 (aiosmtpd) the mail and daily tests use.

``SmtpServer``, ``running_server`` and ``mail_settings`` live in ``helpers``; the ``smtp``
fixture in conftest. The server can refuse the first N DATA commands with a 4xx, reject
chosen recipients with 550, and records every accepted message.
"""

from __future__ import annotations

import smtplib

import pytest
from helpers import SmtpServer


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
