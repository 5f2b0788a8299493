"""Mail delivery speed: build+send N messages with a PDF of SIZE KB to a local aiosmtpd server,
then queue N messages in the outbox and deliver them with ``deliver_outbox``.

    .venv/bin/python benchmarks/bench_mail.py [N] [SIZE_KB]

Prints one line per measurement; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    size_kb = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    from aiosmtpd.controller import Controller

    from briefing.config import MailSettings, Settings
    from briefing.mail import build_message, deliver, deliver_outbox, queue_message
    from briefing.store import Store

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.count += 1
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = Controller(Sink(), hostname="127.0.0.1", port=port)
    ctl.start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    try:
        settings = Settings(
            state_path=tmp / "state.sqlite",
            outbox_dir=tmp / "outbox",
            mail=replace(MailSettings(), host="127.0.0.1", port=port, backoff=0.01),
        )
        pdf = b"%PDF-1.4\n" + os.urandom(size_kb * 1024)
        recipients = ["a@example.org", "b@example.org", "c@example.org"]

        def message():
            return build_message(
                sender="briefing@example.org",
                to=recipients[:1],
                cc=recipients[1:2],
                subject="Briefing 2025-11-27",
                text="text",
                html_body="<p>html</p>",
                attachment=pdf,
                filename="Lagebericht_Übersicht_2025-11-27.pdf",
            )

        t0 = time.perf_counter()
        for _ in range(n):
            message()
        build_s = (time.perf_counter() - t0) / n
        t0 = time.perf_counter()
        for _ in range(n):
            d = deliver(message(), recipients, settings.mail)
            assert d.ok
        send_s = (time.perf_counter() - t0) / n
        for _ in range(n):
            queue_message(message(), recipients, "2025-11-27", settings.outbox_dir)
        before = Sink.count
        t0 = time.perf_counter()
        with Store(settings.state_path) as store:
            res = deliver_outbox(settings.outbox_dir, settings.mail, store)
        outbox_s = time.perf_counter() - t0
        assert res.ok and Sink.count - before == n
        print(f"messages={n} pdf={size_kb}KB recipients={len(recipients)}")
        print(f"build_message: {build_s * 1000:.1f} ms/message")
        print(f"build+send (local SMTP): {send_s * 1000:.1f} ms/message")
        print(f"outbox delivery of {n}: {outbox_s:.2f} s ({outbox_s / n * 1000:.1f} ms/message)")
    finally:
        ctl.stop()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
