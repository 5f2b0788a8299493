"""The outbox and the sent log: nothing lost, nothing sent twice.

A message that cannot be delivered after the configured retries is written to the outbox folder
as an ``.eml`` with a small ``.json`` envelope beside it (bcc recipients must not appear in the
message itself); ``deliver_outbox`` sends it later, exactly once per recipient, checked against
the sent log (the ``mail_sent`` table of the state file).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

from .config import MailSettings
from .fsutil import (
    UntrustedJSONError,
    atomic_write,
    atomic_write_text,
    clean_stale_temps,
    private_dir,
    read_json_untrusted,
    read_limited,
)
from .mail import (
    Delivery,
    Transport,
    _bare,
    deliver,
    valid_address,
)
from .store import Store

__all__ = [
    "FAILED_DIR",
    "OutboxResult",
    "SentLog",
    "deliver_outbox",
    "keep_failed",
    "queue_message",
    "refusals",
    "write_eml",
]

log = logging.getLogger(__name__)

FAILED_DIR = "failed"  # OUTBOX/failed: refused for good or unreadable; never retried
_MAX_EML_BYTES = 100_000_000
_MAX_ENVELOPE_BYTES = 1_000_000


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
        """Recipients who got the briefing of ``day``, have it waiting in the outbox, or were
        refused for good (5xx: trying again the same day would only be refused again)."""
        rows = self.store.conn.execute(
            "SELECT recipient FROM mail_sent WHERE day = ? "
            "AND status IN ('sent', 'queued', 'refused')",
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
    private_dir(outbox)
    atomic_write_text(outbox / f"{stem}.json", json.dumps(envelope, indent=2) + "\n", private=True)
    path = atomic_write(
        outbox / f"{stem}.eml", message.as_bytes(policy=email.policy.default), private=True
    )
    log.info("mail: kept %s in the outbox for %s", path, ", ".join(envelope["recipients"]))
    return path


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write ``message`` as an ``.eml`` file (atomically), e.g. for ``--dry-run``."""
    return atomic_write(Path(path), message.as_bytes(policy=email.policy.default), private=True)


def refusals(d: Delivery) -> str:
    return "; ".join(f"{r}: {why}" for r, why in d.refused.items())


class _BadEnvelope(ValueError):
    """An outbox entry that can never be sent as it is (moved to ``failed/``)."""


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _envelope_fields(env: object) -> tuple[list[str], str]:
    """The recipients and day of a parsed envelope, every field's type checked."""
    if not isinstance(env, dict):
        raise _BadEnvelope(f"the envelope is a JSON {type(env).__name__}, not an object")
    recipients = env.get("recipients")
    if not isinstance(recipients, list) or not recipients:
        raise _BadEnvelope("'recipients' must be a non-empty list of addresses")
    for r in recipients:
        if not isinstance(r, str) or not valid_address(r):
            raise _BadEnvelope(f"'recipients' holds {r!r}, not an email address")
    day = env.get("day", "")
    if not isinstance(day, str) or (day and not _DAY.match(day)):
        raise _BadEnvelope(f"'day' must be YYYY-MM-DD or empty, not {day!r}")
    for key in ("message_id", "queued", "reason"):
        if key in env and not isinstance(env[key], str):
            raise _BadEnvelope(f"'{key}' must be a string, not {env[key]!r}")
    return [_bare(r) for r in recipients], day


def _read_envelope(eml: Path) -> tuple[EmailMessage, list[str], str]:
    for entry in (eml, eml.with_suffix(".json")):
        if entry.is_symlink():  # it would send (or read) a file from anywhere on the machine
            raise _BadEnvelope(f"{entry.name} is a symlink; only files written by briefing")
    try:
        raw = read_limited(eml, _MAX_EML_BYTES)
    except OSError as exc:
        raise _BadEnvelope(str(exc)) from None
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    try:
        mid = str(msg["Message-ID"] or "")
    except (ValueError, TypeError, IndexError) as exc:
        raise _BadEnvelope(f"unreadable Message-ID header ({exc})") from None
    if not mid.strip():
        raise _BadEnvelope("no Message-ID header")
    side = eml.with_suffix(".json")
    if side.exists():
        try:
            env = read_json_untrusted(side, max_bytes=_MAX_ENVELOPE_BYTES)
        except UntrustedJSONError as exc:
            raise _BadEnvelope(f"{side.name}: {exc}") from None
        try:
            recipients, day = _envelope_fields(env)
        except _BadEnvelope as exc:
            raise _BadEnvelope(f"{side.name}: {exc}") from None
    else:  # an .eml dropped in by hand: its To and Cc headers are the envelope
        try:
            headers = [str(v) for h in ("To", "Cc") for v in msg.get_all(h, [])]
        except (ValueError, TypeError, IndexError) as exc:
            raise _BadEnvelope(f"unreadable To/Cc header ({exc})") from None
        recipients = [a for _name, a in getaddresses(headers) if a]
        bad = [a for a in recipients if not valid_address(a)]
        if bad or not recipients:
            raise _BadEnvelope(f"no valid recipient in its To/Cc headers ({bad or 'none'})")
        day = ""
    msg.policy = email.policy.SMTP
    return msg, recipients, day


