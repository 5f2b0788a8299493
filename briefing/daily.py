"""``briefing daily``: under one lock, deliver the outbox, build the day and send it once.

Idempotent: the sent log in the state file says who already has the day's briefing, so a second
run sends nothing (``force`` resends). A message that cannot be delivered waits in the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import ConfigError, ExitCode
from .mail import (
    Delivery,
    Transport,
    attachment_name,
    build_message,
    deliver,
    format_subject,
    message_bodies,
    valid_address,
)
from .options import today
from .outbox import (
    OutboxResult,
    SentLog,
    deliver_outbox,
    keep_failed,
    queue_message,
    write_eml,
)
from .progress import Progress
from .runlock import lock_path, run_lock
from .store import Store

__all__ = ["DailyResult", "flush_outbox", "lock_path", "run_daily", "run_lock", "today"]

log = logging.getLogger(__name__)


@dataclass
class DailyResult:
    day: dt.date
    exit_code: ExitCode = ExitCode.OK
    build: Any = None  # pipeline.BuildResult
    delivery: Delivery | None = None
    outbox: OutboxResult | None = None
    already: list[str] = field(default_factory=list)  # recipients who had it already
    eml: Path | None = None  # --dry-run: the message written instead of sent
    summary: str = ""

    @property
    def sent(self) -> int:
        n = len(self.delivery.sent) if self.delivery else 0
        if self.outbox:
            n += sum(len(d.sent) for d in self.outbox.deliveries)
        return n


def _recipients(settings: Settings) -> list[str]:
    m = settings.mail
    out = [*m.to, *m.cc, *m.bcc]
    if not out:
        raise ConfigError(
            'no recipients: set [mail] to = ["reader@example.org"] in the config file'
        )
    bad = [a for a in out if not valid_address(a)]
    if bad:
        raise ConfigError("mail: not a valid email address: " + ", ".join(repr(a) for a in bad))
    return out


def _bare(a: str) -> str:
    from email.utils import parseaddr

    return parseaddr(a)[1].lower()


def _run_build(settings: Settings, progress: Progress, dry_run: bool) -> tuple[Any, bytes | None]:
    """The build (a ``pipeline.BuildResult``) and the day's PDF, the attachment (or None).

    A dry run writes no output: the published files are left as they are, days found up to
    date are read back from them, and only the PDF (the attachment) is rendered, in memory."""
    from .pipeline import run_build

    if not dry_run:
        build = run_build(settings, progress=progress)
        return build, _pdf_of(build, settings.date)
    build = run_build(settings, progress=progress, dry_run=True)
    pdf = getattr(build, "pdfs", {}).get(str(settings.date))
    return build, pdf if pdf is not None else _pdf_of(build, settings.date)


def _pdf_of(build: Any, day: dt.date | None) -> bytes | None:
    pdf = next(
        (
            p
            for p in [*build.written, *build.kept]
            if Path(p).suffix == ".pdf" and Path(p).parent.name == str(day)
        ),
        None,
    )
    return Path(pdf).read_bytes() if pdf else None


def _summary(result: DailyResult) -> str:
    day = result.day.isoformat()
    b = result.build
    if b is None:
        parts = ["not rebuilt (sent or queued before)" if result.already else "not built"]
    else:
        report = b.briefing.report
        stories = sum(len(d.stories) for d in b.briefing.days if d.date == result.day)
        parts = [
            f"articles read {report.read}",
            f"skipped {len(report.skipped)}",
            f"stories {stories}",
            f"translated sentences {report.translated_sentences}",
        ]
    parts.append(f"mails sent {result.sent}")
    d = result.delivery
    queued = len(d.failed) if d else 0
    if result.outbox:
        queued += len(result.outbox.kept)
    if queued:
        parts.append(f"in outbox {queued}")
    if d and d.refused:
        parts.append(f"refused {len(d.refused)}")
    if result.already:
        parts.append(f"already had it {len(result.already)}")
    if result.eml:
        parts.append(f"dry run: {result.eml}")
    return f"daily {day}: " + ", ".join(parts)


def flush_outbox(
    settings: Settings,
    *,
    wait: float = 0.0,
    transport: Transport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> OutboxResult:
    """``briefing send --outbox``: deliver what waits in the outbox, under the run lock."""
    with run_lock(settings, wait), Store(settings.state_path) as store:
        return deliver_outbox(settings.outbox_dir, settings.mail, store, transport, sleep)


def run_daily(
    settings: Settings,
    *,
    force: bool = False,
    dry_run: bool = False,
    wait: float = 0.0,
    progress: Progress | None = None,
    transport: Transport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DailyResult:
    """Build the briefing of ``settings.date`` (default: today in ``settings.timezone``) and
    send it to every configured recipient who does not have it yet."""
    progress = progress or Progress.null()
    day = settings.date or today(settings.timezone)
    settings = replace(settings, date=day)
    recipients = _recipients(settings)
    result = DailyResult(day=day)
    with run_lock(settings, wait), Store(settings.state_path) as store:
        sent_log = SentLog(store)
        if not dry_run:
            result.outbox = deliver_outbox(
                settings.outbox_dir, settings.mail, store, transport, sleep
            )
        # a dry run always builds and writes the message, whoever has it already
        done = set() if force or dry_run else sent_log.done(day.isoformat())
        todo = [r for r in recipients if _bare(r) not in done]
        result.already = [r for r in recipients if _bare(r) in done]
        if not todo:
            log.info("daily %s: every recipient has this briefing already", day)
        else:
            _build_and_send(settings, result, todo, sent_log, dry_run, progress, transport, sleep)
    result.exit_code = _exit_code(result)
    result.summary = _summary(result)
    log.info("%s", result.summary)
    return result


def _build_and_send(
    settings: Settings,
    result: DailyResult,
    todo: list[str],
    sent_log: SentLog,
    dry_run: bool,
    progress: Progress,
    transport: Transport | None,
    sleep: Callable[[float], None],
) -> None:
    day = result.day
    build, pdf = _run_build(settings, progress, dry_run)
    result.build = build
    the_day = next((d for d in build.briefing.days if d.date == day), None)
    if the_day is None or not the_day.stories:
        log.warning("daily %s: no article was published on this day; nothing sent", day)
        return
    if pdf is None:
        log.warning(
            "daily %s: no PDF was built (formats: %s); sending without attachment",
            day,
            ",".join(settings.formats),
        )
    html_body, text = message_bodies(build.briefing, the_day, settings.render_options())
    top = the_day.stories[0]
    subject = format_subject(
        settings.mail.subject,
        day,
        title=top.title or top.title_original,
        stories=len(the_day.stories),
    )
    m = settings.mail
    msg = build_message(
        sender=m.sender,
        to=list(m.to),
        cc=list(m.cc),
        subject=subject,
        text=text,
        html_body=html_body,
        attachment=pdf,
        filename=attachment_name(m.attachment, day),
    )
    if dry_run:
        result.eml = write_eml(msg, settings.out_dir / day.isoformat() / "briefing.eml")
        log.info("daily %s: dry run, message written to %s", day, result.eml)
        return
    with progress.stage("send", total=len(todo)) as bar:
        d = deliver(msg, todo, m, transport, sleep)
        bar.advance(len(todo))
    if d.failed:
        d.queued = queue_message(
            msg,
            list(d.failed),
            day.isoformat(),
            settings.outbox_dir,
            reason="; ".join(sorted(set(d.failed.values()))),
        )
    if d.refused:
        d.kept_failed = keep_failed(
            msg,
            list(d.refused),
            day.isoformat(),
            settings.outbox_dir,
            "; ".join(f"{r}: {why}" for r, why in d.refused.items()),
        )
    sent_log.record_delivery(day.isoformat(), d)
    result.delivery = d


def _exit_code(result: DailyResult) -> ExitCode:
    d = result.delivery
    if (d and (d.failed or d.refused)) or (result.outbox and not result.outbox.ok):
        return ExitCode.MAIL
    if result.build is not None:
        the_day = next((x for x in result.build.briefing.days if x.date == result.day), None)
        if the_day is None or not the_day.stories:
            return ExitCode.NO_INPUT
        return ExitCode(result.build.exit_code)
    return ExitCode.OK
