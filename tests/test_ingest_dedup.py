"""Wire copies and near-duplicates (briefing.dedup): a family built from a real seed text —
the same dpa story on several sites with different chrome, light edits and a re-published
update — mixed with unrelated articles and with a different text on the same story."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.dedup import fold_duplicates
from briefing.ingest import read_file, read_inputs
from briefing.models import Article, Paragraph

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = "000_093606144557ac8d.txt"


def _light_edit(paragraphs: list[str]) -> list[str]:
    """What a second desk does to a wire text: a changed word here and there, one paragraph cut."""
    edited = [
        p.replace("Kremlchef", "Kreml-Chef").replace("sagte er", "sagte Putin") for p in paragraphs
    ]
    del edited[-3]
    return edited


def _html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    teasers = "".join(
        f"<li><a href='/t{i}'>{t}</a></li>"
        for i, t in enumerate(
            ["Bundesliga: Bayern siegt", "Wetter: Schnee im Süden", "Börse: DAX fester"]
        )
    )
    return (
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
        f"<title>{title} | WELT</title><meta property='og:site_name' content='WELT'>"
        "<meta property='article:published_time' content='2025-11-27T20:30:00+01:00'></head><body>"
        "<nav><a href='/'>Startseite</a> <a href='/politik'>Politik</a> <a href='/wirtschaft'>Wirtschaft</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<aside><h2>Mehr zum Thema</h2><ul>{teasers}</ul></aside>"
        "<footer>Impressum · Datenschutz · Kontakt</footer></body></html>"
    )


@pytest.fixture
def family(tmp_path: Path) -> tuple[list[Article], dict[str, str]]:
    """Five copies of seed 000 (as JSON records and one HTML page) plus seeds 001-004."""
    seed = read_file(FIXTURES / SEED, Settings())[0]
    paras = [p.text for p in seed.paragraphs if not p.heading]
    title = seed.title or ""
    records = [
        {
            "source": "zeit.de",
            "date": "2025-11-27T19:30:00",
            "title": title,
            "text": "\n\n".join(paras),
        },
        {
            "source": "sueddeutsche.de",
            "date": "2025-11-27T19:45:00",
            "title": title,
            "text": "Politik > Ausland > Russland\n\n"
            + "\n\n".join(paras)
            + "\n\nArtikel teilen\n\nDrucken\n\nMehr zum Thema\n\nBundesliga: Bayern siegt",
        },
        {
            "source": "stern.de",
            "date": "2025-11-27T20:10:00",
            "title": title,
            "text": "\n\n".join(_light_edit(paras)),
        },
        {
            "source": "t-online.de",
            "date": "2025-11-27T22:00:00",
            "title": title + " (Update)",
            "text": "\n\n".join(
                [
                    "Update: Am Abend äußerte sich auch der ukrainische Außenminister zu den Aussagen "
                    "Putins und nannte sie ein Ablenkungsmanöver des Kremls.",
                    *paras,
                    "Die Bundesregierung in Berlin reagierte zurückhaltend und verwies auf frühere "
                    "Zusagen Moskaus, die nicht eingehalten worden seien.",
                ]
            ),
        },
    ]
    (tmp_path / "wire.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    (tmp_path / "welt.html").write_text(_html_page(title, paras), encoding="utf-8")
    for name in sorted(p.name for p in FIXTURES.glob("00[1-4]_*.txt")):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    result = read_inputs([tmp_path], Settings())
    assert result.skipped == []
    names = {a.id: (a.source or Path(a.path).name) for a in result.articles}
    return result.articles, names


def test_family_folds_into_one_with_all_outlets(
    family: tuple[list[Article], dict[str, str]],
) -> None:
    articles, names = family
    assert len(articles) == 9
    folded = fold_duplicates(articles)
    assert len(folded) == 5  # one wire story + 001..004
    (wire,) = [a for a in folded if a.duplicates]
    assert wire.source == "zeit.de"  # the earliest copy represents the family
    assert sorted(names[d] for d in wire.duplicates) == sorted(
        ["sueddeutsche.de", "stern.de", "t-online.de", "WELT"]
    )
    assert wire.outlets[0] == "zeit.de"
    assert sorted(wire.outlets) == sorted(
        ["zeit.de", "sueddeutsche.de", "stern.de", "t-online.de", "WELT"]
    )
    assert wire.id not in wire.duplicates


def test_same_story_different_text_is_not_a_duplicate(
    family: tuple[list[Article], dict[str, str]],
) -> None:
    articles, _ = family
    folded = fold_duplicates(articles)
    others = [a for a in folded if not a.duplicates]
    assert sorted(Path(a.path).name[:3] for a in others) == ["001", "002", "003", "004"]
    assert all(a.outlets == () for a in others)  # unchanged
    seeds = read_inputs([FIXTURES], Settings()).articles
    assert fold_duplicates(seeds) == seeds  # 000 and 001 share a quote, not a text


def test_deterministic_whatever_the_input_order(
    family: tuple[list[Article], dict[str, str]],
) -> None:
    articles, _ = family
    first = fold_duplicates(articles)
    rep = next(a for a in first if a.duplicates)
    for seed in range(3):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        again = next(a for a in fold_duplicates(shuffled) if a.duplicates)
        assert again.id == rep.id
        assert sorted(again.duplicates) == sorted(rep.duplicates)
        assert set(again.outlets) == set(rep.outlets)
    assert fold_duplicates(articles) == first
    assert fold_duplicates(first) == first  # folding twice changes nothing


def test_tie_on_time_keeps_the_longest() -> None:
    text = " ".join(
        f"Satz Nummer {i} über die Verhandlungen in Genf und Moskau." for i in range(30)
    )
    stamp = dt.datetime(2025, 11, 27, 12, 0, tzinfo=dt.UTC)
    short = Article(
        id="a" * 12, path="a.txt", paragraphs=(Paragraph(text),), published=stamp, source="A"
    )
    long_ = dataclasses.replace(
        short,
        id="b" * 12,
        path="b.txt",
        paragraphs=(Paragraph(text + " Ein Zusatz am Ende."),),
        source="B",
    )
    undated_earlier_in_list = dataclasses.replace(
        short, id="c" * 12, path="c.txt", published=None, source="C"
    )
    (one,) = fold_duplicates([undated_earlier_in_list, short, long_])
    assert one.id == "b" * 12
    assert set(one.duplicates) == {"a" * 12, "c" * 12}
    assert set(one.outlets) == {"A", "B", "C"}


def test_short_texts_fold_only_when_identical() -> None:
    a = Article(
        id="1" * 12, path="x.json#1", paragraphs=(Paragraph("Eilmeldung: Waffenruhe vereinbart."),)
    )
    b = dataclasses.replace(a, id="2" * 12, path="y.json#1")
    c = dataclasses.replace(
        a,
        id="3" * 12,
        path="z.json#1",
        paragraphs=(Paragraph("Eilmeldung: Waffenruhe gebrochen."),),
    )
    folded = fold_duplicates([a, b, c])
    assert [x.id for x in folded] == ["1" * 12, "3" * 12]
    assert folded[0].duplicates == ("2" * 12,)
    assert folded[0].outlets == ()  # no source or URL: no known outlet (a file is no publisher)


def test_update_twice_as_long_is_folded_into_the_original() -> None:
    seeds = {Path(a.path).name[:3]: a for a in read_inputs([FIXTURES], Settings()).articles}
    original = seeds["001"]
    later = dt.datetime(2025, 11, 28, 9, 0, tzinfo=dt.UTC)
    update = dataclasses.replace(
        original,
        id="u" * 12,
        path="update.txt",
        source="Update-Blatt",
        published=later,
        date=later.date(),
        paragraphs=original.paragraphs + seeds["002"].paragraphs,  # the old text plus a new day
    )
    (one,) = fold_duplicates([update, original])
    assert one.id == original.id  # the earlier report represents both
    assert one.duplicates == ("u" * 12,)


def _datasketch_band_keys(shingles: frozenset[int]) -> list[int]:
    """The band keys as datasketch's own MinHash and LSH layout give them (the reference)."""
    import hashlib

    from datasketch import MinHash, MinHashLSH

    from briefing.dedup import LSH_THRESHOLD, NUM_PERM

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=lambda x: x)
    mh.update_batch(sorted(shingles))
    return [
        int.from_bytes(
            hashlib.blake2b(
                mh.hashvalues[s:e].tobytes(), digest_size=8, salt=band.to_bytes(4, "little")
            ).digest(),
            "little",
            signed=True,
        )
        for band, (s, e) in enumerate(lsh.hashranges)
    ]


