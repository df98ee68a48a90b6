"""Exact translation-memory matches from TMX files, used before any machine translation.

A translator's approved segment always beats MT, so `--tm` files are consulted first; a match is
exact after whitespace normalisation (fuzzy matching is left to CAT tools, which do it better).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from aligner import langs
from aligner.model import Unit


def _key(text: str) -> str:
    return " ".join(text.split())


class Memory:
    """Source → target lookups for one language direction, built from TMX (or any readable corpus) files."""

    def __init__(self, paths: Iterable[Path], src_lang: str, tgt_lang: str) -> None:
        from aligner import formats

        self.src_lang, self.tgt_lang = langs.base(src_lang), langs.base(tgt_lang)
        self._entries: dict[str, str] = {}
        digest = hashlib.sha256()
        for path in paths:
            digest.update(Path(path).read_bytes())
            for unit in formats.read(path):
                self._add(unit)
        self.id = f"tm:{digest.hexdigest()[:12]}"

    def _add(self, unit: Unit) -> None:
        if not unit.source.strip() or not unit.target.strip():
            return
        pair = (langs.base(unit.src_lang), langs.base(unit.tgt_lang))
        if pair == (self.src_lang, self.tgt_lang):
            self._entries.setdefault(_key(unit.source), unit.target)
        elif pair == (self.tgt_lang, self.src_lang):
            self._entries.setdefault(_key(unit.target), unit.source)

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, text: str) -> str | None:
        return self._entries.get(_key(text))
