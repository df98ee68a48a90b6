"""The translate job: briefing files in, bilingual corpora and a report per document out.

read → segment → glossary match → translation memory → engine (batched, through the cache) → term
check → quality estimation → write. This module owns what the stages do not: the progress bars, the
cache, per-document fault isolation (a bad file is reported and skipped, the others are written) and
atomic output (every file appears whole or not at all, so an interrupted run leaves nothing half
written and the next run resumes from the cache).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from aligner import __version__, formats, langs
from aligner.engines.base import Engine
from aligner.errors import InputError
from aligner.formats.atomic import atomic_paths
from aligner.model import Document, Segment, TermMatch, Unit

OUTPUT_SUFFIXES = {"tmx": ".tmx", "xliff": ".xlf", "xliff2": ".xlf2", "tsv": ".tsv", "jsonl": ".jsonl"}
DEFAULT_FORMATS = ("tmx", "xliff")


@dataclass
class TranslateOptions:
    """Everything `aligner translate` can be told; the defaults are the command's defaults."""

    src_lang: str = "zh"
    tgt_lang: str = "en"
    engine: str = "auto"
    model: str | None = None
    glossary: Path | None = None
    use_glossary: bool = True
    tm: list[Path] = field(default_factory=list)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    refs: list[Path] = field(default_factory=list)
    presegmented: bool = False
    src_locale: str | None = None
    tgt_locale: str | None = None
    cache: Path | None = None
    batch_size: int = 64
    progress: bool = True


@dataclass
class DocumentResult:
    """What one document produced, as the `--json` summary and the report show it."""

    input: Path
    outputs: list[Path]
    report: dict[str, Any]


@dataclass
class TranslateResult:
    documents: list[DocumentResult]
    errors: list[str]
    engine: str
    glossary: str

    @property
    def mean_quality(self) -> float | None:
        scored = [(d.report["mean_quality"], d.report["counts"]["segments"]) for d in self.documents if d.report["mean_quality"] is not None]
        total = sum(n for _, n in scored)
        return round(sum(q * n for q, n in scored) / total, 1) if total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "glossary": self.glossary,
            "mean_quality": self.mean_quality,
            "documents": [
                {
                    "input": str(d.input),
                    "outputs": [str(p) for p in d.outputs],
                    "segments": d.report["counts"]["segments"],
                    "mean_quality": d.report["mean_quality"],
                    "terms": d.report["terms"]["applied"],
                    "terms_missed": d.report["terms"]["missed"],
                }
                for d in self.documents
            ],
            "errors": self.errors,
        }


def check_formats(names: Sequence[str]) -> tuple[str, ...]:
    """The requested output formats, validated (`xlf`/`xliff` → XLIFF 1.2, `xlf2`/`xliff2` → 2.x)."""
    aliases = {"xlf": "xliff", "xlf2": "xliff2", "xliff1": "xliff", "xliff12": "xliff"}
    out: list[str] = []
    for name in names:
        name = aliases.get(name.strip().lower(), name.strip().lower())
        if name not in OUTPUT_SUFFIXES:
            raise InputError(f"unknown output format {name!r} (use {', '.join(OUTPUT_SUFFIXES)})")
        if name not in out:
            out.append(name)
    if not out:
        raise InputError("no output format given")
    return tuple(out)


