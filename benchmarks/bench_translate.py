"""Translation throughput: the same German sentences, the same installed package, four ways.

1. ``argostranslate.translate.translate`` sentence by sentence (what users of Argos do)
2. the project's engine, cold (empty translation memory, model loaded in the timing)
3. the project's engine, warm (every sentence in the translation memory)
4. bare ``ctranslate2.Translator.translate_batch`` over the same pre-tokenized input,
   with the same decoding options (the practical limit)

Uses the tiny random-weight package from ``tests/argos_tiny.py`` (no real model can be
downloaded here): absolute numbers say little about a real 60 MB model, the ratios say how much
overhead each path adds around CTranslate2. Run: ``.venv/bin/python benchmarks/bench_translate.py``
(``--n 500 --append`` writes the table to benchmarks/RESULTS.md under "## Translation").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
WORK = Path(tempfile.mkdtemp(prefix="bench-translate-"))
# argostranslate reads these at import time: point them at a private folder first.
for var, sub in {
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "XDG_CONFIG_HOME": "config",
    "ARGOS_PACKAGES_DIR": "packages",
}.items():
    os.environ[var] = str(WORK / sub)
    (WORK / sub).mkdir(parents=True, exist_ok=True)
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"


def german_sentences(n: int) -> list[str]:
    """n distinct German sentences: the seeds first, then 10kGNAD bodies from the eval data."""
    from briefing.text import split_sentences

    out: dict[str, None] = {}
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").glob("*.txt"))]
    shared = next(
        (p / "shared" for p in ROOT.parents if (p / "shared" / "evaldata").is_dir()),
        ROOT.parent / "shared",
    )  # beside the repo, or above a worktree
    gnad = shared / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl"
    if gnad.is_file():
        texts += [
            json.loads(line)["text"] for line in gnad.read_text(encoding="utf-8").splitlines()
        ]
    for text in texts:
        for s in split_sentences(text, "de"):
            if 30 <= len(s) <= 300:
                out.setdefault(s, None)
            if len(out) >= n:
                return list(out)
    return list(out)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def base_model_rows(sentences: list[str], settings, reps: int) -> list:
    """The engine with the model loaded, compute type default (float32) vs int8, on a random
    model of argos-train's shape (6+6 layers, d=512, ffn 2048; tiny vocabulary)."""
    from dataclasses import replace as dc_replace

    from argos_tiny import build_package

    from briefing.translate.engine import CT2Engine
    from briefing.translate.packages import install_from_file

    folder = WORK / "base-packages"
    pkg = install_from_file(build_package(WORK / "build-base", "de", "en", size="base"), folder)
    timings = {}
    for ct in ("default", "int8"):
        engine = CT2Engine(dc_replace(settings, compute_type=ct))
        loaded = engine.registry.get(pkg).translator.compute_type
        best = None
        for _ in range(reps):
            w0, c0 = time.perf_counter(), time.process_time()
            engine.translate(pkg, sentences)
            t = (time.perf_counter() - w0, time.process_time() - c0)
            best = t if best is None else (min(best[0], t[0]), min(best[1], t[1]))
        timings[ct] = (loaded, best)
    (l32, t32), (l8, t8) = timings["default"], timings["int8"]
    k = len(sentences)
    return [
        (
            f"base-size model ({pkg.size_bytes / 1e6:.0f} MB), engine, model loaded, "
            f"compute_type default (= {l32})",
            k,
            t32,
            f"{k} sentences",
        ),
        (
            f"base-size model, engine, model loaded, compute_type int8 (= {l8})",
            k,
            t8,
            f"time {t8[0] / t32[0]:.2f}x wall, {t8[1] / t32[1]:.2f}x CPU of default",
        ),
    ]


