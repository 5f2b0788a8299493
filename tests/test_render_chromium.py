"""The standalone HTML in headless Chromium: no script errors, the per-sentence and global
original/translation toggles work, and a screenshot is taken."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.render import render_day_html
from briefing.render.sample import sample_briefing

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed"),
]
DAY = dt.date(2025, 11, 29)

# Injected only into the test copy of the page: records errors, clicks, reads the result back.
PROBE_HEAD = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
var _ce = console.error;
console.error = function () { window.__errors.push([].join.call(arguments, " ")); };
</script>"""
PROBE_BODY = """<script>
window.addEventListener("load", function () {
  var r = {};
  function shown(el) { return getComputedStyle(el).display !== "none"; }
  var s = document.querySelector(".s .tg").parentNode;
  r.before = [shown(s.querySelector(".tr")), shown(s.querySelector(".or"))];
  s.querySelector(".tg").click();
  r.after = [shown(s.querySelector(".tr")), shown(s.querySelector(".or"))];
  r.pressed = s.querySelector(".tg").getAttribute("aria-pressed");
  s.querySelector(".tg").click();
  r.back = [shown(s.querySelector(".tr")), shown(s.querySelector(".or"))];
  var all = document.getElementById("toggle-all");
  all.click();
  r.allOrig = document.querySelectorAll(".s.orig").length;
  r.withOrig = document.querySelectorAll(".s .or").length;
  r.allLabel = all.textContent;
  all.click();
  r.allBack = document.querySelectorAll(".s.orig").length;
  r.errors = window.__errors;
  document.body.setAttribute("data-probe", JSON.stringify(r));
});
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    cmd = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("chromium")
    path = folder / "briefing.html"
    path.write_text(render_day_html(sample_briefing(), DAY, Settings()), "utf-8")
    return path


def test_toggle_works_without_errors(page, tmp_path):
    html = page.read_text("utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(
        html.replace("<head>", "<head>" + PROBE_HEAD, 1).replace(
            "</body>", PROBE_BODY + "</body>", 1
        ),
        "utf-8",
    )
    done = _chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    m = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert m, f"probe did not run: {done.stderr[-2000:]}"
    r = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert r["errors"] == []
    assert r["before"] == [True, False]  # translation shown, original hidden
    assert r["after"] == [False, True]  # one click: the original instead
    assert r["pressed"] == "true"
    assert r["back"] == [True, False]
    assert r["allOrig"] == r["withOrig"] == 3  # every sentence that has an original
    assert r["allLabel"] == "Show translations"
    assert r["allBack"] == 0


def test_screenshot(page, tmp_path):
    shot = tmp_path / "shot.png"
    _chromium(
        tmp_path,
        "--window-size=900,1200",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert shot.is_file()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
