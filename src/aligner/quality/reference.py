"""Reference-based metrics through sacrebleu: BLEU, chrF and TER, for the corpus and per segment.

The numbers are sacrebleu's own, computed by its metric classes with the settings a Chinese or
English target needs, and each comes with sacrebleu's signature so that a figure in a report can be
reproduced exactly: Chinese targets are tokenised with `tokenize="zh"` for BLEU, and TER runs with
`asian_support=True, normalized=True` (otherwise a Chinese sentence is one "word"). Segment-level
BLEU uses effective order, as sacrebleu recommends, since short sentences rarely have 4-gram matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

NAMES = ("bleu", "chrf", "ter")


@dataclass(frozen=True)
class MetricScore:
    """A corpus score on sacrebleu's 0-100 scale, its signature and, when asked for, per-segment scores."""

    name: str
    score: float
    signature: str
    segments: tuple[float, ...] | None = None


def metric(name: str, tgt_lang: str, *, sentence: bool = False) -> Metric:
    """The sacrebleu metric `name` configured for targets in `tgt_lang` (base code)."""
    zh = tgt_lang == "zh"
    if name == "bleu":
        return BLEU(tokenize="zh" if zh else "13a", effective_order=sentence)
    if name == "chrf":
        return CHRF()
    if name == "ter":
        return TER(asian_support=zh, normalized=zh)
    raise ValueError(f"unknown metric {name!r} (known: {', '.join(NAMES)})")


def evaluate(
    hypotheses: Sequence[str], references: Sequence[str], tgt_lang: str, *, per_segment: bool = False
) -> dict[str, MetricScore]:
    """BLEU, chrF and TER of `hypotheses` against one reference each, keyed by metric name."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    hyps, refs = list(hypotheses), list(references)
    results = {}
    for name in NAMES:
        corpus = metric(name, tgt_lang)
        score = corpus.corpus_score(hyps, [refs])
        segments = None
        if per_segment:
            sentence = metric(name, tgt_lang, sentence=True)
            segments = tuple(sentence.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True))
        results[name] = MetricScore(name, score.score, str(corpus.get_signature()), segments)
    return results
