"""Translation quality: reference-based metrics (sacrebleu) and reference-free estimation per unit.

- `reference`: BLEU, chrF and TER against references, corpus and per segment, with signatures.
- `terms`: glossary term accuracy of translations.
- `qe`: `estimate`, the 0-100 quality score, band and reasons written on every `Unit` (weights and bands
  are documented there), and the `--min-quality` gate.
- `numbers`: numbers and dates of Chinese and English text, normalised for comparison.
- `report`: the `aligner score` job over files.

A translate job scores its units once, after translation, and applies the `--min-quality` gate
after writing its outputs:

    estimate(units, engine_scores=[h.score for h in hypotheses])
    formats.write(path, units)
    if not gate(summarise(units).mean, min_quality):
        raise typer.Exit(1)
"""

from aligner.quality.qe import Summary, band, estimate, gate, summarise
from aligner.quality.reference import MetricScore, evaluate
from aligner.quality.terms import TermAccuracy, check_terms, term_accuracy

__all__ = [
    "MetricScore",
    "Summary",
    "TermAccuracy",
    "band",
    "check_terms",
    "estimate",
    "evaluate",
    "gate",
    "summarise",
    "term_accuracy",
]
