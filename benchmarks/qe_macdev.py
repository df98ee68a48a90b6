"""Validity of the reference-free quality score (aligner.quality.qe) on MAC-Dev.

MAC-Dev (../shared/bench/mac-dev, or $ALIGNER_MACDEV) has six Chinese literary texts (zh/), a
Google MT of each line (trans/), the published human translation (en/) and the gold sentence
alignment (gold/). For the 1-1 gold beads this measures:

(a) discrimination: ROC AUC of the QE score separating true pairs (a zh sentence and its MT) from
    mismatched pairs (the same zh sentence and the MT of another 1-1 sentence of the same text,
    half the text away so it is not a neighbour);
(b) ranking: Spearman correlation between the QE score of the true pairs and the sentence chrF of
    the MT against the human reference.

Each figure is reported for the combined score and for single components as baselines measured in
the same run (similarity alone, length ratio alone), and separately for the held-out texts 004-006
(the QE constants were derived from texts 001-003). The texts are read in place, never copied.

Run: .venv/bin/python benchmarks/qe_macdev.py [--texts 004,005,006]
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from pathlib import Path

import numpy as np
from sacrebleu.metrics import CHRF

from aligner.model import Unit
from aligner.quality import estimate

REPO = Path(__file__).resolve().parent.parent
CALIBRATION = ("001", "002", "003")


def macdev_dir() -> Path:
    path = Path(os.environ.get("ALIGNER_MACDEV", REPO.parent / "shared" / "bench" / "mac-dev"))
    if not (path / "gold").is_dir():
        sys.exit(f"MAC-Dev not found at {path} (set ALIGNER_MACDEV)")
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def one_to_one(root: Path, text_id: str) -> list[tuple[str, str, str]]:
    """(zh, Google MT, human reference) for every 1-1 gold bead of a text."""
    zh, mt, en = (_lines(root / d / text_id) for d in ("zh", "trans", "en"))
    triples = []
    for line in _lines(root / "gold" / text_id):
        if not line.strip():
            continue
        src, tgt = (ast.literal_eval(side) for side in line.split(":"))
        if len(src) == 1 and len(tgt) == 1 and zh[src[0]].strip() and en[tgt[0]].strip():
            triples.append((zh[src[0]], mt[src[0]], en[tgt[0]]))
    return triples


def ranks(x: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing their average rank (as scipy.stats.rankdata)."""
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    r = np.empty(len(x))
    start = 0
    for end in range(1, len(x) + 1):
        if end == len(x) or sorted_x[end] != sorted_x[start]:
            r[order[start:end]] = (start + end + 1) / 2
            start = end
    return r


def roc_auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    r = ranks(np.concatenate([positive, negative]))
    n_pos, n_neg = len(positive), len(negative)
    return float((r[:n_pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def column(units: list[Unit], name: str) -> np.ndarray:
    """The combined quality, or one QE component (0-100), of every unit."""
    if name == "quality":
        return np.array([u.quality for u in units], dtype=float)
    return np.array([u.scores.get(name, 100.0) for u in units], dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", help="comma-separated text ids (default: all)")
    args = parser.parse_args()
    root = macdev_dir()
    all_ids = sorted(p.name for p in (root / "gold").iterdir())
    ids = args.texts.split(",") if args.texts else all_ids

    true_units, false_units, chrf, held_out = [], [], [], []
    sentence_chrf = CHRF()
    for text_id in ids:
        triples = one_to_one(root, text_id)
        shift = len(triples) // 2
        for i, (zh, mt, en) in enumerate(triples):
            true_units.append(Unit(zh, mt))
            false_units.append(Unit(zh, triples[(i + shift) % len(triples)][1]))
            chrf.append(sentence_chrf.sentence_score(mt, [en]).score)
            held_out.append(text_id not in CALIBRATION)

    started = time.perf_counter()
    estimate(true_units + false_units)
    seconds = time.perf_counter() - started

    chrf_arr = np.array(chrf)
    held = np.array(held_out)
    n = len(true_units)
    print(f"MAC-Dev texts {','.join(ids)}: {n} true 1-1 pairs, {n} mismatched pairs; QE of {2 * n} units in {seconds:.1f} s")
    print(f"{'score':<12}{'AUC all':>10}{'AUC 004-6':>11}{'Spearman':>10}{'Sp. 004-6':>11}")
    for name in ("quality", "similarity", "length"):
        pos, neg = (column(units, name) for units in (true_units, false_units))
        cells = [roc_auc(pos, neg), roc_auc(pos[held], neg[held]) if held.any() else float("nan")]
        cells += [spearman(pos, chrf_arr), spearman(pos[held], chrf_arr[held]) if held.any() else float("nan")]
        print(f"{name:<12}" + "".join(f"{c:>10.3f} " for c in cells))
    bands = {b: sum(u.band == b for u in true_units) for b in ("good", "review", "bad")}
    false_bands = {b: sum(u.band == b for u in false_units) for b in ("good", "review", "bad")}
    print(f"bands of true pairs: {bands}; of mismatched pairs: {false_bands}")


if __name__ == "__main__":
    main()
