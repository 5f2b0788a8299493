"""``briefing templates init|check``, one-block overrides and ``briefing preview``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
import time
import urllib.request

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings
from briefing.errors import ExitCode
from briefing.render import render_day_html, render_day_text, write_outputs
from briefing.render.env import TEMPLATE_NAMES, builtin_templates_dir
from briefing.render.preview import PreviewServer
from briefing.render.sample import sample_briefing

runner = CliRunner()
DAY = dt.date(2025, 11, 29)


def test_init_copies_every_default_with_a_context_header(tmp_path):
    dest = tmp_path / "tpl"
    result = runner.invoke(app, ["templates", "init", str(dest)])
    assert result.exit_code == 0, result.output
    for name in TEMPLATE_NAMES:
        text = (dest / name).read_text("utf-8")
        header = text[: len(text) - len((builtin_templates_dir() / name).read_text("utf-8"))]
        assert "Copied from briefing's default templates" in header
        assert "docs/templates.md" in header
        assert text.endswith((builtin_templates_dir() / name).read_text("utf-8"))
    # the copies render like the built-ins (the headers are comments)
    s = Settings()
    copied = render_day_html(sample_briefing(), DAY, dataclasses.replace(s, templates_dir=dest))
    without_css_headers = re.sub(r"/\* Copied from.*?\*/\n", "", copied, flags=re.S)
    assert without_css_headers == render_day_html(sample_briefing(), DAY, s)
    again = runner.invoke(app, ["templates", "init", str(dest)])
    assert again.exit_code == ExitCode.TEMPLATE and "already exists" in again.output


def test_check_passes_on_the_defaults(tmp_path):
    dest = tmp_path / "tpl"
    runner.invoke(app, ["templates", "init", str(dest)])
    result = runner.invoke(app, ["templates", "check", str(dest), "--sample"])
    assert result.exit_code == 0, result.output
    assert "all outputs render" in result.output


def test_check_reports_file_line_and_exit_code(tmp_path):
    dest = tmp_path / "tpl"
    dest.mkdir()
    (dest / "briefing.md").write_text("# {{ day.date }}\n\n{% for x in stories %}\n", "utf-8")
    (dest / "print.html").write_text(
        '{% extends "default/print.html" %}\n{% block footer %}\n\n{{ day.missing.attr }}\n'
        "{% endblock %}\n",
        "utf-8",
    )
    result = runner.invoke(app, ["templates", "check", str(dest), "--sample"])
    assert result.exit_code == ExitCode.TEMPLATE
    assert re.search(re.escape(str(dest / "briefing.md")) + r":3: .*endfor", result.output)
    assert f"{dest / 'print.html'}:4: " in result.output and "missing" in result.output


def test_check_reports_remote_resources(tmp_path):
    dest = tmp_path / "tpl"
    dest.mkdir()
    (dest / "print.html").write_text(
        '{% extends "default/print.html" %}{% block footer %}'
        '<img src="http://127.0.0.1:9/logo.png">{% endblock %}',
        "utf-8",
    )
    result = runner.invoke(app, ["templates", "check", str(dest), "--sample"])
    assert result.exit_code == ExitCode.TEMPLATE
    assert "http://127.0.0.1:9/logo.png: refused" in result.output


def test_check_missing_folder(tmp_path):
    result = runner.invoke(app, ["templates", "check", str(tmp_path / "nope"), "--sample"])
    assert result.exit_code == ExitCode.TEMPLATE
    assert "templates folder not found" in result.output


def _blocks(html: str) -> dict[str, str]:
    """The page cut at the footer: (everything before, the footer)."""
    head, _, rest = html.partition('<footer class="footer">')
    return {"before": head, "footer": rest.partition("</footer>")[0]}


def test_overriding_one_block_changes_only_that_block(tmp_path):
    dest = tmp_path / "tpl"
    dest.mkdir()
    (dest / "base.html").write_text(
        '{% extends "default/base.html" %}\n'
        '{% block footer %}<footer class="footer">ACME Newsroom · internal use</footer>'
        "{% endblock %}\n",
        "utf-8",
    )
    b = sample_briefing()
    plain = _blocks(render_day_html(b, DAY, Settings()))
    custom = _blocks(render_day_html(b, DAY, Settings(templates_dir=dest)))
    assert custom["footer"] == "ACME Newsroom · internal use"
    assert plain["footer"] != custom["footer"]
    assert custom["before"] == plain["before"]
    # the other outputs still use the built-ins
    assert render_day_text(b, DAY, Settings(templates_dir=dest)) == render_day_text(
        b, DAY, Settings()
    )


def test_templates_dir_setting_reaches_write_outputs(tmp_path):
    dest = tmp_path / "tpl"
    dest.mkdir()
    (dest / "briefing.txt").write_text(
        '{% extends "default/briefing.txt" %}{% block footer %}-- ACME{% endblock %}', "utf-8"
    )
    s = Settings(out_dir=tmp_path / "out", formats=("txt",), templates_dir=dest)
    write_outputs(sample_briefing(), s)
    text = (tmp_path / "out" / "2025-11-29" / "briefing.txt").read_text("utf-8")
    assert text.rstrip().endswith("-- ACME") and "Ukraine talks resume in Geneva" in text


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_preview_serves_and_rerenders_on_change(tmp_path):
    dest = tmp_path / "tpl"
    dest.mkdir()
    override = dest / "base.html"
    override.write_text(
        '{% extends "default/base.html" %}{% block footer %}FIRST{% endblock %}', "utf-8"
    )
    server = PreviewServer(sample_briefing(), Settings(templates_dir=dest), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        status, index = _get(server.url)
        assert status == 200 and "2025-11-29/" in index
        status, page = _get(server.url + "2025-11-29/")
        assert status == 200 and "FIRST" in page and "Ukraine talks resume" in page
        version = _get(server.url + "__version")[1]
        time.sleep(0.01)
        override.write_text(
            '{% extends "default/base.html" %}{% block footer %}SECOND{% endblock %}', "utf-8"
        )
        assert _get(server.url + "__version")[1] != version
        assert "SECOND" in _get(server.url + "2025-11-29/")[1]
        override.write_text("{% block footer %}{{ broken }", "utf-8")
        status, page = _get(server.url + "2025-11-29/")
        assert status == 500 and f"{override}:1" in page
        assert _get(server.url + "nope")[0] in (404, 500)
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_preview_command_is_registered():
    result = runner.invoke(app, ["preview", "--help"])
    assert result.exit_code == 0 and "--templates" in result.output and "--port" in result.output


@pytest.mark.slow
def test_check_builds_the_fixtures_without_touching_the_user_state(tmp_path, isolated_home):
    dest = tmp_path / "tpl"
    dest.mkdir()
    (dest / "briefing.txt").write_text(
        '{% extends "default/briefing.txt" %}{% block footer %}{{ nope }}{% endblock %}', "utf-8"
    )
    result = runner.invoke(app, ["templates", "check", str(dest)])
    assert result.exit_code == ExitCode.TEMPLATE
    assert f"{dest / 'briefing.txt'}:1: 'nope' is undefined" in result.output
    assert "checked against the fixtures in" in result.output
    assert not list((isolated_home / "data").rglob("state.sqlite"))


def test_preview_command_stops_cleanly_on_ctrl_c(monkeypatch):
    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(PreviewServer, "serve_forever", interrupted)
    result = runner.invoke(app, ["preview", "--port", "0", "--sample"])
    assert result.exit_code == 0
    assert "Previewing the built-in sample briefing at http://127.0.0.1:" in result.output
    assert "stopped" in result.output