def prepare_output_dir(out_dir: Path) -> None:
    """Create the folder and prove it writable now, before any model is loaded or any time is spent."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".aligner-probe-"):
            pass
    except FileExistsError:
        raise InputError("output path exists and is not a folder", out_dir) from None
    except OSError as err:
        raise InputError(f"output folder is not writable: {err.strerror}", out_dir) from None


def output_stems(paths: Sequence[Path]) -> dict[Path, str]:
    """Output name per input: its stem, or parent_stem where two inputs share a stem."""
    counts: dict[str, int] = {}
    for path in paths:
        counts[path.stem] = counts.get(path.stem, 0) + 1
    return {p: p.stem if counts[p.stem] == 1 else f"{p.parent.name}_{p.stem}" for p in paths}


@dataclass
class _Job:
    """What every document of one run shares."""

    src: str
    tgt: str
    src_locale: str
    tgt_locale: str
    glossary: Any
    glossary_digest: str
    memory: Any
    engine: Engine
    cache: Any
    presegmented: bool
    batch_size: int
    show: bool


def translate_files(
    inputs: Sequence[Path],
    out_dir: Path,
    options: TranslateOptions,
    *,
    engine_factory: Callable[[], Engine] | None = None,
    warn: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> TranslateResult:
    """Translate every input file into `out_dir`; bad files are reported through `warn` and skipped.

    Option errors (unknown language, no engine, unreadable glossary or TM, unwritable folder) raise
    InputError before any document is touched.
    """
    from aligner.cache import Cache
    from aligner.engines.memory import Memory
    from aligner.engines.select import open_engine
    from aligner.quality import estimate

    src, tgt = langs.base(options.src_lang), langs.base(options.tgt_lang)
    if src == tgt:
        raise InputError(f"--from-lang and --to-lang are both {src}")
    kinds = check_formats(options.formats)
    prepare_output_dir(out_dir)
    glossary = _open_glossary(options)
    memory = Memory(options.tm, src, tgt) if options.tm else None
    refs = _pair_references(list(inputs), options.refs)
    engine = engine_factory() if engine_factory else open_engine(options.engine, src, tgt, options.model)
    stems = output_stems(list(inputs))
    show = options.progress and sys.stderr.isatty()
    results: list[DocumentResult] = []
    errors: list[str] = []
    with Cache(options.cache) as cache:
        job = _Job(
            src=src,
            tgt=tgt,
            src_locale=langs.locale(options.src_locale or options.src_lang),
            tgt_locale=langs.locale(options.tgt_locale or options.tgt_lang),
            glossary=glossary,
            glossary_digest=glossary.digest if glossary is not None else "none",
            memory=memory,
            engine=engine,
            cache=cache,
            presegmented=options.presegmented,
            batch_size=options.batch_size,
            show=show,
        )
        for path in tqdm(inputs, desc="documents", unit="doc", disable=not show or len(inputs) < 2):
            try:
                doc = _read(path, src)
                units, engine_scores = _translate_document(doc, job)
                estimate(units, engine_scores)
                ref_scores = _score_references(units, refs[path], tgt) if path in refs else None
                report = _report(doc, units, job, ref_scores)
                outputs = _write(out_dir, stems[path], units, kinds, report, job)
                results.append(DocumentResult(path, outputs, report))
            except InputError as err:
                message = str(err) if err.path else f"{path}: {err}"
                errors.append(message)
                warn(f"aligner: error: {message} (skipped)")
    return TranslateResult(results, errors, engine.id, job.glossary_digest)


def _open_glossary(options: TranslateOptions) -> Any:
    if not options.use_glossary:
        return None
    from aligner import glossary

    return glossary.load(options.glossary or glossary.default_path())


def _read(path: Path, src: str) -> Document:
    from aligner.read import read_document

    doc = read_document(path)
    detected = langs.detect(doc.content)
    if detected != src:
        raise InputError(f"the text is in {detected}, not {src} (set --from-lang)", path)
    return doc


def _translate_document(doc: Document, job: _Job) -> tuple[list[Unit], list[float | None]]:
    """Units for every segment, TM matches first, the rest from the engine through the cache.

    Returns the units and the engine's own score per unit (None for TM matches), for quality estimation.
    """
    from aligner.glossary import check
    from aligner.segment import presegmented, segment_document

    segments = presegmented(doc, job.src) if job.presegmented else segment_document(doc, job.src)
    hints: list[list[TermMatch]] = [job.glossary.match(s.text, job.src) if job.glossary is not None else [] for s in segments]
    targets = [job.memory.lookup(s.text) if job.memory is not None else None for s in segments]
    todo = [i for i, target in enumerate(targets) if target is None]
    scores: list[float | None] = [None] * len(segments)
    with tqdm(total=len(todo), desc=doc.id, unit="sent", leave=False, disable=not job.show) as bar:
        hyps = job.cache.translate(
            job.engine,
            [segments[i].text for i in todo],
            [hints[i] for i in todo],
            job.glossary_digest,
            batch_size=job.batch_size,
            progress=bar.update,
        )
    for i, hyp in zip(todo, hyps):
        scores[i] = hyp.score
    machine = dict(zip(todo, hyps))
    units = []
    for i, (seg, matches) in enumerate(zip(segments, hints)):
        target = machine[i].text if i in machine else targets[i] or ""
        applied, missed = check(target, matches)
        units.append(
            Unit(
                source=seg.text,
                target=target,
                src_lang=job.src_locale,
                tgt_lang=job.tgt_locale,
                id=f"{doc.id}:{seg.index + 1}",
                origin="mt" if i in machine else "tm",
                engine=job.engine.id if i in machine else job.memory.id,
                terms=[m.source for m in applied],
                missed=[m.source for m in missed],
                document=doc.id,
            )
        )
    return units, scores


def _pair_references(inputs: list[Path], refs: list[Path]) -> dict[Path, Path]:
    """Which reference scores which input: the only one for a single input, else by file stem."""
    if not refs:
        return {}
    if len(inputs) == 1 and len(refs) == 1:
        return {inputs[0]: refs[0]}
    by_stem = {ref.stem: ref for ref in refs}
    paired = {path: by_stem[path.stem] for path in inputs if path.stem in by_stem}
    unmatched = sorted(set(by_stem) - {p.stem for p in paired})
    if unmatched:
        raise InputError(f"reference has no input of the same name: {', '.join(unmatched)}", refs[0].parent)
    return paired


def _score_references(units: list[Unit], ref_path: Path, tgt: str) -> dict[str, Any]:
    from aligner.quality.reference import evaluate
    from aligner.quality.report import read_segments

    refs = read_segments(ref_path).texts
    if len(refs) != len(units):
        raise InputError(f"{len(refs)} reference segments for {len(units)} translated segments", ref_path)
    scores = evaluate([u.target for u in units], refs, tgt)
    return {
        "reference": str(ref_path),
        **{name: round(s.score, 2) for name, s in scores.items()},
        "signatures": {name: s.signature for name, s in scores.items()},
    }


def _report(doc: Document, units: list[Unit], job: _Job, ref_scores: dict[str, Any] | None) -> dict[str, Any]:
    """The per-document report: provenance, counts, quality and glossary adherence, the units to review."""
    from aligner.quality import summarise

    summary = summarise(units)
    applied = sum(len(u.terms) for u in units)
    missed = sum(len(u.missed) for u in units)
    return {
        "document": doc.id,
        "input": str(doc.path),
        "title": doc.title,
        "url": doc.url,
        "aligner": __version__,
        "engine": job.engine.id,
        "glossary": job.glossary_digest,
        "languages": {"source": job.src_locale, "target": job.tgt_locale},
        "counts": {
            "segments": len(units),
            "mt": sum(u.origin == "mt" for u in units),
            "tm": sum(u.origin == "tm" for u in units),
            "good": summary.good,
            "review": summary.review,
            "bad": summary.bad,
        },
        "mean_quality": None if summary.mean is None else round(summary.mean, 1),
        "terms": {
            "applied": applied,
            "missed": missed,
            "adherence": None if applied + missed == 0 else round(100 * applied / (applied + missed), 1),
            "missed_terms": sorted({t for u in units for t in u.missed}),
        },
        "low_quality": [
            {"id": u.id, "quality": u.quality, "band": u.band, "source": u.source, "target": u.target, "notes": u.notes}
            for u in units
            if u.band in ("review", "bad")
        ],
        "reference": ref_scores,
    }


def _write(out_dir: Path, stem: str, units: list[Unit], kinds: Sequence[str], report: dict[str, Any], job: _Job) -> list[Path]:
    """Every requested corpus, then the report; each file appears whole or not at all."""
    outputs = []
    for kind in kinds:
        path = out_dir / f"{stem}{OUTPUT_SUFFIXES[kind]}"
        formats.write(path, units, src_locale=job.src_locale, tgt_locale=job.tgt_locale, fmt=kind)
        outputs.append(path)
    report_path = out_dir / f"{stem}.report.json"
    with atomic_paths(report_path) as (temp,):
        temp.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    outputs.append(report_path)
    return outputs
