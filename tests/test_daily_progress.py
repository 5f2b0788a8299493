"""Progress bars: drawn per stage on a terminal, silent when not a TTY (cron) or quiet."""

from __future__ import annotations

import io

from briefing.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(progress: Progress) -> None:
    with progress.stage("translate", total=4) as bar:
        for _ in range(4):
            bar.advance()
    with progress.stage("ingest") as bar:
        bar.advance(3)


def test_bars_on_a_terminal() -> None:
    out = Tty()
    p = Progress(out)
    _run(p)
    text = out.getvalue()
    assert "translate" in text and "[" + "#" * 30 + "] 4/4" in text
    assert "[" + "-" * 30 + "] 0/4" in text  # drawn at the start too
    assert "ingest" in text and "3" in text.splitlines()[-1]
    assert text.count("\n") == 2  # one finished line per stage
    assert [(s.name, s.done) for s in p.stages] == [("translate", 4), ("ingest", 3)]


def test_silent_when_not_a_terminal_or_quiet() -> None:
    for p, out in [(Progress(s := io.StringIO()), s), (Progress(t := Tty(), quiet=True), t)]:
        _run(p)
        assert out.getvalue() == ""
        assert p.stages[0].done == 4  # still counted


def test_null_progress_is_a_no_op() -> None:
    p = Progress.null()
    _run(p)
    assert not p.enabled
