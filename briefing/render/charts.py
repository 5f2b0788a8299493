"""Small static charts as inline SVG: drawn from the briefing's own data, no JavaScript, no
network, no plotting library (each chart is a few rectangles and labels).

- ``story_chart``: a continuing story's reports per day, from its first day to today
  (today's bar in the accent colour; the caption names today's outlets);
- ``day_chart``: the day's stories by size (articles, copies included), largest first;
- ``archive_chart``: articles per day over the archive (the index page).

Every chart is an ``<svg role="img">`` with a ``<title>`` (its alt text: the numbers in words)
and a short visible caption. All text comes from articles or dates and is XML-escaped here;
the result is ``Markup`` so Jinja's autoescape leaves it alone.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

__all__ = ["archive_chart", "bar_svg", "day_chart", "story_chart"]

BAR = "#1f4e8c"
ACCENT = "#8a1c1c"
MUTED = "#666666"
FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
MAX_SPAN = 31  # a story chart shows at most this many days (the most recent)
MAX_STORIES = 12  # bars of a day chart; the rest are summed into one line of text
MAX_ARCHIVE = 60  # days of the archive chart
MAX_BAR_STEP = 30  # px per bar of a story chart at most (a 2-day story: 60 px, not 260)
_LABEL_CHAR_PX = 6.2  # width of a character of the 10 px labels, at most (DejaVu Sans)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _short(d: dt.date) -> str:
    return f"{d.day} {d:%b}"


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def bar_svg(
    values: Sequence[int],
    labels: Sequence[str],
    *,
    title: str,
    highlight: int | None = None,
    width: int = 320,
    height: int = 64,
    css_class: str = "chart",
    max_step: float | None = None,
) -> Markup:
    """Vertical bars (one per value) with the first and last label under them; with
    ``max_step``, at most that wide each (the chart then narrower than ``width``, but wide
    enough for both labels: a story of two days is two bars, not two slabs across the column)."""
    n = max(1, len(values))
    top = max(max(values, default=0), 1)
    pad = 12  # room for the "max" label above the bars
    plot_h = height - 16
    step = width / n
    if max_step is not None and step > max_step:
        ends = f"{labels[0]}  {labels[-1]}" if labels else ""
        width = min(width, max(round(max_step * n), round(_LABEL_CHAR_PX * len(ends)) + 4))
        step = width / n
    gap = min(2.0, step * 0.2)
    parts = []
    for i, v in enumerate(values):
        h = 0 if v <= 0 else max(1.5, (plot_h - pad) * v / top)
        fill = ACCENT if i == highlight else BAR
        parts.append(
            f'<rect x="{i * step + gap / 2:.1f}" y="{plot_h - h:.1f}" width="{step - gap:.1f}" '
            f'height="{h:.1f}" fill="{fill}"><title>{_e(labels[i])}: {v}</title></rect>'
        )
    parts.append(
        f'<line x1="0" y1="{plot_h}" x2="{width}" y2="{plot_h}" stroke="#bbbbbb" stroke-width="1"/>'
    )
    end = width  # the last bar's label and the top value end where the bars end
    small = f'font-family="{FONT}" font-size="10" fill="{MUTED}"'
    if labels:
        parts.append(f'<text x="0" y="{height - 3}" {small}>{_e(labels[0])}</text>')
        if len(labels) > 1:
            parts.append(
                f'<text x="{end:.1f}" y="{height - 3}" text-anchor="end" {small}>'
                f"{_e(labels[-1])}</text>"
            )
    parts.append(f'<text x="{end:.1f}" y="9" text-anchor="end" {small}>max {top}</text>')
    return Markup(
        f'<svg class="{_e(css_class)}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{_e(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{_e(title)}</title>{''.join(parts)}</svg>"
    )


def story_chart(story: dict[str, Any], day: dt.date) -> Markup:
    """Reports per day of a story that continues over several days ('' for a one-day story)."""
    counts: dict[dt.date, int] = {}
    for t in story.get("timeline") or ():
        d = dt.date.fromisoformat(str(t["date"])[:10])
        if d < day and t.get("reports"):
            counts[d] = int(t["reports"])
    if not counts:
        return Markup("")
    counts[day] = int(story["original_reports"])  # reports, as the timeline counts them
    first = max(min(counts), day - dt.timedelta(days=MAX_SPAN - 1))
    days = [first + dt.timedelta(days=i) for i in range((day - first).days + 1)]
    values = [counts.get(d, 0) for d in days]
    labels = [_short(d) for d in days]
    outlets = story.get("outlet_names") or story.get("outlets") or []
    told = ", ".join(f"{_short(d)}: {counts[d]}" for d in days if counts.get(d))
    title = f"Reports per day since {_short(days[0])}: {told}" + (
        f" (today, from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''})" if outlets else ""
    )
    svg = bar_svg(
        values,
        labels,
        title=title,
        highlight=len(values) - 1,
        width=260,
        height=56,
        css_class="chart chart-story",
        max_step=MAX_BAR_STEP,
    )
    named = ", ".join(outlets[:4]) + (f" and {len(outlets) - 4} more" if len(outlets) > 4 else "")
    caption = f"Reports per day; today {counts[day]}" + (f" from {named}" if named else "")
    return _figure(svg, caption, "chart-story")


def _day_rows(shown: Sequence[dict[str, Any]]) -> tuple[list[str], int, int]:
    """Labelled horizontal bars, one row per story (the screen page)."""
    width, row, label_w = 480, 16, 250
    top = max(int(s["copies"]) for s in shown)
    small = f'font-family="{FONT}" font-size="10"'
    parts = []
    for i, s in enumerate(shown):
        y = i * row + 2
        n = int(s["copies"])
        w = max(2.0, (width - label_w - 30) * n / top)
        name = _cut(f"{s['number']}. {s['title'] or 'Untitled story'}", 44)
        fill = BAR if s.get("in_full", True) else "#7f9cc2"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" {small} fill="#1a1a1a">'
            f"{_e(name)}</text>"
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{fill}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 11}" {small} fill="{MUTED}">{n}</text>'
        )
    return parts, width, row * len(shown) + 4


def _day_columns(shown: Sequence[dict[str, Any]]) -> tuple[list[str], int, int]:
    """Vertical bars labelled by story number (the PDF: its contents, just above, carries the
    titles, so the picture does not print each title a second time)."""
    width, height, col = 480, 62, 40
    plot_top, plot_bottom = 11, 48
    top = max(int(s["copies"]) for s in shown)
    small = f'font-family="{FONT}" font-size="9" text-anchor="middle"'
    parts = []
    for i, s in enumerate(shown):
        n = int(s["copies"])
        h = max(1.5, (plot_bottom - plot_top) * n / top)
        x = i * col
        fill = BAR if s.get("in_full", True) else "#7f9cc2"
        parts.append(
            f'<rect x="{x + 6}" y="{plot_bottom - h:.1f}" width="{col - 12}" height="{h:.1f}" '
            f'fill="{fill}"/>'
            f'<text x="{x + col / 2}" y="{plot_bottom - h - 2:.1f}" {small} fill="{MUTED}">'
            f"{n}</text>"
            f'<text x="{x + col / 2}" y="{height - 3}" {small} fill="#1a1a1a">{s["number"]}</text>'
        )
    parts.append(
        f'<line x1="0" y1="{plot_bottom}" x2="{col * len(shown)}" y2="{plot_bottom}" '
        'stroke="#bbbbbb" stroke-width="1"/>'
    )
    return parts, width, height


def day_chart(stories: Sequence[dict[str, Any]], *, by_number: bool = False) -> Markup:
    """The day's stories by size, largest first: labelled horizontal bars, or (``by_number``,
    for the PDF) vertical bars under the stories' numbers."""
    if len(stories) < 2:
        return Markup("")
    ranked = sorted(stories, key=lambda s: (-int(s["copies"]), int(s["number"])))
    shown, rest = ranked[:MAX_STORIES], ranked[MAX_STORIES:]
    parts, width, height = _day_columns(shown) if by_number else _day_rows(shown)
    told = "; ".join(f"{s['title'] or 'Untitled story'}: {s['copies']}" for s in shown)
    more = f"; and {len(rest)} smaller stories" if rest else ""
    alt = "Stories by number of articles: " + told + more
    svg = Markup(
        f'<svg class="chart chart-day" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{_e(alt)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{_e(alt)}</title>'
        f"{''.join(parts)}</svg>"
    )
    caption = "The day's stories by number of articles"
    if by_number:
        caption += ", numbered as in the contents"
    if rest:
        caption += f" (the {len(shown)} largest; {len(rest)} smaller not drawn)"
    return _figure(svg, caption, "chart-day")


