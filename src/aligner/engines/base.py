"""The protocol every translation engine follows.

Engines translate pre-segmented sentences in batches. Each has a stable id (name, model, model digest)
that goes into every output unit and into the cache key, so a cached hypothesis is never reused for a
different model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from aligner.model import TermMatch


@dataclass(frozen=True)
class Hypothesis:
    """One engine output: the translation and the engine's own confidence when it gives one (0-1)."""

    text: str
    score: float | None = None


@runtime_checkable
class Engine(Protocol):
    """Batched translation of sentences from `src_lang` to `tgt_lang` (base codes: zh, en).

    `hints[i]` are the glossary terms matched in `texts[i]`; each engine applies them its own way
    (argos protects them, an LLM is instructed). The result has exactly one hypothesis per input, in
    order.
    """

    id: str
    src_lang: str
    tgt_lang: str

    def translate(self, texts: Sequence[str], hints: Sequence[Sequence[TermMatch]]) -> list[Hypothesis]: ...
