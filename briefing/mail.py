"""Building and sending the briefing email: message, SMTP adapter, retries, outbox, sent log.

A message that cannot be delivered after the configured retries is never dropped: it is written
to the outbox folder as an ``.eml`` (with a small ``.json`` envelope beside it, because bcc
recipients must not appear in the message itself) and ``deliver_outbox`` sends it later.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import html
import json
import logging
import os
import re
import smtplib
import socket
import ssl
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Protocol

from .config import MailSettings, Settings
from .errors import ConfigError, MailError
from .fsutil import atomic_write, atomic_write_text
from .models import Briefing, Day
from .store import Store

__all__ = [
    "Delivery",
    "Transport",
    "SmtpTransport",
    "sanitize_header",
    "valid_address",
    "message_bodies",
    "build_message",
    "deliver",
    "queue_message",
    "deliver_outbox",
    "OutboxResult",
    "SentLog",
    "read_password",
    "send_file",
    "write_eml",
]

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"^[^@\s<>\"(),;:\\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


# ---------------------------------------------------------------- headers and addresses


def sanitize_header(value: str) -> str:
    """One header-safe line: CR, LF and other control characters folded into single spaces."""
    value = re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]+", " ", str(value))
    return re.sub(r"\s{2,}", " ", value).strip()


def valid_address(address: str) -> bool:
    """True for ``local@domain`` (or ``Name <local@domain>``) without line breaks."""
    if not isinstance(address, str) or any(c in address for c in "\r\n"):
        return False
    _name, addr = parseaddr(address)
    return bool(addr) and bool(_ADDRESS.match(addr))


def _bare(address: str) -> str:
    return parseaddr(address)[1]


def _check_addresses(addresses: Iterable[str], what: str) -> list[str]:
    out = []
    for a in addresses:
        if not valid_address(a):
            raise ConfigError(f"{what}: not a valid email address: {a!r}")
        out.append(a.strip())
    return out


# ---------------------------------------------------------------- message


def _fallback_bodies(briefing: Briefing, day: Day | None, settings: Settings) -> tuple[str, str]:
    """A plain HTML and text body: used until/unless ``briefing.render.render_email`` exists."""
    date = day.date.isoformat() if day else ""
    stories = list(day.stories[: settings.top_stories]) if day else []
    lines = [f"Briefing {date}", ""]
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        '<body style="font-family:Georgia,serif;max-width:40em;color:#222">',
        f'<h1 style="font-size:1.4em">Briefing {html.escape(date)}</h1>',
    ]
    for notice in briefing.notices:
        lines += [f"Note: {notice.text}", ""]
        parts.append(f'<p style="color:#a40"><em>{html.escape(notice.text)}</em></p>')
    if not stories:
        lines.append("No stories for this day.")
        parts.append("<p>No stories for this day.</p>")
    for i, story in enumerate(stories, 1):
        title = story.title or story.title_original or "(untitled)"
        summary = " ".join(s.text for s in story.summary)
        sources = ", ".join(story.outlets)
        lines += [f"{i}. {title}", summary]
        parts.append(f'<h2 style="font-size:1.1em">{html.escape(title)}</h2>')
        parts.append(f"<p>{html.escape(summary)}</p>")
        if sources:
            lines.append(f"Sources: {sources}")
            parts.append(
                f'<p style="color:#666;font-size:.9em">Sources: {html.escape(sources)}</p>'
            )
        lines.append("")
    lines.append("The full briefing is attached as a PDF.")
    parts.append("<p>The full briefing is attached as a PDF.</p></body></html>")
    return "\n".join(parts), "\n".join(lines) + "\n"


def message_bodies(briefing: Briefing, day: Day | None, settings: Settings) -> tuple[str, str]:
    """The email-safe HTML body and its plain-text alternative for one day of a briefing."""
    try:
        from .render import render_email
    except ImportError:
        return _fallback_bodies(briefing, day, settings)
    if day is None:
        return _fallback_bodies(briefing, day, settings)
    return render_email(briefing, day.date, settings)


def format_subject(template: str, date: dt.date | None, title: str = "", stories: int = 0) -> str:
    """The subject from its template (``{date}``, ``{title}``, ``{stories}``), header-safe."""
    values = {
        "date": date.isoformat() if date else "",
        "title": sanitize_header(title),
        "stories": stories,
    }
    try:
        subject = template.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"mail.subject: bad template {template!r} ({exc})") from None
    return sanitize_header(subject)


def attachment_name(template: str, date: dt.date | None) -> str:
    """The PDF's file name from its template (``{date}``), without path separators."""
    try:
        name = template.format_map({"date": date.isoformat() if date else ""})
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"mail.attachment: bad template {template!r} ({exc})") from None
    name = sanitize_header(name).replace("/", "_").replace("\\", "_")
    return name if name.lower().endswith(".pdf") else name + ".pdf"


