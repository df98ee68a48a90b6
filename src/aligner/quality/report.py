"""The `aligner score` job: read hypotheses, references and sources, and report every figure at once.

Inputs are plain text (one segment a line, as sacrebleu reads them) or bilingual corpora (TMX, XLIFF,
TSV, JSONL: the targets are the segments, and a hypothesis corpus brings its sources along). The
report's JSON form is an interface others rely on: `bleu`, `chrf`, `ter` (sacrebleu's 0-100 scale),
`signatures`, `n_segments`, `term_accuracy` (0-100, with a glossary), `quality` (mean QE, with sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner import langs
from aligner.errors import InputError
from aligner.model import Unit
from aligner.quality.qe import Summary, estimate, gate, summarise
from aligner.quality.reference import MetricScore, evaluate
from aligner.quality.terms import TermAccuracy, check_terms, term_accuracy

if TYPE_CHECKING:
    from aligner.glossary import Glossary

CORPUS_SUFFIXES = (".tmx", ".xlf", ".xliff", ".xlf2", ".tsv", ".jsonl")
_LABELS = {"bleu": "BLEU", "chrf": "chrF2", "ter": "TER"}


@dataclass
class Segments:
    """The segments of one input file; `units` when it was a corpus (they carry sources and languages)."""

    path: Path
    texts: list[str]
    units: list[Unit] | None = None

    @property
    def sources(self) -> list[str] | None:
        return None if self.units is None else [u.source for u in self.units]


def read_segments(path: str | Path) -> Segments:
    """Plain text (UTF-8/16/GB18030, one segment a line) or a corpus file by its extension."""
    path = Path(path)
    if path.suffix.lower() in CORPUS_SUFFIXES:
        from aligner import formats

        units = list(formats.read(path))
        if not units:
            raise InputError("no translation units", path)
        return Segments(path, [u.target for u in units], units)
    from aligner.read.encoding import read_text

    text = read_text(path)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return Segments(path, lines)


@dataclass
class Report:
    """Everything `aligner score` prints."""

    tgt_lang: str
    n_segments: int
    metrics: dict[str, MetricScore]
    terms: TermAccuracy | None = None
    units: list[Unit] | None = None
    summary: Summary | None = None
    min_quality: float | None = None
    per_segment: bool = False

    @property
    def passed(self) -> bool:
        """Whether the --min-quality gate (if any) passes."""
        return gate(self.summary.mean if self.summary else None, self.min_quality)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n_segments": self.n_segments, "tgt_lang": self.tgt_lang}
        for name, m in self.metrics.items():
            out[name] = round(m.score, 4)
        out["signatures"] = {name: m.signature for name, m in self.metrics.items()}
        if self.terms is not None:
            out["term_accuracy"] = None if self.terms.score is None else round(self.terms.score, 4)
            out["terms"] = {"applied": self.terms.applied, "total": self.terms.total}
        if self.summary is not None:
            out["quality"] = None if self.summary.mean is None else round(self.summary.mean, 2)
            out["bands"] = {"good": self.summary.good, "review": self.summary.review, "bad": self.summary.bad}
        if self.min_quality is not None:
            out["min_quality"] = self.min_quality
            out["passed"] = self.passed
        if self.per_segment:
            out["segments"] = [self._segment(i) for i in range(self.n_segments)]
        return out

    def _segment(self, i: int) -> dict[str, Any]:
        seg: dict[str, Any] = {"index": i + 1}
        for name, m in self.metrics.items():
            seg[name] = round(m.segments[i], 4) if m.segments is not None else None
        if self.terms is not None:
            acc = self.terms.segments[i]
            seg["term_accuracy"] = None if acc is None else round(acc, 4)
        if self.units is not None:
            unit = self.units[i]
            seg.update(quality=unit.quality, band=unit.band, scores=unit.scores, notes=unit.notes)
            if self.terms is not None:
                seg["missed_terms"] = unit.missed
        return seg

    def lines(self) -> list[str]:
        """The human-readable report: sacrebleu-style score lines, then a table per segment if asked."""
        out = [f"{_LABELS[name]} = {m.score:.2f}  {m.signature}" for name, m in self.metrics.items()]
        if self.terms is not None:
            score = "n/a" if self.terms.score is None else f"{self.terms.score:.2f}"
            out.append(f"term accuracy = {score}  ({self.terms.applied} of {self.terms.total} glossary terms applied)")
        if self.summary is not None and self.summary.mean is not None:
            s = self.summary
            out.append(f"quality (QE) = {s.mean:.1f}  (good {s.good}, review {s.review}, bad {s.bad})")
        out.append(f"segments = {self.n_segments}")
        if self.per_segment:
            header = ["#", "BLEU", "chrF2", "TER"]
            if self.terms is not None:
                header.append("terms")
            if self.units is not None:
                header += ["quality", "band", "notes"]
            out.append("\t".join(header))
            for i in range(self.n_segments):
                seg = self._segment(i)
                row = [str(i + 1)] + [f"{seg[name]:.2f}" for name in self.metrics]
                if self.terms is not None:
                    row.append("-" if seg["term_accuracy"] is None else f"{seg['term_accuracy']:.0f}")
                if self.units is not None:
                    row += [f"{seg['quality']:.1f}", str(seg["band"]), " | ".join(n.removeprefix("quality: ") for n in seg["notes"])]
                out.append("\t".join(row))
        return out


def _other(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def score_files(
    hyp: str | Path,
    ref: str | Path,
    *,
    src: str | Path | None = None,
    glossary: Glossary | None = None,
    to_lang: str | None = None,
    per_segment: bool = False,
    min_quality: float | None = None,
) -> Report:
    """Score HYP against REF: sacrebleu metrics always; with sources, term accuracy (given a glossary)
    and the reference-free quality estimate of every segment.

    Sources come from `src`, else from a corpus HYP, else from a corpus REF. Raises InputError when
    the files disagree on their number of segments, or when term accuracy or a quality gate is asked
    for without sources.
    """
    hyps = read_segments(hyp)
    refs = read_segments(ref)
    if len(hyps.texts) != len(refs.texts):
        raise InputError(f"{len(hyps.texts)} segments, but the reference {refs.path} has {len(refs.texts)}", hyps.path)
    if not hyps.texts:
        raise InputError("no segments to score", hyps.path)
    sources = None
    if src is not None:
        srcs = read_segments(src)
        sources = srcs.sources if srcs.units is not None else srcs.texts
        if len(sources) != len(hyps.texts):
            raise InputError(f"{len(sources)} sources, but the hypothesis {hyps.path} has {len(hyps.texts)} segments", srcs.path)
    elif hyps.units is not None:
        sources = hyps.sources
    elif refs.units is not None:
        sources = refs.sources
    if sources is None and (glossary is not None or min_quality is not None):
        what = "--glossary" if glossary is not None else "--min-quality"
        raise InputError(f"{what} needs the sources: give --src, or a TMX/XLIFF file as HYP or REF", hyps.path)

    if to_lang is not None:
        tgt = langs.base(to_lang)
    elif hyps.units is not None:
        tgt = langs.base(hyps.units[0].tgt_lang)
    else:
        try:
            tgt = langs.detect("\n".join(refs.texts[:200]))
        except InputError as err:
            raise InputError(f"{err.problem}; give --to-lang", refs.path) from None
    metrics = evaluate(hyps.texts, refs.texts, tgt, per_segment=per_segment)
    report = Report(tgt, len(hyps.texts), metrics, min_quality=min_quality, per_segment=per_segment)
    if sources is None:
        return report

    src_lang = _other(tgt)
    if hyps.units is not None and src is None:
        units = hyps.units
    else:
        units = [
            Unit(s, h, src_lang=langs.locale(src_lang), tgt_lang=langs.locale(tgt), id=str(i + 1))
            for i, (s, h) in enumerate(zip(sources, hyps.texts, strict=True))
        ]
    if glossary is not None:
        check_terms(units, glossary)
        report.terms = term_accuracy(units)
    estimate(units)
    report.units = units
    report.summary = summarise(units)
    return report
