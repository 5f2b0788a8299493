"""The writers of the built-in output formats (named in ``briefing/outputs.py``)."""

from __future__ import annotations

import datetime as dt

from ..outputs import RenderJob

__all__ = ["day_html", "day_json", "day_md", "day_pdf", "day_txt"]


def _day(job: RenderJob) -> dt.date:
    if job.day is None:
        raise ValueError("a per-day format needs a day")
    return job.day


def day_html(job: RenderJob) -> str:
    from . import render_day_html

    return render_day_html(job.briefing, _day(job), job.settings)


def day_pdf(job: RenderJob) -> bytes:
    from . import render_day_pdf

    return render_day_pdf(job.briefing, _day(job), job.settings, refused=job.refused)


def day_json(job: RenderJob) -> str:
    from . import render_day_json

    return render_day_json(job.briefing, _day(job))


def day_md(job: RenderJob) -> str:
    from . import render_day_markdown

    return render_day_markdown(job.briefing, _day(job), job.settings)


def day_txt(job: RenderJob) -> str:
    from . import render_day_text

    return render_day_text(job.briefing, _day(job), job.settings)
