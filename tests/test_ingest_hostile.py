"""Bad input never stops the run: each hostile file is skipped with its reason, the good ones
still come out. Big and binary files are made at test time in tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest import read_file, read_inputs

HOSTILE = Path(__file__).resolve().parent / "data" / "ingest" / "hostile"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The committed hostile files plus generated ones: binary, huge (sparse), undecodable,
    a dangling link."""
    root = tmp_path / "hostile"
    shutil.copytree(HOSTILE, root)
    (root / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 8)
    with (root / "huge.txt").open("wb") as fh:
        fh.truncate(25_000_000)  # sparse: 25 MB on paper, nothing written
    (root / "undecodable.txt").write_bytes(bytes(range(1, 32)) * 40 + b"\x81\x8d\x8f\x90\x9d" * 20)
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    return root


EXPECTED_REASONS = {
    "README.md": "unknown file type (.md)",
    "bad.json": "not valid JSON",
    "blank.txt": "empty file (only white space)",
    "broken.jsonl line 1": "not valid JSON",
    "broken.jsonl line 2": "not valid JSON",
    "broken.jsonl": "no readable record",
    "empty.txt": "empty file",
    "good.jsonl line 2": "not valid JSON",
    "not-a-feed.xml": "not a valid RSS/Atom feed",
    "truncated.html": "no article text found",
    "binary.txt": "binary file (NUL bytes), not text",
    "huge.txt": "25.0 MB is over the 20.0 MB limit (max_file_bytes)",
    "undecodable.txt": "undecodable bytes",
    "dangling.txt": "no such file or directory",
}


def test_each_hostile_file_has_its_reason_and_good_files_come_out(hostile: Path) -> None:
    result = read_inputs([hostile], Settings())
    assert sorted(Path(a.path).name for a in result.articles) == ["good.jsonl#1", "good.txt"]
    reasons = {s.path.removeprefix(f"{hostile}/"): s.reason for s in result.skipped}
    assert set(reasons) == set(EXPECTED_REASONS)
    for name, reason in EXPECTED_REASONS.items():
        assert reasons[name].startswith(reason), (name, reasons[name])


def test_good_file_in_hostile_folder_is_complete(hostile: Path) -> None:
    result = read_inputs([hostile], Settings())
    good = next(a for a in result.articles if a.path.endswith("good.txt"))
    assert good.title == "Bundestag stimmt über Wehrdienst ab"
    assert good.credits == ("dpa",)
    assert good.published is not None and good.published.hour == 10
    assert good.text.endswith("in den Ausschüssen einzubringen.")


def test_size_limit_is_configurable_and_named(tmp_path: Path) -> None:
    f = tmp_path / "mid.txt"
    f.write_text("Ein Satz über die Ukraine und Europa. " * 100, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_file(f, Settings(max_file_bytes=1_000))
    assert str(info.value) == f"{f}: 0.0 MB is over the 0.0 MB limit (max_file_bytes)"
    assert read_file(f, Settings(max_file_bytes=10_000))


def test_read_file_raises_input_error_with_the_path(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(InputError, match=rf"^{f}: empty file$"):
        read_file(f, Settings())
    with pytest.raises(InputError, match=r"unknown file type \(no extension\)"):
        g = tmp_path / "noext"
        g.write_text("Text", encoding="utf-8")
        read_file(g, Settings())


def test_missing_path_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(HOSTILE / "good.txt", good)
    result = read_inputs([tmp_path / "nope.txt", good], Settings())
    assert [a.path for a in result.articles] == [str(good)]
    assert result.missing == [str(tmp_path / "nope.txt")]
    assert result.skipped[0].reason == "no such file or directory"


def test_unreadable_file_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    shutil.copy(HOSTILE / "good.txt", locked)
    good = tmp_path / "good.txt"
    shutil.copy(HOSTILE / "good.txt", good)
    real_open = Path.open

    def fake_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", fake_open)
    result = read_inputs([tmp_path], Settings())
    assert [Path(a.path).name for a in result.articles] == ["good.txt"]
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("locked.txt", "permission denied")
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    shutil.copy(HOSTILE / "good.txt", locked)
    locked.chmod(0)
    try:
        result = read_inputs([locked], Settings())
    finally:
        locked.chmod(0o644)
    assert result.skipped[0].reason == "permission denied"


def test_html_that_is_cut_off_mid_text_still_gives_its_text(tmp_path: Path) -> None:
    page = tmp_path / "cut.html"
    page.write_text(
        "<html lang='de'><head><title>Abgeschnitten</title></head><body><article>"
        "<p>Berlin - Der Bundestag hat am Freitag über das neue Wehrdienstgesetz abgestimmt und "
        "eine lange Debatte geführt, in der alle Fraktionen zu Wort kamen.</p><p>Die Oppo",
        encoding="utf-8",
    )
    result = read_inputs([page], Settings())
    if result.articles:  # a partial page is read as far as it goes ...
        assert "Wehrdienstgesetz" in result.articles[0].text
    else:  # ... or skipped with a reason; never an exception
        assert result.skipped and result.skipped[0].reason


def test_unexpected_parser_error_skips_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.ingest.textfile as textfile

    for name in ("a.txt", "b.txt"):
        shutil.copy(HOSTILE / "good.txt", tmp_path / name)
    real = textfile.parse_text

    def flaky(text: str, *, path: str, settings: Settings):  # type: ignore[no-untyped-def]
        if path.endswith("a.txt"):
            raise ValueError("parser bug")
        return real(text, path=path, settings=settings)

    monkeypatch.setattr(textfile, "parse_text", flaky)
    result = read_inputs([tmp_path], Settings())
    assert [Path(a.path).name for a in result.articles] == ["b.txt"]
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("a.txt", "could not be read (ValueError: parser bug)")
    ]
