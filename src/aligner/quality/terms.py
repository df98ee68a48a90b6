"""Glossary adherence of translations: which matched terms made it into each target, and the share overall.

Term accuracy is what a terminologist asks of an MT corpus before BLEU: of the glossary terms found
in the sources, how many have their approved rendering (or a listed variant) in the translation.
The matching and the check are the glossary module's (`Glossary.match`, `glossary.check`), so the
figure means the same thing as the `terms`/`missed` lists written by `aligner translate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aligner import langs
from aligner.model import Unit

if TYPE_CHECKING:
    from aligner.glossary import Glossary


@dataclass(frozen=True)
class TermAccuracy:
    """Applied and total matched terms overall, and the accuracy of each unit (None: no term in it)."""

    applied: int
    total: int
    segments: tuple[float | None, ...]

    @property
    def score(self) -> float | None:
        """Share of terms applied on a 0-100 scale, like the sacrebleu metrics; None without terms."""
        return None if self.total == 0 else 100 * self.applied / self.total


def check_terms(units: Sequence[Unit], glossary: Glossary) -> None:
    """Match the glossary in every source and record in the unit which terms the target applied or missed."""
    from aligner.glossary import check

    for unit in units:
        matches = glossary.match(unit.source, langs.base(unit.src_lang))
        applied, missed = check(unit.target, matches)
        unit.terms = [m.source for m in applied]
        unit.missed = [m.source for m in missed]


def term_accuracy(units: Sequence[Unit]) -> TermAccuracy:
    """Term accuracy from the units' `terms` (applied) and `missed` lists."""
    segments = []
    applied = total = 0
    for unit in units:
        n = len(unit.terms) + len(unit.missed)
        segments.append(None if n == 0 else 100 * len(unit.terms) / n)
        applied += len(unit.terms)
        total += n
    return TermAccuracy(applied, total, tuple(segments))
