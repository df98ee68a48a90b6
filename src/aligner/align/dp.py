"""The two passes: confident 1–1 anchors, then a dynamic programme over many-to-many beads in a band.

Pass one (after bertalign, Liu & Zhu 2022) finds, for each source sentence, its `top_k` most similar
target sentences within a window around the diagonal, and keeps the heaviest chain of those pairs
that is monotone on both sides. Hard anchors (see `anchors.py`) join the chain as extra heavy pairs.
Pass two runs the bead DP only in the band between consecutive anchors, widened by `pad` sentences,
so a wrong anchor costs nothing as long as the right path is within the padding. Both passes touch
O(n · window) cells: time and memory grow linearly with the document, never with n × m.

The DP maximises the sum of bead scores; a 1–0 or 0–1 bead scores `skip` (negative), so a sentence
is left unaligned only when no bead using it is worth more than dropping it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

BeadType = tuple[int, int]
RowScorer = Callable[[int, int, int], dict[BeadType, np.ndarray]]
"""(row i, first column lo, last column hi) → for each bead type (a, b) with a, b ≥ 1, the scores of
the beads ending at (i, j) for j in lo..hi (−inf where a bead does not fit)."""

TYPES: tuple[BeadType, ...] = (
    (1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (2, 3), (3, 2), (1, 0), (0, 1),
)


@dataclass(frozen=True)
class Band:
    """Inclusive target bounds per DP row: row i (i source sentences consumed) spans lo[i]..hi[i]."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def cells(self) -> int:
        return int((self.hi - self.lo + 1).sum())


