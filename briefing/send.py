"""``briefing send PATH.pdf``: one PDF mailed, with the day's top stories in the body when its
``briefing.json`` lies beside it; a failure is queued in the outbox, a refusal kept aside."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .config import Settings
from .errors import ConfigError, MailError
from .fsutil import read_json_untrusted
from .mail import (
    Delivery,
    Transport,
    _check_addresses,
    attachment_name,
    build_message,
    deliver,
    format_subject,
    message_bodies,
)
from .models import Briefing, Day
from .outbox import SentLog, keep_failed, queue_message, refusals, write_eml
from .serialize import briefing_from_dict
from .store import Store

__all__ = ["send_file"]

log = logging.getLogger(__name__)


def _briefing_beside(pdf: Path, day: dt.date | None) -> tuple[Briefing, Day] | None:
    """The day's stories from the ``briefing.json`` written beside the PDF, if there is one.

    The file is untrusted (anyone may have written it): a file that is not a briefing, or a
    value of the wrong type, costs only the stories in the body, with a warning."""
    side = pdf.with_name("briefing.json")
    if day is None or not side.is_file():
        return None
    try:
        data = read_json_untrusted(side)
        if not isinstance(data, dict) or not isinstance(data.get("days"), list):
            raise ValueError("not a briefing.json")
        key = day.isoformat()
        days = [d for d in data["days"] if isinstance(d, dict) and d.get("date") == key]
        if not days:
            return None
        briefing = briefing_from_dict({**data, "days": days[:1]})
    except (
        ValueError,
        TypeError,
        AttributeError,
        KeyError,
        IndexError,
        OverflowError,
        RecursionError,
    ) as exc:
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
        html_body, text = message_bodies(found[0], found[1], settings.render_options())
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
        if d.refused:
            d.kept_failed = keep_failed(msg, list(d.refused), day, settings.outbox_dir, refusals(d))
        sent_log.record_delivery(day, d)
    return d
