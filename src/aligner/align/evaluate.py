"""The standard bead format and strict/lax precision, recall and F1 against a gold alignment.

The bead format is the one vecalign and bertalign read and write, one bead per line: `[0,1]:[0]`
(0-based sentence indices, `[]` for an empty side). Extra `:`-separated fields after the two sides
(vecalign appends its cost) are accepted on reading, so their outputs can be scored as they are.

The scores follow Sennrich & Volk (2010) exactly as vecalign's `score.py` computes them, so figures are
comparable with published ones:

- precision: every distinct output bead counts; it is strictly right when gold has the identical bead,
  laxly right when it shares a source sentence with a gold bead whose target side it also touches. A
  1–0/0–1 bead has no target (or source) side to touch, so it is right only where gold has it too.
- recall: the same computation with gold and output swapped, after leaving out beads with an empty
  side on both: deletions and insertions are not something a gold alignment can be recalled on.
- counts are summed over all documents before dividing (micro average); 0/0 gives 0.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError
from aligner.model import Bead

_SIDE = re.compile(r"^\[\s*(\d+(\s*,\s*\d+)*)?\s*\]$")


def format_bead(bead: Bead) -> str:
    """`[0,1]:[0]`: the line a bead is written as."""
    return f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"


def parse_bead(line: str) -> Bead:
    """The bead on one line; a third field, when present, is read as its score (else 1.0)."""
    fields = [f.strip() for f in line.strip().split(":")]
    if len(fields) < 2 or not _SIDE.match(fields[0]) or not _SIDE.match(fields[1]):
        raise ValueError(f"not a bead: {line.strip()!r} (expected e.g. [0,1]:[0])")
    src, tgt = (tuple(json.loads(f)) for f in fields[:2])
    score = 1.0
    if len(fields) > 2 and fields[2]:
        try:
            score = float(fields[2])
        except ValueError:
            raise ValueError(f"not a bead: {line.strip()!r} (third field is not a number)") from None
    return Bead(src, tgt, score)


def read_beads(path: str | Path) -> list[Bead]:
    """All beads of a `.align` file; blank lines are skipped, anything else malformed is an InputError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 bead file", path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path) from None
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            beads.append(parse_bead(line))
        except ValueError as err:
            raise InputError(f"line {number}: {err}", path) from None
    return beads


def write_beads(path: str | Path, beads: Iterable[Bead]) -> int:
    """Write beads one per line, atomically (a temporary file renamed into place); returns the count."""
    path = Path(path)
    lines = [format_bead(b) for b in beads]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(line + "\n" for line in lines)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(lines)


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1 of an alignment against gold."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in self.__dict__.items()}

    def __str__(self) -> str:
        return (
            f"strict P {self.precision_strict:.3f} R {self.recall_strict:.3f} F1 {self.f1_strict:.3f} | "
            f"lax P {self.precision_lax:.3f} R {self.recall_lax:.3f} F1 {self.f1_lax:.3f}"
        )


_Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _pairs(beads: Iterable[Bead | _Pair]) -> list[_Pair]:
    out = []
    for b in beads:
        src, tgt = (b.src, b.tgt) if isinstance(b, Bead) else b
        out.append((tuple(src), tuple(tgt)))
    return out


def _counts(gold: Sequence[_Pair], test: Sequence[_Pair]) -> tuple[int, int, int, int]:
    """(strict right, strict wrong, lax right, lax wrong) over the distinct non-empty test beads."""
    test_set = {p for p in test if p[0] or p[1]}
    gold_set = {p for p in gold if p[0] or p[1]}
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            gold_targets[s].update(tgt)
    strict_ok = strict_bad = lax_ok = lax_bad = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            strict_ok += 1
            lax_ok += 1
            continue
        strict_bad += 1
        touched = set().union(*(gold_targets.get(s, set()) for s in src)) if src else set()
        if touched.intersection(tgt):
            lax_ok += 1
        else:
            lax_bad += 1
    return strict_ok, strict_bad, lax_ok, lax_bad


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_many(gold: Sequence[Iterable[Bead | _Pair]], test: Sequence[Iterable[Bead | _Pair]]) -> Scores:
    """Scores over several documents: gold[k] is the gold alignment of the document aligned as test[k]."""
    if len(gold) != len(test):
        raise ValueError(f"{len(gold)} gold alignments for {len(test)} test alignments")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for g, t in zip(gold, test):
        g_pairs, t_pairs = _pairs(g), _pairs(t)
        p = [a + b for a, b in zip(p, _counts(g_pairs, t_pairs))]
        g_full = [x for x in g_pairs if x[0] and x[1]]
        t_full = [x for x in t_pairs if x[0] and x[1]]
        r = [a + b for a, b in zip(r, _counts(t_full, g_full))]
    ps, pl = _ratio(p[0], p[0] + p[1]), _ratio(p[2], p[2] + p[3])
    rs, rl = _ratio(r[0], r[0] + r[1]), _ratio(r[2], r[2] + r[3])
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))


def score(gold: Iterable[Bead | _Pair], test: Iterable[Bead | _Pair]) -> Scores:
    """Scores of one alignment against its gold."""
    return score_many([list(gold)], [list(test)])
