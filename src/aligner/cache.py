"""A persistent translation cache: (engine id, glossary digest, source text) → hypothesis, in SQLite.

The engine id names the model and its digest, so a different model never reuses a hypothesis; the
glossary digest does the same for a changed glossary. `Cache.translate` sends only the misses to the
engine, in batches, and commits after every batch: a run that is killed loses at most the batch in
flight, and the next run translates only what is missing. The database runs in WAL mode, so a second
process can read it while a run writes.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from aligner.engines.base import Engine, Hypothesis
from aligner.errors import InputError
from aligner.model import TermMatch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hypotheses (
    engine TEXT NOT NULL,
    glossary TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    score REAL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (engine, glossary, source)
) WITHOUT ROWID
"""


def default_path() -> Path:
    """`$XDG_CACHE_HOME/aligner/translations.sqlite`, or under `~/.cache` when it is not set."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "aligner" / "translations.sqlite"


class Cache:
    """The SQLite translation cache at `path` (created with its folder when missing)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (sqlite3.DatabaseError, OSError) as err:
            raise InputError(f"cannot open the translation cache: {err}", self.path) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, engine_id: str, glossary_digest: str, sources: Sequence[str]) -> dict[str, Hypothesis]:
        """The cached hypotheses among `sources`, by source text."""
        found: dict[str, Hypothesis] = {}
        unique = list(dict.fromkeys(sources))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._db.execute(
                f"SELECT source, target, score FROM hypotheses WHERE engine = ? AND glossary = ? AND source IN ({','.join('?' * len(chunk))})",
                (engine_id, glossary_digest, *chunk),
            )
            for source, target, score in rows:
                found[source] = Hypothesis(target, score)
        return found

    def put(self, engine_id: str, glossary_digest: str, pairs: Sequence[tuple[str, Hypothesis]]) -> None:
        """Store hypotheses and commit, so they survive whatever happens next."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO hypotheses (engine, glossary, source, target, score) VALUES (?, ?, ?, ?, ?)",
                [(engine_id, glossary_digest, src, hyp.text, hyp.score) for src, hyp in pairs],
            )

    def translate(
        self,
        engine: Engine,
        texts: Sequence[str],
        hints: Sequence[Sequence[TermMatch]],
        glossary_digest: str,
        *,
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> list[Hypothesis]:
        """Translate through the cache: one hypothesis per text, in order; only texts not cached for
        this engine and glossary reach the engine (each distinct text once), `batch_size` at a time,
        committed after each batch. `progress(n)` is told how many more texts are done (as tqdm's
        `update`): the cache hits at once, then each batch."""
        if len(hints) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(hints)} hint lists")
        known = self.get(engine.id, glossary_digest, texts)
        missing: dict[str, Sequence[TermMatch]] = {}
        for text, hint in zip(texts, hints):
            if text not in known:
                missing.setdefault(text, hint)
        counts = Counter(texts)
        if progress:
            progress(len(texts) - sum(counts[t] for t in missing))
        todo = list(missing.items())
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            hyps = engine.translate([t for t, _ in batch], [h for _, h in batch])
            if len(hyps) != len(batch):
                raise RuntimeError(f"engine {engine.id} returned {len(hyps)} hypotheses for {len(batch)} texts")
            pairs = [(t, h) for (t, _), h in zip(batch, hyps)]
            self.put(engine.id, glossary_digest, pairs)
            known.update(pairs)
            if progress:
                progress(sum(counts[t] for t, _ in batch))
        return [known[t] for t in texts]
