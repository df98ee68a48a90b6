"""The SQLite translation cache: hits skip the engine, keys separate engines and glossaries, and a
killed run resumes with only the missing sentences."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Sequence

import pytest
from argos_fixtures import argos_home, tiny_zh_en  # noqa: F401  (pytest fixtures)

from aligner.cache import Cache, default_path
from aligner.engines.argos import ArgosEngine
from aligner.engines.base import Hypothesis
from aligner.model import TermMatch

TEXTS = [f"第{i}句：东盟是中国周边外交的优先方向。" for i in range(10)]


class Counting:
    """Wraps a real engine and records what reaches it."""

    def __init__(self, engine: ArgosEngine) -> None:
        self.engine = engine
        self.id = engine.id
        self.src_lang, self.tgt_lang = engine.src_lang, engine.tgt_lang
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str], hints: Sequence[Sequence[TermMatch]]) -> list[Hypothesis]:
        self.calls.append(list(texts))
        return self.engine.translate(texts, hints)

    @property
    def sent(self) -> int:
        return sum(len(c) for c in self.calls)


@pytest.fixture(scope="module")
def argos(tiny_zh_en: Path) -> ArgosEngine:
    return ArgosEngine("zh", "en", threads=1)


def test_second_run_translates_nothing(tmp_path: Path, argos: ArgosEngine) -> None:
    engine = Counting(argos)
    hints = [[] for _ in TEXTS]
    with Cache(tmp_path / "c.sqlite") as cache:
        first = cache.translate(engine, TEXTS, hints, "g1", batch_size=4)
    assert engine.sent == len(TEXTS) and [len(c) for c in engine.calls] == [4, 4, 2]
    assert first == argos.translate(TEXTS, hints)
    with Cache(tmp_path / "c.sqlite") as cache:
        second = cache.translate(engine, TEXTS, hints, "g1", batch_size=4)
    assert engine.sent == len(TEXTS), "the second run sent nothing to the engine"
    assert second == first


def test_duplicates_are_translated_once_and_order_is_kept(tmp_path: Path, argos: ArgosEngine) -> None:
    engine = Counting(argos)
    texts = [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[2], TEXTS[1]]
    progress: list[int] = []
    with Cache(tmp_path / "c.sqlite") as cache:
        cache.put(argos.id, "g1", [(TEXTS[2], Hypothesis("cached", 0.5))])
        out = cache.translate(engine, texts, [[] for _ in texts], "g1", batch_size=8, progress=progress.append)
    assert engine.calls == [[TEXTS[0], TEXTS[1]]]
    assert out[0] == out[2] and out[1] == out[4] and out[3] == Hypothesis("cached", 0.5)
    assert progress == [1, 4]


def test_engine_and_glossary_are_part_of_the_key(tmp_path: Path, argos: ArgosEngine) -> None:
    engine = Counting(argos)
    with Cache(tmp_path / "c.sqlite") as cache:
        cache.put("other-engine", "g1", [(TEXTS[0], Hypothesis("x"))])
        cache.put(argos.id, "g2", [(TEXTS[0], Hypothesis("y"))])
        cache.translate(engine, TEXTS[:1], [[]], "g1")
    assert engine.sent == 1


def test_default_location_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_path() == tmp_path / "aligner" / "translations.sqlite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".cache" / "aligner" / "translations.sqlite"
    with Cache() as cache:
        assert cache.path.is_file()


def test_corrupt_cache_file_is_an_input_error(tmp_path: Path) -> None:
    from aligner.errors import InputError

    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match="cannot open the translation cache"):
        Cache(path)


def test_killed_run_resumes_with_only_the_missing_sentences(tmp_path: Path, argos: ArgosEngine) -> None:
    """A run killed with SIGKILL in its third batch keeps the two batches it committed."""
    db = tmp_path / "c.sqlite"
    script = textwrap.dedent(
        f"""
        import os, signal
        from aligner.cache import Cache
        from aligner.engines.argos import ArgosEngine

        engine = ArgosEngine("zh", "en", threads=1)
        real = engine.translate
        calls = []

        def dying(texts, hints):
            calls.append(1)
            if len(calls) == 3:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(texts, hints)

        engine.translate = dying
        texts = {TEXTS!r}
        Cache({str(db)!r}).translate(engine, texts, [[] for _ in texts], "g1", batch_size=3)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    engine = Counting(argos)
    with Cache(db) as cache:
        out = cache.translate(engine, TEXTS, [[] for _ in TEXTS], "g1", batch_size=3)
    assert [t for call in engine.calls for t in call] == TEXTS[6:]
    assert out == argos.translate(TEXTS, [[] for _ in TEXTS])
