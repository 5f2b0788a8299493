"""An article whose title and text try every trick: script, remote image, Jinja syntax."""

from __future__ import annotations

import datetime as dt

from briefing.models import Article, Briefing, Day, Notice, Paragraph, Sentence, Story

DAY = dt.date(2025, 11, 29)


def injection_briefing(port: int = 9) -> Briefing:
    """Payloads point at http://127.0.0.1:PORT so a test can see whether anything fetched them."""
    evil_img = f'<img src="http://127.0.0.1:{port}/x.png">'
    title = f"<script>alert(1)</script> {{{{ 7*7 }}}} {{% if true %}}X{{% endif %}} {evil_img}"
    text = (
        f"Text {{{{ 7*7 }}}} and {{% for i in range(3) %}}loop{{% endfor %}} "
        f"<script>document.title='pwned'</script> {evil_img} [link](javascript:alert(1))"
    )
    art = Article(
        id="evil",
        path="inputs/evil.html",
        paragraphs=(Paragraph(text),),
        title=title,
        date=DAY,
        date_confidence=0.9,
        source=f"<b>outlet</b>{evil_img}",
        url="javascript:alert(1)",
    )
    sentence = Sentence(
        text=text,
        original=f"Original {{{{ 7*7 }}}} {evil_img}",
        article_id="evil",
        position=0,
        language="en",
        original_language="de",
        translated=True,
        flags=("number-lost",),
    )
    story = Story(
        id="evil-story",
        articles=(art,),
        title=title,
        title_original=title,
        summary=(sentence,),
        keywords=("{{ 7*7 }}", "<script>"),
    )
    return Briefing(
        days=(Day(DAY, (story,)),),
        source_languages=("de",),
        generated_at=dt.datetime(2025, 11, 30, 6, 0, tzinfo=dt.UTC),
        notices=(Notice("warning", f"Notice {{{{ 7*7 }}}} <script>x()</script> {evil_img}", "x"),),
    )
