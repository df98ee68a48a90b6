"""Sentence lengths and the length cost of a bead.

Translations keep a fairly stable length ratio between the two languages (Gale & Church 1993), so a
bead whose two sides are far from that ratio is suspect even when its meaning looks close. Lengths
are counted in characters, with a Chinese (Han) character counted as three: that is what it weighs
in UTF-8 and roughly what it carries compared with a Latin letter, which keeps the zh/en ratio near
one and the penalty symmetric. The ratio itself is estimated from the two texts being aligned.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def weight(sentence: str) -> int:
    """Length of a sentence in units comparable across zh and en (Han characters count three)."""
    text = sentence.strip()
    return len(text) + 2 * len(_WIDE.findall(text))


def weights(sentences: Sequence[str]) -> np.ndarray:
    return np.fromiter((max(weight(s), 1) for s in sentences), dtype=np.float64, count=len(sentences))


def ratio(src: np.ndarray, tgt: np.ndarray) -> float:
    """How much longer the target runs than the source, over the whole text (1.0 for empty input)."""
    total_src, total_tgt = float(src.sum()), float(tgt.sum())
    if total_src <= 0 or total_tgt <= 0:
        return 1.0
    return total_tgt / total_src


def penalty(src_len: np.ndarray | float, tgt_len: np.ndarray | float, tgt_per_src: float) -> np.ndarray:
    """log2(1 + shorter/longer) after scaling by the text's ratio: 1 for the expected length, 0.58
    for twice or half of it, towards 0 for a wild mismatch. A multiplier for a similarity."""
    expected = np.asarray(src_len, dtype=np.float64) * tgt_per_src
    tgt = np.asarray(tgt_len, dtype=np.float64)
    return np.log2(1.0 + np.minimum(expected, tgt) / np.maximum(np.maximum(expected, tgt), 1e-9))


GALE_CHURCH_PRIORS: dict[tuple[int, int], float] = {(1, 1): 0.89, (1, 2): 0.0445, (2, 1): 0.0445, (2, 2): 0.011}
"""Bead-type priors of Gale & Church (1993); 1–0 and 0–1 share their 0.0099."""
GALE_CHURCH_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))
GALE_CHURCH_VARIANCE = 6.8
GALE_CHURCH_SKIP = math.log(0.0099 / 2) + math.log(1e-3)
"""A lone sentence: its prior times the chance of a length-0 match of a typical sentence."""


def log_match(src_len: np.ndarray | float, tgt_len: np.ndarray | float, tgt_per_src: float) -> np.ndarray:
    """log P(|δ| at least this large) for Gale & Church's normalised length difference δ."""
    src = np.asarray(src_len, dtype=np.float64)
    tgt = np.asarray(tgt_len, dtype=np.float64)
    mean = np.maximum((src + tgt / tgt_per_src) / 2, 1e-9)
    delta = np.abs(tgt / tgt_per_src - src) / np.sqrt(GALE_CHURCH_VARIANCE * mean)
    tail = np.array([math.erfc(d / math.sqrt(2)) for d in np.atleast_1d(delta)])
    return np.log(np.maximum(tail, 1e-300)).reshape(np.shape(delta))


def scorer(src: np.ndarray, tgt: np.ndarray, types: Sequence[tuple[int, int]]):
    """Row scorer for the banded DP from lengths alone: log prior + log P(length difference)."""
    tgt_per_src = ratio(src, tgt)
    src_cum = np.concatenate([[0.0], np.cumsum(src)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(tgt)])

    def row(i: int, lo: int, hi: int) -> dict[tuple[int, int], np.ndarray]:
        ends = np.arange(lo, hi + 1)
        out = {}
        for a, b in types:
            if not (a and b) or a > i:
                continue
            full = np.full(len(ends), -np.inf)
            ok = ends >= b
            if ok.any():
                e = ends[ok]
                s_len = src_cum[i] - src_cum[i - a]
                t_len = tgt_cum[e] - tgt_cum[e - b]
                full[ok] = math.log(GALE_CHURCH_PRIORS.get((a, b), 0.001)) + log_match(s_len, t_len, tgt_per_src)
            out[(a, b)] = full
        return out

    return row