def build_message(
    *,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str] = (),
    subject: str,
    text: str,
    html_body: str | None = None,
    attachment: bytes | None = None,
    filename: str = "briefing.pdf",
    date: dt.datetime | None = None,
) -> EmailMessage:
    """A MIME message: text (+ HTML alternative) (+ PDF attachment), Date and Message-ID set.

    Bcc recipients are deliberately not a parameter: they exist only in the SMTP envelope.
    """
    sender = _check_addresses([sender], "sender")[0]
    to = _check_addresses(to, "to")
    cc = _check_addresses(cc, "cc")
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = sanitize_header(subject)
    msg["From"] = sender
    if to:
        msg["To"] = ", ".join(to)
    else:
        msg["To"] = "undisclosed-recipients:;"
    if cc:
        msg["Cc"] = ", ".join(cc)
    when = date or dt.datetime.now(dt.UTC)
    msg["Date"] = format_datetime(when.astimezone(dt.UTC))
    domain = _bare(sender).rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(text, charset="utf-8")
    if html_body is not None:
        msg.add_alternative(html_body, subtype="html", charset="utf-8")
    if attachment is not None:
        msg.add_attachment(
            attachment,
            maintype="application",
            subtype="pdf",
            filename=sanitize_header(filename),
        )
    return msg


# ---------------------------------------------------------------- transport


class Transport(Protocol):
    """Sends one message to a list of envelope recipients; returns the refused ones."""

    def send(
        self, message: bytes, sender: str, recipients: Sequence[str]
    ) -> dict[str, tuple[int, str]]: ...


def read_password(mail: MailSettings) -> str | None:
    """The SMTP password: from ``password_file`` (owner-only mode) or the env var named by
    ``password_env``; never from the command line."""
    if mail.password_file is not None:
        path = Path(mail.password_file)
        try:
            st = path.stat()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the password file: {exc.strerror}") from None
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(
                f"{path}: password file is readable by others "
                f"(mode {stat.S_IMODE(st.st_mode):04o}); run: chmod 600 {path}"
            )
        try:
            return path.read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the password file: {exc.strerror}") from None
    if mail.password_env:
        value = os.environ.get(mail.password_env)
        if value:
            return value
    return None


class SmtpTransport:
    """The real thing: ``smtplib`` with STARTTLS, SSL or plain (a local relay)."""

    def __init__(self, mail: MailSettings) -> None:
        self.mail = mail

    def _connect(self) -> smtplib.SMTP:
        m = self.mail
        if m.security == "ssl":
            ctx = ssl.create_default_context()
            return smtplib.SMTP_SSL(m.host, m.port, timeout=m.timeout, context=ctx)
        conn = smtplib.SMTP(m.host, m.port, timeout=m.timeout)
        if m.security == "starttls":
            conn.starttls(context=ssl.create_default_context())
        elif m.security != "none":
            raise ConfigError(f"mail.security must be starttls, ssl or none, not {m.security!r}")
        return conn

    def send(
        self, message: bytes, sender: str, recipients: Sequence[str]
    ) -> dict[str, tuple[int, str]]:
        conn = self._connect()
        try:
            if self.mail.user:
                password = read_password(self.mail)
                if password is None:
                    raise ConfigError(
                        f"mail.user is set but no password: set ${self.mail.password_env} "
                        "or mail.password_file"
                    )
                conn.login(self.mail.user, password)
            refused = conn.sendmail(_bare(sender), list(recipients), message)
        finally:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()
        return {
            r: (int(code), msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg))
            for r, (code, msg) in refused.items()
        }


