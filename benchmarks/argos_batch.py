"""Speed of the argos engine's batched path against argostranslate's own translate(), and how well
the model copies protected glossary terms, on the same argos package.

The Chinese seed briefing is segmented (`aligner.segment`) and every segment is translated zh→en:

1. speed — three ways, on the same model and with the same decoding options, so the outputs are
   identical (checked) and only the way of calling differs:
   - baseline: `argostranslate.translate.translate(sentence, "zh", "en")`, one call per sentence
     (argos re-runs sentence splitting on each and decodes one sentence at a time);
   - ours, one sentence per call: `ArgosEngine.translate([sentence])`;
   - ours, batched: `ArgosEngine.translate(all sentences)` with --batch-size sentences per batch.
   Each is timed --repeat times after a warm-up call; the best time counts. Ratios are against the
   baseline measured in the same run.
2. glossary protection — for the segments with terms of the bundled glossary, the share of protected
   terms the model itself copies to its output (before `restore`), for the "insert" strategy (the
   approved English in the source) and the "placeholder" strategy (ZQX1 ...), and the share that
   `aligner.glossary.check` finds applied after `restore` (which must be 100%).

By default the model is the tiny random-weight test package built by tests/argos_fixtures.py (its
decoder is ~100x cheaper than a real model's, so the speed ratio mostly measures per-call
overhead); pass --argosmodel FILE to measure a real package. Everything runs in a temporary argos
home: nothing is installed into yours.

Run: .venv/bin/python benchmarks/argos_batch.py [--argosmodel FILE] [--batch-size 32] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def sentences(seeds: list[Path]) -> list[str]:
    from aligner.read import read_document
    from aligner.segment import segment_document

    return [seg.text for path in seeds for seg in segment_document(read_document(path), "zh")]


def best_of(repeat: int, run: Callable[[], list[str]]) -> tuple[float, list[str]]:
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    return best, out


def copied(output: str, key: str) -> bool:
    """Whether the model kept `key` (case- and spacing-insensitive)."""
    pattern = r"\s*".join(re.escape(c) for c in key if not c.isspace())
    return re.search(pattern, output, re.IGNORECASE) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--argosmodel", type=Path, help="a zh→en .argosmodel file (default: the tiny test model)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="CTranslate2 threads for both paths (argos: ARGOS_INTRA_THREADS)")
    args = parser.parse_args()

    from argos_fixtures import build_argosmodel, isolated_argos

    texts = sentences(sorted((ROOT / "seeds").glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp, isolated_argos(Path(tmp) / "home"):
        from argostranslate import settings, translate

        from aligner import glossary
        from aligner.engines import packages
        from aligner.engines.argos import ArgosEngine

        settings.intra_threads = args.threads
        archive = args.argosmodel or build_argosmodel(Path(tmp), "zh", "en")
        pkg = packages.install_file(archive)
        engine = ArgosEngine("zh", "en", threads=args.threads, batch_size=args.batch_size)
        print(f"model: {archive.name} ({pkg.pair} {pkg.version}), {len(texts)} sentences, {sum(map(len, texts))} characters, threads={args.threads}")

        no_hints = [[] for _ in texts]
        translate.translate(texts[0], "zh", "en")
        engine.translate(texts[:1], no_hints[:1])
        t_argos, out_argos = best_of(args.repeat, lambda: [translate.translate(t, "zh", "en") for t in texts])
        t_single, out_single = best_of(args.repeat, lambda: [engine.translate([t], [[]])[0].text for t in texts])
        t_batch, out_batch = best_of(args.repeat, lambda: [h.text for h in engine.translate(texts, no_hints)])
        same = out_argos == out_single == out_batch
        print(f"identical outputs on all three paths: {same}")
        print(f"{'path':42} {'seconds':>8} {'sent/s':>8} {'speed-up':>9}")
        for name, seconds in (
            ("argostranslate.translate, per sentence", t_argos),
            ("ArgosEngine, one sentence per call", t_single),
            (f"ArgosEngine, batched ({args.batch_size})", t_batch),
        ):
            print(f"{name:42} {seconds:8.3f} {len(texts) / seconds:8.1f} {t_argos / seconds:8.1f}x")

        gloss = glossary.load(glossary.default_path())
        rows = [(t, gloss.match(t, "zh")) for t in texts]
        rows = [(t, m) for t, m in rows if m]
        n_terms = sum(len(m) for _, m in rows)
        print(f"\nglossary protection: {len(rows)} sentences with {n_terms} terms of {gloss.path.name}")
        print(f"{'strategy':12} {'copied by the model':>20} {'present after restore':>22}")
        for strategy in ("insert", "placeholder"):
            protected = [glossary.protect(t, m, strategy) for t, m in rows]
            raw = engine.translate([p.text for p in protected], [[] for _ in protected])
            kept = sum(copied(h.text, s.key) for h, p in zip(raw, protected) for s in p.slots)
            final = ArgosEngine("zh", "en", threads=args.threads, batch_size=args.batch_size, protect=strategy)
            restored = final.translate([t for t, _ in rows], [m for _, m in rows])
            present = sum(len(glossary.check(h.text, ms)[0]) for h, (_, ms) in zip(restored, rows))
            print(f"{strategy:12} {kept:>9}/{n_terms} ({kept / n_terms:5.1%}) {present:>11}/{n_terms} ({present / n_terms:6.1%})")


if __name__ == "__main__":
    main()
