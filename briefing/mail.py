"""Building and sending the briefing email: header safety, the MIME message, the SMTP adapter
and delivery with retries. What could not be delivered goes to ``briefing.outbox``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.policy
import logging
import os
import re
import smtplib
import socket
import ssl
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Protocol

from .config import MailSettings
from .errors import ConfigError
from .models import Briefing, Day
from .options import RenderOptions

__all__ = [
    "Delivery",
    "SmtpTransport",
    "Transport",
    "address_problem",
    "attachment_name",
    "build_message",
    "deliver",
    "format_subject",
    "message_bodies",
    "read_password",
    "sanitize_header",
    "valid_address",
]

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"^[^@\s<>\"(),;:\\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


# ---------------------------------------------------------------- headers and addresses


def sanitize_header(value: str) -> str:
    """One header-safe line: CR, LF and other control characters folded into single spaces."""
    value = re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]+", " ", str(value))
    return re.sub(r"\s{2,}", " ", value).strip()


# A display name may be a phrase of words, or quoted; it may not hold what makes one entry name
# two mailboxes or a different one: "@", "<", ">", ",", ";", ":", quotes and backslashes.
_NAME = r'[^@<>,;:"\\()\[\]\x00-\x1f\x7f]+|"[^@<>"\\\x00-\x1f\x7f]*"'
_ENTRY = re.compile(
    rf"^\s*(?:(?P<addr>[^\s<>]+)|(?:(?P<name>{_NAME})\s*)?<(?P<angle>[^\s<>]+)>)\s*$"
)


def address_problem(address: object) -> str | None:
    """Why ``address`` is not exactly one mailbox (``local@domain`` or ``Name <local@domain>``),
    or None when it is. Lists ("a@x, b@y"), a display name that is itself an address
    ("eve@evil.org <anna@example.org>"), line breaks and group syntax are refused."""
    if not isinstance(address, str):
        return f"not a string: {address!r}"
    if any(c in address for c in "\r\n\x00"):
        return "holds a line break"
    m = _ENTRY.match(address)
    if not m:
        if address.count("@") > 1 and "<" in address:
            return "a display name may not hold an address: one mailbox per entry"
        if address.count("@") > 1 or "," in address or ";" in address:
            return "more than one address: give each address as its own entry"
        return "not of the form local@domain or Name <local@domain>"
    addr = m.group("addr") or m.group("angle")
    if not _ADDRESS.match(addr):
        return "not of the form local@domain"
    if len(addr) > 254:
        return "longer than 254 characters"
    # the stdlib parser (what the header will say) must find this one mailbox, nothing else
    parsed = getaddresses([address])
    if len(parsed) != 1 or parsed[0][1] != addr:
        return "ambiguous: a mail program would read it differently"
    return None


def valid_address(address: str) -> bool:
    """True for exactly one ``local@domain`` (or ``Name <local@domain>``), nothing else."""
    return address_problem(address) is None


def _bare(address: str) -> str:
    return parseaddr(address)[1]


def _check_addresses(addresses: Iterable[str], what: str) -> list[str]:
    out = []
    for a in addresses:
        problem = address_problem(a)
        if problem:
            raise ConfigError(f"{what}: not a valid email address: {a!r} ({problem})")
        out.append(a.strip())
    return out


# ---------------------------------------------------------------- message


def message_bodies(briefing: Briefing, day: Day, settings: RenderOptions) -> tuple[str, str]:
    """The email-safe HTML body and its plain-text alternative for one day of a briefing."""
    from .render import render_email

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

    def _connect(self, holder: dict[str, smtplib.SMTP]) -> smtplib.SMTP:
        """Connect (the object is in ``holder`` before the greeting is read, so the deadline
        can cut a server that drips even its greeting)."""
        m = self.mail
        if m.security not in ("ssl", "starttls", "none"):
            raise ConfigError(f"mail.security must be starttls, ssl or none, not {m.security!r}")
        conn: smtplib.SMTP
        if m.security == "ssl":
            conn = smtplib.SMTP_SSL(timeout=m.timeout, context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(timeout=m.timeout)
        holder["conn"] = conn
        conn.connect(m.host, m.port)
        if m.security == "starttls":
            conn.starttls(context=ssl.create_default_context())
        return conn

    def send(
        self, message: bytes, sender: str, recipients: Sequence[str]
    ) -> dict[str, tuple[int, str]]:
        # mail.timeout bounds each socket read; mail.deadline the whole attempt, so a server
        # that drips its replies cannot hold the run lock forever.
        expired = threading.Event()
        holder: dict[str, smtplib.SMTP] = {}

        def cut() -> None:
            expired.set()
            sock = getattr(holder.get("conn"), "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.mail.deadline, cut)
        timer.daemon = True
        timer.start()
        try:
            try:
                return self._send(self._connect(holder), message, sender, recipients)
            finally:
                timer.cancel()
        except (smtplib.SMTPException, OSError) as exc:
            if expired.is_set():
                raise TimeoutError(
                    f"no complete reply within {self.mail.deadline:g} s (setting mail.deadline)"
                ) from exc
            raise

    def _send(
        self, conn: smtplib.SMTP, message: bytes, sender: str, recipients: Sequence[str]
    ) -> dict[str, tuple[int, str]]:
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
    kept_failed: Path | None = None  # the copy kept in OUTBOX/failed/ for the refused

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

    5xx for one recipient, or 5xx to DATA for all of them, is permanent and reported in
    ``refused`` (the others still get it); 5xx for the sender or the login is the settings'
    fault: ``failed``, so the message waits in the outbox until they are fixed.
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
        except smtplib.SMTPDataError as exc:
            # The server took the recipients and refused the message itself: 5xx is final for
            # this message (too big, spam, policy), 4xx is retried.
            why = _describe(exc)
            log.info("mail: attempt %d failed: %s", result.attempts, why)
            refused = {r: (exc.smtp_code >= 500, why) for r in pending}
        except (smtplib.SMTPException, OSError) as exc:
            why = _describe(exc)
            permanent = not _is_transient(exc)
            refused = {r: (False, why) for r in pending}
            log.info("mail: attempt %d failed: %s", result.attempts, why)
            if permanent:  # 5xx for the sender or the login: the settings are wrong, so the
                # message waits in the outbox until they are fixed
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