def top_pairs(src: np.ndarray, tgt: np.ndarray, window: int, top_k: int, block: int = 512) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for the top_k targets of each source sentence within ±window of the diagonal.

    Similarities are computed a block of rows at a time against only the columns those rows can
    reach, so memory is O(block × window) whatever the document size.
    """
    n, m = len(src), len(tgt)
    pairs: list[tuple[int, int, float]] = []
    if n == 0 or m == 0:
        return pairs
    for b0 in range(0, n, block):
        b1 = min(n, b0 + block)
        centers = ((np.arange(b0, b1) + 0.5) * m / n).astype(np.int64)
        lo = max(0, int(centers[0]) - window)
        hi = min(m, int(centers[-1]) + window + 1)
        sims = src[b0:b1] @ tgt[lo:hi].T
        cols = np.arange(lo, hi)
        sims[np.abs(cols[None, :] - centers[:, None]) > window] = -np.inf
        k = min(top_k, hi - lo)
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for row, cols_of_row in enumerate(best):
            for c in cols_of_row:
                value = float(sims[row, c])
                if value > -np.inf:
                    pairs.append((b0 + row, lo + int(c), value))
    return pairs


def heaviest_chain(pairs: Iterable[tuple[int, int, float]], m: int) -> list[tuple[int, int]]:
    """The subset of pairs, strictly increasing on both sides, with the largest total weight.

    A Fenwick tree over target positions holds the best chain ending before each column, so this is
    O(P log m) for P pairs.
    """
    by_row: dict[int, list[tuple[int, float]]] = {}
    for i, j, w in pairs:
        if w > 0:
            by_row.setdefault(i, []).append((j, w))
    size = m + 1
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    nodes: list[tuple[int, int, int]] = []  # (i, j, previous node)

    def query(pos: int) -> tuple[float, int]:
        best, idx = 0.0, -1
        while pos > 0:
            if tree_val[pos] > best:
                best, idx = tree_val[pos], tree_idx[pos]
            pos -= pos & -pos
        return best, idx

    def update(pos: int, value: float, idx: int) -> None:
        while pos <= size:
            if value > tree_val[pos]:
                tree_val[pos], tree_idx[pos] = value, idx
            pos += pos & -pos

    best_total, best_node = 0.0, -1
    for i in sorted(by_row):
        found = []
        for j, w in by_row[i]:
            prev_total, prev_node = query(j)  # chains ending in columns < j
            found.append((j, prev_total + w, prev_node))
        for j, total, prev_node in found:
            nodes.append((i, j, prev_node))
            update(j + 1, total, len(nodes) - 1)
            if total > best_total:
                best_total, best_node = total, len(nodes) - 1
    chain = []
    while best_node >= 0:
        i, j, best_node = nodes[best_node]
        chain.append((i, j))
    return chain[::-1]


def band_from_anchors(anchors: Sequence[tuple[int, int]], n: int, m: int, pad: int, max_gap: int = 200) -> Band:
    """The band through anchor pairs (0-based sentence indices), padded by `pad` sentences.

    Between two anchors the band is the rectangle they span (plus padding), which is where the
    unanchored sentences must go; a rectangle larger than max_gap × max_gap (a long stretch with no
    confident pair) is narrowed to a parallelogram along its diagonal so cost stays linear.
    """
    points = [(0, 0)]
    for i, j in anchors:
        if points[-1][0] < i + 1 < n and points[-1][1] < j + 1 < m:
            points.append((i + 1, j + 1))
    points.append((n, m))
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    lo[0], hi[0] = 0, min(m, points[1][1] + pad)
    for (s0, t0), (s1, t1) in pairwise(points):
        if s1 == s0:
            hi[s0] = max(hi[s0], min(m, t1 + pad))
            continue
        rows = np.arange(s0 + 1, s1 + 1)
        lo[rows] = max(0, t0 - pad)
        hi[rows] = min(m, t1 + pad)
        if (s1 - s0) > max_gap and (t1 - t0) > max_gap:
            center = t0 + (rows - s0) * (t1 - t0) / (s1 - s0)
            half = max(pad, max_gap // 2)
            lo[rows] = np.maximum(lo[rows], (center - half).astype(np.int64))
            hi[rows] = np.minimum(hi[rows], (center + half).astype(np.int64))
    hi[n] = m
    lo = np.maximum.accumulate(lo)
    hi = np.minimum(np.maximum.accumulate(hi), m)
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    return Band(lo, hi)


def diagonal_band(n: int, m: int, half_width: int) -> Band:
    """A band of ±half_width target sentences around the straight diagonal."""
    rows = np.arange(n + 1)
    center = rows * (m / n if n else 0.0)
    lo = np.clip(np.floor(center - half_width), 0, m).astype(np.int64)
    hi = np.clip(np.ceil(center + half_width), 0, m).astype(np.int64)
    lo[0], hi[n] = 0, m
    lo = np.maximum.accumulate(lo)
    hi = np.maximum.accumulate(hi)
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    return Band(lo, hi)


def banded_dp(
    n: int, m: int, band: Band, scorer: RowScorer, skip: float, types: Sequence[BeadType] = TYPES
) -> list[tuple[tuple[int, ...], tuple[int, ...], BeadType]]:
    """The best path from (0, 0) to (n, m) inside the band: (src indices, tgt indices, type) per bead."""
    lo, hi = band.lo, band.hi
    costs: list[np.ndarray] = []
    pointers: list[np.ndarray] = []
    insertion = types.index((0, 1))
    for i in range(n + 1):
        row_lo, row_hi = int(lo[i]), int(hi[i])
        width = row_hi - row_lo + 1
        cost = np.full(width, -np.inf)
        pointer = np.full(width, -1, dtype=np.int8)
        if i == 0:
            cost[0] = 0.0
        else:
            scores = scorer(i, row_lo, row_hi)
            for t, (a, b) in enumerate(types):
                if a == 0 or a > i:
                    continue
                p = i - a
                p_lo, p_hi = int(lo[p]), int(hi[p])
                j0, j1 = max(row_lo, p_lo + b), min(row_hi, p_hi + b)
                if j0 > j1:
                    continue
                prev = costs[p][j0 - b - p_lo : j1 - b - p_lo + 1]
                gain = skip if b == 0 else scores[(a, b)][j0 - row_lo : j1 - row_lo + 1]
                cand = prev + gain
                seg = cost[j0 - row_lo : j1 - row_lo + 1]
                better = cand > seg
                seg[better] = cand[better]
                pointer[j0 - row_lo : j1 - row_lo + 1][better] = t
        # 0–1 beads chain along the row: cost[j] = max(cost[j], cost[j-1] + skip), as one running max.
        steps = np.arange(width) * skip
        chained = np.maximum.accumulate(cost - steps) + steps
        inserted = chained > cost + 1e-9
        cost[inserted] = chained[inserted]
        pointer[inserted] = insertion
        costs.append(cost)
        pointers.append(pointer)
    path = []
    i, j = n, m
    if not np.isfinite(costs[n][m - int(lo[n])]):
        raise RuntimeError("no alignment path inside the band")
    while i > 0 or j > 0:
        a, b = types[int(pointers[i][j - int(lo[i])])]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j)), (a, b)))
        i, j = i - a, j - b
    return path[::-1]
