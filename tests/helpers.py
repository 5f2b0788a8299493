"""Helpers the test modules share (they import them from here, never from each other)."""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import functools
import os
import shutil
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from briefing.config import MailSettings, Settings
from briefing.errors import ExitCode
from briefing.models import Article, Briefing, Day, Paragraph, RunReport, Sentence, Skipped, Story

# ---- a real SMTP server on 127.0.0.1 (aiosmtpd) and settings that send to it


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


# ---- the CLI runner


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_day_args(out: Path, formats: str, *extra: str) -> list[str]:
    """``briefing build`` of the fixtures' 27 Nov 2025 into ``out`` as ``formats``."""
    return [
        "build",
        str(FIXTURES),
        "--out",
        str(out),
        "--date",
        "2025-11-27",
        "--format",
        formats,
        *extra,
    ]


def cli_runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


# ---- two ordinary German article texts


BODY = (
    "Berlin - Der Bundestag hat am Freitag über das neue Wehrdienstgesetz abgestimmt und eine "
    "lange Debatte geführt, in der alle Fraktionen zu Wort kamen."
)


OTHER = (
    "Wien - Die Regierung hat am Montag ein neues Paket für den Wohnungsbau vorgestellt, das "
    "im Frühjahr im Nationalrat beschlossen werden soll."
)


# ---- a local HTTP server


@contextlib.contextmanager
def serving(server: socketserver.TCPServer) -> Iterator[str]:
    """``server`` answering in a thread; its base URL while the block runs."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ---- a build that daily can run without the pipeline


SAMPLE = Path(__file__).parent / "data" / "mail" / "sample.pdf"


DAY = dt.date(2025, 11, 27)


class FakeBuild:
    """Stands in for ``pipeline.run_build``: one day, two stories, a PDF on disk."""

    def __init__(self, title: str = "Peace talks in Geneva", delay: float = 0.0) -> None:
        self.title = title
        self.delay = delay
        self.calls = 0

    def __call__(self, settings: Settings, *, progress: object = None, dry_run: bool = False):
        from briefing.pipeline import BuildResult

        self.calls += 1
        time.sleep(self.delay)
        day = settings.date
        art = Article(id="a1", path="a.txt", paragraphs=(Paragraph("Text."),), source="dpa")
        sent = Sentence("Talks went on.", "Gespräche.", "a1", 0, "en", "de", translated=True)
        stories = (
            Story(id="s1", articles=(art,), title=self.title, summary=(sent,)),
            Story(id="s2", articles=(art,), title="Second story", summary=(sent,)),
        )
        days = (Day(date=day, stories=stories),) if day == DAY else ()
        report = RunReport(read=5, skipped=(Skipped("x.bin", "binary"),), translated_sentences=7)
        briefing = Briefing(days=days, report=report)
        written = []
        if days:
            pdf = settings.out_dir / day.isoformat() / "briefing.pdf"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(SAMPLE, pdf)
            written.append(pdf)
        return BuildResult(briefing=briefing, written=written, exit_code=ExitCode.OK)


# ---- a config file for the hostile-runtime tests


def hostile_config(tmp_path: Path, port: int, extra: str = "") -> Path:
    """A config file sending to 127.0.0.1:port, everything inside ``tmp_path``."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'state_path = "{tmp_path / "state" / "state.sqlite"}"\n'
        f'outbox_dir = "{tmp_path / "outbox"}"\n{extra}'
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nto = ["anna@example.org"]\n'
        'sender = "briefing@example.org"\nretries = 0\nbackoff = 0.01\ntimeout = 5\n',
        encoding="utf-8",
    )
    return cfg


# ---- the tiny de→en Argos package, installed


def install_tiny_de_en(argos_tiny_files: dict[str, Path]) -> Path:
    """The tiny de->en package (conftest's session build) installed into the session packages
    folder, which subprocesses and Dask workers see too (reused when already there)."""
    from briefing.translate.packages import find_model, install_from_file

    directory = Path(os.environ["ARGOS_PACKAGES_DIR"])
    found = find_model("de", "en", None)
    if found is not None:
        return found.path
    return install_from_file(argos_tiny_files["de-en"], directory).path


# ---- the five seed articles as ingest reads them


@functools.cache
def _ingested() -> dict[str, Article]:
    from briefing.ingest import read_file

    out = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("*.txt")):
        (article,) = read_file(path, Settings())
        out[path.name[:3]] = article
    return out


def seeds() -> dict[str, Article]:
    """The five seeds as the ingest stage reads them, keyed (and re-id'd) by "000".."004"."""
    return {name: replace(a, id=name) for name, a in _ingested().items()}


# ---- made-up RSS teaser days for the clustering tests


# unrelated teasers of ordinary news around the made-up events of a test day
FILLER_TEASERS = [
    ("x1", "Neue Radwege in Dresden", "Die Stadt Dresden plant vierzig Kilometer neue Radwege.",
     "kurier.example"),
    ("x2", "Spargelsaison beginnt früh", "Die Bauern in Baden stechen den ersten Spargel.",
     "welle.example"),
    ("x3", "Museum zeigt Werke von Modersohn", "Die Kunsthalle Bremen eröffnet eine große "
     "Schau.", "blatt.example"),
    ("x4", "Glätte sorgt für Unfälle", "Auf glatten Straßen in Oberbayern krachte es oft.",
     "kurier.example"),
    ("x5", "Zoo Leipzig freut sich über Nachwuchs", "Im Zoo Leipzig ist ein Elefantenkalb "
     "geboren.", "welle.example"),
    ("x6", "Tarifeinigung im Einzelhandel", "Verdi und die Arbeitgeber einigen sich auf mehr "
     "Lohn für Verkäuferinnen.", "kurier.example"),
    ("x7", "Hertha verliert in Fürth", "Die Berliner unterliegen am Sonntag mit 0:2 und "
     "rutschen in der Tabelle ab.", "welle.example"),
]  # fmt: skip


def teasers(rows: list[tuple[str, str, str, str]], day: dt.date, hour: int = 8) -> list[Article]:
    """One teaser (a headline and one short paragraph) per row ``(id, title, text, outlet)``."""
    return [
        Article(
            id=aid,
            path=f"{outlet}.xml#{aid}",
            paragraphs=(Paragraph(text),),
            title=title,
            date=day,
            published=dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC),
            source=outlet,
        )
        for aid, title, text, outlet in rows
    ]


def pair_joined(
    rows: list[tuple[str, str, str, str]], day: dt.date, a: str = "a", b: str = "b"
) -> bool:
    """Whether the day's default clustering of ``teasers(rows, day)`` puts ``a`` and ``b`` in one story."""
    from briefing.cluster import cluster_day
    from briefing.config import Settings

    clusters = cluster_day(teasers(rows, day), Settings().cluster_threshold)
    return any({a, b} <= {x.id for x in c} for c in clusters)