def archive_chart(days: Sequence[dict[str, Any]]) -> Markup:
    """Articles per day over the archive (``days``: {date, articles}, any order)."""
    known = sorted(
        (dt.date.fromisoformat(d["date"]), int(d["articles"])) for d in days if d.get("articles")
    )[-MAX_ARCHIVE:]
    if len(known) < 2:
        return Markup("")
    first, last = known[0][0], known[-1][0]
    by_day = dict(known)
    span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    if len(span) > MAX_ARCHIVE * 2:  # a sparse archive: draw only the days that have briefings
        span = [d for d, _ in known]
    values = [by_day.get(d, 0) for d in span]
    labels = [_short(d) + (f" {d.year}" if d in (span[0], span[-1]) else "") for d in span]
    total = sum(values)
    title = (
        f"Articles per day, {labels[0]} to {labels[-1]}: {total} in all, most on "
        f"{_short(max(known, key=lambda x: x[1])[0])} ({max(values)})"
    )
    svg = bar_svg(
        values, labels, title=title, width=480, height=72, css_class="chart chart-archive"
    )
    return _figure(svg, "Articles per day", "chart-archive")


def _figure(svg: Markup, caption: str, kind: str) -> Markup:
    return Markup(
        f'<figure class="chart-figure {kind}">{svg}<figcaption>{_e(caption)}</figcaption></figure>'
    )