def append_results(text: str) -> None:
    """Add the table at the end of the Translation section of benchmarks/RESULTS.md."""
    results = ROOT / "benchmarks" / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if "## Translation" not in old:
        old = old.rstrip("\n") + "\n\n## Translation\n\n"
        new = old + text
    else:
        # insert at the end of the Translation section (before the next "## " heading)
        head, _, rest = old.partition("## Translation\n")
        nxt = rest.find("\n## ")
        section, tail = (rest, "") if nxt < 0 else (rest[: nxt + 1], rest[nxt + 1 :])
        new = head + "## Translation\n" + section.rstrip("\n") + "\n\n" + text + "\n" + tail
    from briefing.fsutil import atomic_write_text

    atomic_write_text(results, new)


def best_of(paths: dict[str, Callable[[], None]], reps: int) -> dict[str, tuple[float, float]]:
    """Round-robin repeats, the best (wall, CPU) of each: drift hits every path alike."""
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in paths}
    for _ in range(reps):
        for key, fn in paths.items():
            runs[key].append(timed(fn))
    return {k: (min(r[0] for r in v), min(r[1] for r in v)) for k, v in runs.items()}


def timed(fn: Callable[[], None]) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=2, help="best of N for the engine paths")
    ap.add_argument("--append", action="store_true", help="append the table to RESULTS.md")
    ap.add_argument(
        "--base",
        type=int,
        default=100,
        metavar="N",
        help="also time default vs int8 on a Transformer-base-sized random model "
        "over N sentences (0: skip)",
    )
    args = ap.parse_args()

    from argos_tiny import build_package

    from briefing.config import Settings
    from briefing.store import Store
    from briefing.translate import Translator
    from briefing.translate.packages import find_model, install_from_file

    sentences = german_sentences(args.n)
    pkg_file = build_package(WORK / "build", "de", "en")
    install_from_file(pkg_file)
    pkg = find_model("de", "en")
    assert pkg is not None
    settings = Settings(state_path=WORK / "state.sqlite")
    reps = max(1, args.repeat)

    outputs: dict[str, list[str]] = {}

    # 2. project engine, cold: a new engine (model load included) and an empty memory
    def cold_run() -> None:
        settings.state_path.unlink(missing_ok=True)
        with Store(settings.state_path) as store:
            outputs["cold"] = Translator(settings, store).translate(sentences, "de", "en")

    # 3. warm: a new engine and Translator, every sentence in the memory
    def warm_run() -> None:
        with Store(settings.state_path) as store:
            tr = Translator(settings, store)
            outputs["warm"] = tr.translate(sentences, "de", "en")
            assert tr.cached == len(set(sentences)) and tr.translated == 0

    # 4. bare translate_batch over the same pre-tokenized, sorted input
    from briefing.translate.engine import CT2Engine, max_decoding_length

    engine = CT2Engine(settings)
    model = engine.registry.get(pkg)
    batch = sorted(model.tokenizer.encode(sentences), key=len)
    size = settings.translate_batch_size

    def bare_run() -> None:
        # the same decoding as the engine: chunks of similar length, each with its output bound
        for i in range(0, len(batch), size):
            chunk = batch[i : i + size]
            model.translator.translate_batch(
                chunk, **engine.options(), max_decoding_length=max_decoding_length(chunk)
            )

    def plain_run() -> None:
        # one plain call with CTranslate2's default output bound (256 tokens, as Argos)
        model.translator.translate_batch(batch, **engine.options(), max_batch_size=size)

    def hot_run() -> None:
        # the engine with the model already loaded and no memory: tokenize, sort, decode
        engine.translate(pkg, sentences)

    # the user's opt-in: compute_type = "int8" (the default is the package's saved type)
    from dataclasses import replace as dc_replace

    engine8 = CT2Engine(dc_replace(settings, compute_type="int8"))
    model8 = engine8.registry.get(pkg)

    def hot8_run() -> None:
        engine8.translate(pkg, sentences)

    def bare8_run() -> None:
        for i in range(0, len(batch), size):
            chunk = batch[i : i + size]
            model8.translator.translate_batch(
                chunk, **engine8.options(), max_decoding_length=max_decoding_length(chunk)
            )

    paths = {
        "cold": cold_run,
        "warm": warm_run,
        "bare": bare_run,
        "plain": plain_run,
        "hot": hot_run,
        "hot8": hot8_run,
        "bare8": bare8_run,
    }
    best = best_of(paths, reps)
    cold, warm, bare, plain, hot, hot8, bare8 = (
        best[k] for k in ("cold", "warm", "bare", "plain", "hot", "hot8", "bare8")
    )
    load_before = os.getloadavg()
    assert outputs["warm"] == outputs["cold"]
    rss_before_argos = rss_mb()

    # 1. argostranslate, sentence by sentence (imports torch via stanza; timed separately)
    w0 = time.perf_counter()
    import argostranslate.translate as argos_translate

    argos_import = time.perf_counter() - w0
    from argostranslate import settings as argos_settings

    argos_compute = argos_settings.compute_type
    w0, c0 = time.perf_counter(), time.process_time()
    for s in sentences:
        argos_translate.translate(s, "de", "en")
    argos = (time.perf_counter() - w0, time.process_time() - c0)
    rss_after_argos = rss_mb()

    n = len(sentences)
    base_rows = base_model_rows(sentences[: args.base], settings, reps) if args.base else []

    def ratio(a: tuple[float, float], b: tuple[float, float]) -> str:
        return f"{a[0] / b[0]:.2f}x wall, {a[1] / b[1]:.2f}x CPU"

    rows = [
        (
            "argostranslate.translate, sentence by sentence",
            argos,
            f"+ {argos_import:.1f} s import (torch, stanza)",
        ),
        (
            "briefing engine, cold (model load + empty memory)",
            cold,
            f"throughput {ratio(argos, cold)} of argos; time {ratio(cold, bare)} of bare",
        ),
        (
            "briefing engine, warm (translation memory)",
            warm,
            f"throughput {ratio(argos, warm)} of argos",
        ),
        ("briefing engine, model loaded, no memory", hot, f"time {ratio(hot, bare)} of bare"),
        ("bare translate_batch, same chunks and output bounds", bare, "the practical limit"),
        ("bare translate_batch, one call, default bound 256", plain, "no per-chunk output bound"),
        (
            "briefing engine, model loaded, compute_type int8",
            hot8,
            f"time {ratio(hot8, hot)} of the same at {model.translator.compute_type}",
        ),
        ("bare translate_batch, int8", bare8, f"time {ratio(bare8, bare)} of bare"),
    ]
    lines = [
        f"### {dt.date.today().isoformat()}: {n} German sentences, tiny random de->en package "
        f"(1 layer, d=32, vocab ~400; gibberish output), beam {settings.beam_size}, "
        f"engine compute_type {settings.compute_type} (= {model.translator.compute_type}), "
        f"argostranslate ARGOS_COMPUTE_TYPE {argos_compute}, "
        f"{os.cpu_count()} cores ({platform.machine()}), best of {reps} "
        "(argos: 1 run); machine shared with other jobs: wall times noisy, CPU times steadier",
        "",
        "| path | wall s | CPU s | sentences/s (wall) | note |",
        "|---|---:|---:|---:|---|",
        *[f"| {name} | {w:.3f} | {c:.3f} | {n / w:,.0f} | {note} |" for name, (w, c), note in rows],
        *[
            f"| {name} | {w:.3f} | {c:.3f} | {k / w:,.1f} | {note} |"
            for name, k, (w, c), note in base_rows
        ],
        "",
        f"Targets: cold >= 8x argos: {argos[0] / cold[0]:.1f}x wall, {argos[1] / cold[1]:.1f}x CPU; "
        f"warm >= 50x argos: {argos[0] / warm[0]:.0f}x wall, {argos[1] / warm[1]:.0f}x CPU; "
        f"cold within 1.15x of bare: {cold[0] / bare[0]:.2f}x wall, {cold[1] / bare[1]:.2f}x CPU. "
        f"Peak RSS {rss_before_argos:.0f} MB before importing argostranslate.translate, "
        f"{rss_after_argos:.0f} MB after. Load average (1, 5, 15 min) after the engine runs: "
        f"{', '.join(f'{x:.1f}' for x in load_before)}; at the end: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.append:
        append_results(text)


if __name__ == "__main__":
    main()
