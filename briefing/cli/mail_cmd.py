"""``briefing send``, ``briefing daily`` and ``briefing config check``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from ._apps import STATE, ExitCode, app, boundary, config_app, err, setup_logging


def _date(value: str | None, timezone: str = "Europe/Berlin") -> dt.date | None:
    """YYYY-MM-DD, or "today"/"yesterday" in the configured time zone."""
    if value is None:
        return None
    if value in ("today", "yesterday"):
        from ..daily import today

        return today(timezone) - dt.timedelta(days=1 if value == "yesterday" else 0)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _say(message: str) -> None:
    if not STATE.get("quiet"):
        err(message)


def _report_delivery(d: Any) -> None:
    """One line per refused recipient, and one for what waits in the outbox."""
    for r, why in d.refused.items():
        err(f"briefing: mail: {r} refused: {why}")
    if d.kept_failed:
        err(f"briefing: mail: refused for good, not retried; a copy is kept in {d.kept_failed}")
    if d.failed:
        err(
            f"briefing: error: not delivered to {', '.join(d.failed)} "
            f"({next(iter(d.failed.values()))}); kept in {d.queued}; "
            "run 'briefing send --outbox' later"
        )


@app.command()
@boundary
def send(
    path: Path = typer.Argument(
        None, help="The PDF to send (e.g. output/2025-11-27/briefing.pdf)."
    ),
    to: list[str] = typer.Option(None, "--to", help="Recipient (repeatable) [default: mail.to]."),
    cc: list[str] = typer.Option(None, "--cc", help="Copy recipient (repeatable)."),
    bcc: list[str] = typer.Option(None, "--bcc", help="Blind copy recipient (repeatable)."),
    subject: str = typer.Option(None, "--subject", help="Subject; {date} is the briefing's day."),
    outbox: bool = typer.Option(
        False, "--outbox", help="Deliver the messages waiting in the outbox (each exactly once)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Write the message as PATH.eml beside the PDF; send nothing."
    ),
    wait: float = typer.Option(
        0.0, "--wait", min=0.0, help="With --outbox: seconds to wait for another run's lock."
    ),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Email a briefing PDF, or deliver what waits in the outbox (--outbox)."""
    from ..config import load_settings

    settings = load_settings(config)
    if outbox:
        if path is not None:
            raise typer.BadParameter("give either PATH or --outbox, not both")
        from ..daily import flush_outbox

        res = flush_outbox(settings, wait=wait)
        sent = sum(len(d.sent) for d in res.deliveries)
        for d in res.deliveries:
            for r, why in d.refused.items():
                err(f"briefing: mail: {r} refused: {why}")
        for line in res.bad:
            err(f"briefing: mail: {line}")
        _say(
            f"outbox: {len(res.delivered)} message(s) delivered ({sent} recipient(s)), "
            f"{len(res.kept)} still waiting in {settings.outbox_dir}"
        )
        if not res.ok:
            raise typer.Exit(int(ExitCode.MAIL))
        return
    if path is None:
        raise typer.BadParameter("name the PDF to send, or use --outbox")
    from ..send import send_file

    m = settings.mail
    to_list = list(to or []) or list(m.to)
    cc_list = list(cc or []) if (to or cc or bcc) else list(m.cc)
    bcc_list = list(bcc or []) if (to or cc or bcc) else list(m.bcc)
    d = send_file(
        path, settings, to=to_list, cc=cc_list, bcc=bcc_list, subject=subject, dry_run=dry_run
    )
    if dry_run:
        _say(f"dry run: message written to {d.queued}; nothing sent")
        return
    _report_delivery(d)
    _say(f"sent {path} to {len(d.sent)} recipient(s)")
    if not d.ok:
        raise typer.Exit(int(ExitCode.MAIL))


@app.command()
@boundary
def daily(
    inputs: list[Path] = typer.Argument(None, help="Articles to read [default: inputs setting]."),
    date: str = typer.Option(
        None, "--date", help="YYYY-MM-DD, today or yesterday [default: today, in timezone]."
    ),
    force: bool = typer.Option(False, "--force", help="Send again to recipients who have it."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Build and write OUT/DAY/briefing.eml; send nothing."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary line."),
    wait: float = typer.Option(
        0.0, "--wait", min=0.0, help="Seconds to wait for another run's lock [default: 0]."
    ),
    out: Path = typer.Option(None, "--out", "-o", help="Output folder [default: out_dir]."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Ingest, build and email today's briefing, once per recipient and day (for cron)."""
    from ..config import load_settings
    from ..daily import run_daily
    from ..progress import Progress

    if quiet:
        STATE["quiet"] = True
        setup_logging(quiet=True, debug=bool(STATE.get("debug")))
    settings = load_settings(config, inputs=tuple(inputs) if inputs else None, out_dir=out)
    settings = replace(settings, date=_date(date, settings.timezone))
    if settings.quiet:
        STATE["quiet"] = True
    progress = Progress(quiet=bool(STATE.get("quiet")))
    res = run_daily(settings, force=force, dry_run=dry_run, wait=wait, progress=progress)
    d = res.delivery
    if d:
        _report_delivery(d)
    if res.outbox and res.outbox.kept:
        err(f"briefing: error: {len(res.outbox.kept)} older message(s) still in the outbox")
    _say(res.summary)
    if res.exit_code != ExitCode.OK:
        raise typer.Exit(int(res.exit_code))


@config_app.command("check")
@boundary
def config_check(
    path: Path = typer.Argument(None, help="The file to check [default: --config or the user's]."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Validate the configuration file and name every problem."""
    from ..config import config_file_path, user_config_path
    from ..config_check import check_config
    from ..errors import ConfigError

    target = config_file_path(path or config) or user_config_path()
    problems = check_config(target)
    if problems:
        for p in problems:
            err(f"{target}: {p}" if not p.startswith(str(target)) else p)
        raise ConfigError(f"{target}: {len(problems)} problem(s)")
    typer.echo(f"{target}: ok")


@config_app.command("example")
@boundary
def config_example() -> None:
    """Print every setting with its doc and default (docs/config.example.toml is this)."""
    from ..config import example_toml

    typer.echo(example_toml(), nl=False)