@pytest.mark.parametrize("size", [1, 2, 9, 300, 5000])
def test_band_keys_are_datasketchs_without_importing_it(size: int) -> None:
    # the store keeps band keys: the numpy MinHash must give datasketch's values bit for bit,
    # over the whole uint32 range (0 and 2**32 - 1 included), for any signature size
    from briefing.dedup import _minhash_values, band_keys

    rnd = random.Random(size)
    sig = frozenset(rnd.randrange(2**32) for _ in range(size)) | {0, 2**32 - 1}
    assert band_keys(sig) == _datasketch_band_keys(sig)
    assert len(_minhash_values(sig)) == 128
    assert band_keys(frozenset()) == []


def test_band_keys_of_a_made_up_copy_share_bands_with_the_original() -> None:
    # a near-copy (a few shingles changed) must still meet the original in some band
    from briefing.dedup import band_keys

    rnd = random.Random(7)
    base = {rnd.randrange(2**32) for _ in range(400)}
    copy = set(list(base)[:390]) | {rnd.randrange(2**32) for _ in range(10)}
    assert set(band_keys(frozenset(base))) & set(band_keys(frozenset(copy)))


def test_the_store_path_does_not_import_datasketch() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from briefing.dedup import band_keys; band_keys(frozenset(range(50)));"
        "print('datasketch' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