def _move_to_failed(eml: Path, reason: str, recipients: Sequence[str] = ()) -> Path:
    """Move ``eml`` and its envelope to ``OUTBOX/failed/`` (owner-only), with the reason in
    its envelope, so no later run tries it again; returns the new place of the ``.eml``."""
    failed = _failed_dir(eml.parent)
    dest = failed / eml.name
    side = eml.with_suffix(".json")
    if side.exists() or side.is_symlink():
        side.replace(failed / (side.name + ".bad"))
        _private_file(failed / (side.name + ".bad"))
    note = {
        "recipients": list(recipients),
        "reason": reason,
        "failed": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
    atomic_write_text(dest.with_suffix(".json"), json.dumps(note, indent=2) + "\n", private=True)
    if eml.exists() or eml.is_symlink():
        eml.replace(dest)
        _private_file(dest)
    return dest


def _private_file(path: Path) -> None:
    if not path.is_symlink():
        path.chmod(0o600)


def keep_failed(
    message: EmailMessage, recipients: Sequence[str], day: str, outbox: Path, reason: str
) -> Path | None:
    """Keep a copy of a message refused for good (5xx) in ``OUTBOX/failed/``: never retried,
    there for the user to read or resend by hand."""
    stem = _outbox_stem(str(message["Message-ID"]))
    note = {
        "recipients": [_bare(r) for r in recipients],
        "day": day,
        "message_id": str(message["Message-ID"]),
        "reason": reason,
        "failed": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
    try:
        failed = _failed_dir(Path(outbox))
        atomic_write_text(failed / f"{stem}.json", json.dumps(note, indent=2) + "\n", private=True)
        path = atomic_write(
            failed / f"{stem}.eml", message.as_bytes(policy=email.policy.default), private=True
        )
    except OSError as exc:  # the refusal is reported anyway; the copy is a courtesy
        log.warning("mail: refused for good; cannot keep a copy in the outbox: %s", exc)
        return None
    log.warning("mail: refused for good; a copy is kept in %s", path)
    return path


def _failed_dir(outbox: Path) -> Path:
    """``OUTBOX/failed``, owner-only; a symlink there is refused (it would move mail, and
    change modes, somewhere else)."""
    failed = outbox / FAILED_DIR
    if failed.is_symlink():
        raise OSError(f"{failed} is a symlink; refusing to move mail through it")
    return private_dir(failed)


@dataclass
class OutboxResult:
    deliveries: list[Delivery] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    delivered: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)  # refused for good, now in failed/
    bad: list[str] = field(default_factory=list)  # "path: reason" (moved to failed/)

    @property
    def ok(self) -> bool:
        return not self.kept and not self.bad and all(not d.refused for d in self.deliveries)


def deliver_outbox(
    outbox_dir: Path,
    mail: MailSettings,
    store: Store,
    transport: Transport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> OutboxResult:
    """Send every ``.eml`` waiting in the outbox, each exactly once.

    Recipients already logged as sent for that Message-ID are skipped (a crash between sending
    and deleting never causes a second copy). The caller holds the run lock.
    """
    outbox = Path(outbox_dir)
    result = OutboxResult()
    if not outbox.is_dir():
        return result
    sent_log = SentLog(store)
    clean_stale_temps(outbox)
    for eml in sorted(outbox.glob("*.eml")):
        try:
            msg, recipients, day = _read_envelope(eml)
        except _BadEnvelope as exc:
            why = str(exc)
            try:
                moved = _move_to_failed(eml, why)
            except OSError as move_exc:
                result.bad.append(f"{eml}: {why}; cannot move it aside: {move_exc}")
            else:
                result.bad.append(f"{eml}: {why}; moved to {moved.parent}")
            log.warning("mail: %s: cannot be sent: %s", eml, why)
            continue
        mid = str(msg["Message-ID"])
        already = sent_log.sent_for_message(mid)
        todo = [r for r in recipients if r.lower() not in already]
        if todo:
            d = deliver(msg, todo, mail, transport, sleep)
            sent_log.record_delivery(day, d)
            result.deliveries.append(d)
            if d.refused:
                reason = refusals(d)
                if d.failed:  # the others wait in the outbox: keep a copy for the refused
                    keep_failed(msg, list(d.refused), day, outbox, reason)
                else:
                    try:
                        result.failed.append(_move_to_failed(eml, reason, list(d.refused)))
                    except OSError as exc:  # refused recipients are in the sent log: no resend
                        result.bad.append(f"{eml}: {reason}; cannot move it aside: {exc}")
                    continue
            if d.failed:
                d.queued = eml
                for r, why in d.failed.items():
                    sent_log.record(day, r, mid, "queued", why)
                side = eml.with_suffix(".json")
                env = {"recipients": list(d.failed), "day": day, "message_id": mid}
                atomic_write_text(side, json.dumps(env, indent=2) + "\n", private=True)
                result.kept.append(eml)
                continue
        eml.unlink(missing_ok=True)
        eml.with_suffix(".json").unlink(missing_ok=True)
        result.delivered.append(eml)
        log.info("mail: delivered %s from the outbox", eml.name)
    return result


# ---------------------------------------------------------------- one file, by hand