# ---------------------------------------------------------------- delivery with retries


@dataclass
class Delivery:
    """What happened to one message: per recipient sent, refused for good, or still failing."""

    message_id: str
    sent: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # permanent: recipient -> reason
    failed: dict[str, str] = field(default_factory=dict)  # transient, retries used up
    attempts: int = 0
    queued: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.refused and not self.failed


def _reply(code: int, text: Any) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError | socket.timeout | TimeoutError)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def deliver(
    message: EmailMessage,
    recipients: Sequence[str],
    mail: MailSettings,
    transport: Transport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Send ``message`` to the envelope ``recipients``, retrying transient failures
    (connection refused, timeouts, 4xx) ``mail.retries`` times with doubling backoff.

    5xx for one recipient is permanent and reported in ``refused``; the others still get it.
    """
    transport = transport or SmtpTransport(mail)
    data = message.as_bytes(policy=email.policy.SMTP)
    result = Delivery(message_id=str(message["Message-ID"]))
    pending = list(dict.fromkeys(_bare(r) for r in recipients))
    delay = max(0.0, mail.backoff)
    while pending:
        result.attempts += 1
        refused: dict[str, tuple[bool, str]] = {}  # recipient -> (permanent, reason)
        try:
            for r, (code, text) in transport.send(data, mail.sender, pending).items():
                refused[r] = (code >= 500, _reply(code, text))
        except smtplib.SMTPRecipientsRefused as exc:
            for r, (rcode, rtext) in exc.recipients.items():
                refused[r] = (rcode >= 500, _reply(rcode, rtext))
        except (smtplib.SMTPException, OSError) as exc:
            why = _describe(exc)
            permanent = not _is_transient(exc)
            refused = {r: (False, why) for r in pending}
            log.info("mail: attempt %d failed: %s", result.attempts, why)
            if permanent:  # e.g. 5xx for the sender or the data: no point retrying now
                result.failed.update({r: why for r in pending})
                break
        still = []
        for r in pending:
            if r not in refused:
                result.sent.append(r)
                result.failed.pop(r, None)
                continue
            permanent, why = refused[r]
            if permanent:
                result.refused[r] = why
                result.failed.pop(r, None)
                log.warning("mail: %s refused: %s", r, why)
            else:
                result.failed[r] = why
                still.append(r)
        pending = still
        if not pending or result.attempts > mail.retries:
            break
        sleep(delay)
        delay *= 2
    if result.failed:
        log.warning(
            "mail: not delivered after %d attempts to %s: %s",
            result.attempts,
            ", ".join(result.failed),
            next(iter(result.failed.values())),
        )
    return result


# ---------------------------------------------------------------- sent log

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_sent (
    day TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL,          -- sent | queued | refused | dry-run
    detail TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL,
    PRIMARY KEY (day, recipient, message_id)
);
CREATE INDEX IF NOT EXISTS mail_sent_message ON mail_sent (message_id);
"""


class SentLog:
    """What was sent to whom for which day (the ``mail_sent`` table of the state file)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.ensure(_SCHEMA)

    def record(
        self, day: str, recipient: str, message_id: str, status: str, detail: str = ""
    ) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO mail_sent (day, recipient, message_id, status, detail, time) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, recipient, message_id) "
                "DO UPDATE SET status = excluded.status, detail = excluded.detail, "
                "time = excluded.time",
                (day, recipient.lower(), message_id, status, detail, now),
            )

    def record_delivery(self, day: str, delivery: Delivery) -> None:
        for r in delivery.sent:
            self.record(day, r, delivery.message_id, "sent")
        for r, why in delivery.refused.items():
            self.record(day, r, delivery.message_id, "refused", why)
        for r, why in delivery.failed.items():
            self.record(day, r, delivery.message_id, "queued" if delivery.queued else "failed", why)

    def done(self, day: str) -> set[str]:
        """Recipients who got (or have waiting in the outbox) the briefing of ``day``."""
        rows = self.store.conn.execute(
            "SELECT recipient FROM mail_sent WHERE day = ? AND status IN ('sent', 'queued')",
            (day,),
        ).fetchall()
        return {r[0] for r in rows}

    def sent_for_message(self, message_id: str) -> set[str]:
        rows = self.store.conn.execute(
            "SELECT recipient FROM mail_sent WHERE message_id = ? AND status = 'sent'",
            (message_id,),
        ).fetchall()
        return {r[0] for r in rows}

    def rows(self, day: str | None = None) -> list[dict[str, str]]:
        sql = "SELECT day, recipient, message_id, status, detail, time FROM mail_sent"
        args: tuple[str, ...] = ()
        if day is not None:
            sql += " WHERE day = ?"
            args = (day,)
        return [dict(r) for r in self.store.conn.execute(sql + " ORDER BY time, recipient", args)]


# ---------------------------------------------------------------- outbox


def _outbox_stem(message_id: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    token = re.sub(r"[^A-Za-z0-9]+", "-", message_id.strip("<>"))[:60].strip("-")
    return f"{stamp}-{token}"


def queue_message(
    message: EmailMessage, recipients: Sequence[str], day: str, outbox: Path, *, reason: str = ""
) -> Path:
    """Write ``message`` to the outbox as an ``.eml`` plus its envelope (``.json``), atomically.

    The envelope is written first: an ``.eml`` is only ever seen complete and with its recipients.
    """
    outbox = Path(outbox)
    stem = _outbox_stem(str(message["Message-ID"]))
    envelope = {
        "recipients": [_bare(r) for r in recipients],
        "day": day,
        "message_id": str(message["Message-ID"]),
        "queued": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "reason": reason,
    }
    atomic_write_text(outbox / f"{stem}.json", json.dumps(envelope, indent=2) + "\n")
    path = atomic_write(outbox / f"{stem}.eml", message.as_bytes(policy=email.policy.default))
    log.info("mail: kept %s in the outbox for %s", path, ", ".join(envelope["recipients"]))
    return path


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write ``message`` as an ``.eml`` file (atomically), e.g. for ``--dry-run``."""
    return atomic_write(Path(path), message.as_bytes(policy=email.policy.default))


def _read_envelope(eml: Path) -> tuple[EmailMessage, list[str], str]:
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    side = eml.with_suffix(".json")
    if side.is_file():
        env = json.loads(side.read_text(encoding="utf-8"))
        recipients = [str(r) for r in env.get("recipients", [])]
        day = str(env.get("day", ""))
    else:  # an .eml dropped in by hand: its To and Cc headers are the envelope
        headers = [str(v) for h in ("To", "Cc") for v in msg.get_all(h, [])]
        recipients = [_bare(a) for v in headers for a in v.split(",") if _bare(a)]
        day = ""
    msg.policy = email.policy.SMTP
    return msg, recipients, day


@dataclass
class OutboxResult:
    deliveries: list[Delivery] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    delivered: list[Path] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # "path: reason"

    @property
    def ok(self) -> bool:
        return not self.kept and not self.bad and all(not d.refused for d in self.deliveries)


def deliver_outbox(
    settings: Settings,
    store: Store,
    transport: Transport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> OutboxResult:
    """Send every ``.eml`` waiting in the outbox, each exactly once.

    Recipients already logged as sent for that Message-ID are skipped (a crash between sending
    and deleting never causes a second copy). The caller holds the run lock.
    """
    outbox = Path(settings.outbox_dir)
    result = OutboxResult()
    if not outbox.is_dir():
        return result
    sent_log = SentLog(store)
    for eml in sorted(outbox.glob("*.eml")):
        try:
            msg, recipients, day = _read_envelope(eml)
        except (OSError, ValueError) as exc:
            result.bad.append(f"{eml}: cannot read: {exc}")
            log.warning("mail: %s: cannot read: %s", eml, exc)
            continue
        mid = str(msg["Message-ID"] or "")
        if not mid:
            result.bad.append(f"{eml}: no Message-ID header")
            continue
        already = sent_log.sent_for_message(mid)
        todo = [r for r in recipients if r.lower() not in already]
        if todo:
            d = deliver(msg, todo, settings.mail, transport, sleep)
            sent_log.record_delivery(day, d)
            result.deliveries.append(d)
            if d.failed:
                d.queued = eml
                for r, why in d.failed.items():
                    sent_log.record(day, r, mid, "queued", why)
                side = eml.with_suffix(".json")
                env = {"recipients": list(d.failed), "day": day, "message_id": mid}
                atomic_write_text(side, json.dumps(env, indent=2) + "\n")
                result.kept.append(eml)
                continue
        eml.unlink(missing_ok=True)
        eml.with_suffix(".json").unlink(missing_ok=True)
        result.delivered.append(eml)
        log.info("mail: delivered %s from the outbox", eml.name)
    return result


# ---------------------------------------------------------------- one file, by hand


def send_file(
    pdf: Path,
    settings: Settings,
    *,
    to: Sequence[str],
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    subject: str | None = None,
    dry_run: bool = False,
    transport: Transport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Send one PDF (``briefing send PATH.pdf``); a failure is queued in the outbox."""
    pdf = Path(pdf)
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise MailError(f"{pdf}: cannot read the file to send: {exc.strerror}") from None
    if not data.startswith(b"%PDF"):
        raise MailError(f"{pdf}: not a PDF file")
    if not (to or cc or bcc):
        raise ConfigError("no recipients: give --to (or set [mail] to in the config file)")
    day_date: dt.date | None = None
    for part in (pdf.parent.name, pdf.stem):
        m = re.search(r"\d{4}-\d{2}-\d{2}", part)
        if m:
            try:
                day_date = dt.date.fromisoformat(m.group(0))
                break
            except ValueError:
                pass
    day = day_date.isoformat() if day_date else ""
    subj = format_subject(subject or settings.mail.subject, day_date)
    name = attachment_name(settings.mail.attachment, day_date) if day_date else pdf.name
    text = f"{subj}\n\nThe briefing is attached as a PDF ({name}).\n"
    html_body = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f"<p>{html.escape(subj)}</p><p>The briefing is attached as a PDF "
        f"({html.escape(name)}).</p></body></html>"
    )
    msg = build_message(
        sender=settings.mail.sender,
        to=to,
        cc=cc,
        subject=subj,
        text=text,
        html_body=html_body,
        attachment=data,
        filename=name,
    )
    _check_addresses(bcc, "bcc")
    recipients = [*to, *cc, *bcc]
    with Store(settings.state_path) as store:
        sent_log = SentLog(store)
        if dry_run:
            path = write_eml(msg, pdf.with_suffix(".eml"))
            return Delivery(message_id=str(msg["Message-ID"]), queued=path)
        d = deliver(msg, recipients, settings.mail, transport, sleep)
        if d.failed:
            d.queued = queue_message(
                msg, list(d.failed), day, settings.outbox_dir, reason="; ".join(d.failed.values())
            )
        sent_log.record_delivery(day, d)
    return d
