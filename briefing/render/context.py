"""What templates and ``briefing.json`` see: plain dicts and lists built from the models.

``briefing_to_dict`` is the JSON content; ``day_context`` adds what a page of one day needs
(counts, anchors, a lookup from article id to its source entry). docs/templates.md documents
every key, and a test checks that page against these functions.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import Markup

from ..models import Briefing
from ..options import RenderOptions
from ..serialize import briefing_to_dict, notice_applies
from . import charts

__all__ = [
    "briefing_to_dict",
    "day_context",
    "index_context",
    "notice_applies",
    "settings_context",
    "to_json",
]


def to_json(data: dict[str, Any]) -> str:
    """Stable JSON text: fixed key order, UTF-8 characters kept, two-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def settings_context(settings: RenderOptions) -> dict[str, Any]:
    """The few settings a template may use."""
    return {
        "paper": settings.paper,
        "target_language": settings.target_language,
        "formats": list(settings.formats),
        "top_stories": settings.top_stories,
    }


def _day_stats(day: dict[str, Any]) -> dict[str, int]:
    outlets: dict[str, None] = {}
    for s in day["stories"]:
        for o in s["outlet_names"]:
            outlets.setdefault(o, None)
    return {
        "stories": len(day["stories"]),
        "articles": sum(s["copies"] for s in day["stories"]),
        "outlets": len(outlets),
    }


# Outputs that show charts: the screen page and the PDF (mail clients drop inline SVG).
_CHARTED = ("html", "pdf")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def local_time(value: dt.datetime | None, settings: RenderOptions) -> str:
    """``2026-12-03T05:30:00+00:00`` -> ``3 Dec 2026, 06:30 CET`` in the briefing's time zone."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    t = value.astimezone(settings.zone)
    return f"{t.day} {_MONTHS[t.month - 1]} {t.year}, {t:%H:%M} {t.tzname() or ''}".rstrip()


def _names(names: list[str], most: int = 3) -> str:
    if len(names) <= most:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


def source_line(story: dict[str, Any]) -> str:
    """How a story was covered, in words: "2 reports from 2 outlets; also carried by taz.de".

    Reports are the distinct texts (wire copies folded into one); their outlets are those that
    published them; "also carried by" names the outlets that only printed a copy."""
    reports = story["original_reports"]
    own: dict[str, None] = {}
    named = 0  # reports whose outlet or agency is known
    for a in story["articles"]:
        name = a["source"] or ", ".join(a["credits"])
        if name:
            own.setdefault(name, None)
            named += 1
    carriers = [o for o in story["outlets"] if o not in own]
    line = f"{reports} report{'s' if reports != 1 else ''}"
    # "2 reports, 1 from dpa" when the other report names no outlet, never "2 reports from dpa"
    some = f", {named}" if own and named < len(story["articles"]) else ""
    if len(own) == 1:
        line += f"{some} from {next(iter(own))}"
    elif own:
        line += f"{some} from {len(own)} outlets"
    if carriers:
        line += f"; also carried by {_names(carriers)}"
    return line


def outlet_names(story: dict[str, Any]) -> list[str]:
    """Who published a story, for one-line mentions: its outlets, then the agency credits of
    reports that name no outlet (a dpa report fed in without a source is "dpa", not "unknown
    outlet"); empty only when no report names either."""
    names: dict[str, None] = dict.fromkeys(story["outlets"])
    for a in story["articles"]:
        for name in [a["source"]] if a["source"] else a["credits"]:
            names.setdefault(name, None)
    return list(names)


def _decorate(day: dict[str, Any]) -> None:
    """Add anchors and source numbers used by the templates (not part of the JSON)."""
    for i, story in enumerate(day["stories"], 1):
        story["number"] = i
        story["anchor"] = f"story-{i}"
        story["source_line"] = source_line(story)
        story["outlet_names"] = outlet_names(story)
        by_id: dict[str, dict[str, Any]] = {}
        for j, art in enumerate(story["articles"], 1):
            art["number"] = j
            art["anchor"] = f"story-{i}-source-{j}"
            by_id[art["id"]] = art
        for sent in story["summary"]:
            src = by_id.get(sent["article_id"])
            sent["source"] = src
            sent["show_original"] = bool(
                sent["original"]
                and (sent["translated"] or sent["flags"])
                and sent["original"] != sent["text"]
            )
            sent["marked"] = bool(sent["flags"]) or not sent["translated"]


def day_context(
    briefing: Briefing,
    day: dt.date,
    settings: RenderOptions,
    *,
    output: str,
    top: int | None = None,
) -> dict[str, Any]:
    """The context of one day's page (``output`` is html, pdf, email, md or txt).

    The first ``top`` (default ``settings.top_stories``) stories, in rank order, are shown in
    full (``stories``); the rest are one line each under "Also today" (``also_today``). The
    screen page also carries the rest in full after that list (``full_stories``), so each line
    links to its text; the PDF, the email, Markdown and text stay short."""
    data = briefing_to_dict(briefing, day)
    if not data["days"]:
        data["days"] = [{"date": day.isoformat(), "stories": []}]
    the_day = data["days"][0]
    _decorate(the_day)
    the_day["stats"] = _day_stats(the_day)
    n_top = max(1, top if top is not None else settings.top_stories)
    lead, tail = the_day["stories"][:n_top], the_day["stories"][n_top:]
    full = lead + tail if output == "html" else lead
    pictures = output in _CHARTED
    for i, story in enumerate(the_day["stories"]):
        story["in_full"] = i < n_top
        story["chart"] = charts.story_chart(story, day) if pictures else Markup("")
    untranslated = any(not s["translated"] for st in full for s in st["summary"])
    return {
        "briefing": data,
        "day": the_day,
        "stories": lead,
        "also_today": tail,
        "full_stories": full,
        "generated": local_time(briefing.generated_at, settings),
        "day_chart": (
            charts.day_chart(the_day["stories"], by_number=output == "pdf")
            if pictures
            else Markup("")
        ),
        "stats": the_day["stats"],
        "notices": data["notices"],
        "report": data["report"],
        "settings": settings_context(settings),
        "output": output,
        "has_untranslated": untranslated,
        "has_translated": any(s["translated"] for st in full for s in st["summary"]),
        "formats": {f: f"briefing.{f}" for f in settings.formats},
    }


def index_context(
    days: list[dict[str, Any]], briefing: Briefing, settings: RenderOptions
) -> dict[str, Any]:
    """The context of ``index.html``: every day found in the output folder."""
    data = briefing_to_dict(briefing)
    # The index page carries what concerns the run; day notices stay on their days' pages.
    data["notices"] = [n for n in data["notices"] if n["scope"] != "days"]
    return {
        "briefing": data,
        "index_days": days,
        "generated": local_time(briefing.generated_at, settings),
        "archive_chart": charts.archive_chart(days),
        "notices": data["notices"],
        "report": data["report"],
        "settings": settings_context(settings),
        "output": "index",
    }
