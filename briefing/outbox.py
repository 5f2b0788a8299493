"""The outbox and the sent log: nothing lost, nothing sent twice.

A message that cannot be delivered after the configured retries is written to the outbox folder
as an ``.eml`` with a small ``.json`` envelope beside it (bcc recipients must not appear in the
message itself); ``deliver_outbox`` sends it later, exactly once per recipient, checked against
the sent log (the ``mail_sent`` table of the state file).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import html
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from .config import Settings
from .errors import ConfigError, MailError
from .fsutil import atomic_write, atomic_write_text
from .mail import (
    Delivery,
    Transport,
    _bare,
    _check_addresses,
    attachment_name,
    build_message,
    deliver,
    format_subject,
    message_bodies,
)
from .models import Briefing, Day
from .serialize import briefing_from_dict
from .store import Store

__all__ = [
    "SentLog",
    "queue_message",
    "write_eml",
    "deliver_outbox",
    "OutboxResult",
    "send_file",
]

log = logging.getLogger(__name__)


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


def _briefing_beside(pdf: Path, day: dt.date | None) -> tuple[Briefing, Day] | None:
    """The day's stories from the ``briefing.json`` written beside the PDF, if there is one."""
    side = pdf.with_name("briefing.json")
    if day is None or not side.is_file():
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
        days = [d for d in data.get("days", []) if d.get("date") == day.isoformat()]
        if not days:
            return None
        briefing = briefing_from_dict({**data, "days": days[:1]})
    except (OSError, ValueError, TypeError, AttributeError, KeyError) as exc:
        log.warning("mail: %s: cannot read the stories for the message body: %s", side, exc)
        return None
    the_day = Day(date=day, stories=briefing.days[0].stories)
    return Briefing(days=(the_day,), notices=briefing.notices), the_day


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
    found = _briefing_beside(pdf, day_date)
    top = found[1].stories[0] if found and found[1].stories else None
    subj = format_subject(
        subject or settings.mail.subject,
        day_date,
        title=(top.title or top.title_original) if top else "",
        stories=len(found[1].stories) if found else 0,
    )
    name = attachment_name(settings.mail.attachment, day_date) if day_date else pdf.name
    if found:  # the top stories in the body, as `briefing daily` sends them
        html_body, text = message_bodies(found[0], found[1], settings)
    else:
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
