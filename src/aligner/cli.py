"""The `aligner` command line: option parsing only; the work is done by the library."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import click
import typer
from typer.core import TyperGroup

from aligner import __version__
from aligner.errors import InputError


class _Commands(TyperGroup):
    """Turns the library's InputError into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except InputError as err:
            typer.echo(f"aligner: error: {err}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Commands,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Segment, translate offline, align and score Chinese/English press briefings into TMX/XLIFF corpora.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aligner {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Segment, translate offline, align and score Chinese/English press briefings into TMX/XLIFF corpora."""


@app.command()
def translate(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Briefing files, folders (searched recursively for *.txt, *.html, *.htm) or globs."),
    output: Path = typer.Option(Path("corpora"), "-o", "--output", help="Folder for the corpora and reports (created if missing)."),
    from_lang: str = typer.Option("zh", "--from-lang", help="Source language (zh or en; a locale such as zh-TW is written into the outputs)."),
    to_lang: str = typer.Option("en", "--to-lang", help="Target language (en or zh, or a locale such as en-GB)."),
    engine: str = typer.Option("auto", "--engine", help="auto (an installed argos package for the pair, else the demo LLM), argos, or llm."),
    model: str | None = typer.Option(None, "--model", help="GGUF file for the llm engine (default: the installed demo model)."),
    glossary: Path | None = typer.Option(None, "--glossary", help="Glossary to enforce (.tsv/.csv/.tbx/OmegaT); default: the bundled diplomatic glossary."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without any glossary override."),
    tm: list[Path] = typer.Option([], "--tm", help="Translation memory (TMX, XLIFF, TSV, JSONL) whose exact matches are used before MT; repeatable."),
    fmt: str = typer.Option("tmx,xliff", "--format", help="Comma-separated outputs: tmx, xliff (1.2), xliff2, tsv, jsonl."),
    ref: list[Path] = typer.Option([], "--ref", help="Reference translation (one segment a line, or a corpus) to score against; repeatable, matched to inputs by file name."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Input has one sentence per line: do not segment."),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable summary on stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars and no summary lines on stderr."),
    min_quality: float | None = typer.Option(None, "--min-quality", min=0, max=100, help="Exit with code 1 when the mean quality (0-100) is below this, after writing the outputs."),
) -> None:
    """Translate briefings offline into TMX/XLIFF corpora, with the glossary enforced and every unit scored.

    Writes OUTPUT/<name>.tmx, <name>.xlf (and .xlf2, .tsv, .jsonl on request) and <name>.report.json per input. A bad file is reported and skipped (exit code 2 at the end); translations are cached, so an interrupted run resumes where it stopped.
    """
    from aligner.pipeline import TranslateOptions, translate_files
    from aligner.quality import gate
    from aligner.read.discover import find_inputs

    options = TranslateOptions(
        src_lang=from_lang,
        tgt_lang=to_lang,
        engine=engine,
        model=model,
        glossary=glossary,
        use_glossary=not no_glossary,
        tm=list(tm),
        formats=tuple(fmt.split(",")),
        refs=list(ref),
        presegmented=presegmented,
        progress=not quiet,
    )
    result = translate_files(find_inputs(inputs), output, options)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
    if not quiet:
        for doc in result.documents:
            quality = doc.report["mean_quality"]
            terms = doc.report["terms"]
            typer.echo(
                f"{doc.input} → {', '.join(str(p) for p in doc.outputs)}: {doc.report['counts']['segments']} segments, "
                f"mean quality {'n/a' if quality is None else f'{quality:.1f}'}, "
                f"glossary terms {terms['applied']} applied / {terms['missed']} missed",
                err=True,
            )
    if result.errors:
        raise typer.Exit(2)
    if not gate(result.mean_quality, min_quality):
        typer.echo(f"aligner: mean quality {result.mean_quality} is below --min-quality {min_quality:g}", err=True)
        raise typer.Exit(1)


class SegmentLang(str, Enum):
    zh = "zh"
    en = "en"
    auto = "auto"


@app.command()
def segment(
    file: Path = typer.Argument(..., help="A briefing: seed format (title:/url:/content:), plain text or HTML."),
    lang: SegmentLang = typer.Option(SegmentLang.auto, "--lang", help="Language of the file; auto detects it from the script."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per segment, with paragraph and character offsets."),
) -> None:
    """Split a briefing into sentences, one per line."""
    from aligner.read import read_document
    from aligner.segment import segment_document

    doc = read_document(file)
    segments = segment_document(doc, None if lang is SegmentLang.auto else lang.value)
    for seg in segments:
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "document": seg.document,
                        "index": seg.index,
                        "paragraph": seg.paragraph,
                        "start": seg.start,
                        "end": seg.end,
                        "lang": seg.lang,
                        "text": seg.text,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            typer.echo(seg.text)


models_app = typer.Typer(no_args_is_help=True, help="List and install translation models: argos packages and the demo LLM.")
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """Show the installed argos packages (pair, version, folder) and the demo LLM when installed."""
    from aligner.engines import packages

    rows = [(p.pair, "argos", p.version, str(p.path)) for p in packages.installed()]
    try:
        from aligner.engines import demo
    except ImportError:
        demo = None
    demo_path = demo.installed_demo() if demo is not None else None
    if demo_path is not None:
        rows.append(("zh-en en-zh", "llm", "demo", str(demo_path)))
    if not rows:
        typer.echo("no models installed; try `aligner models install zh en`, `aligner models install FILE.argosmodel` or `aligner models install demo`")
        return
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])


@models_app.command("install")
def models_install(
    what: list[str] = typer.Argument(..., metavar="FROM TO | FILE.argosmodel | demo", help="A language pair (zh en), a downloaded .argosmodel file, or `demo` for the demo LLM."),
) -> None:
    """Install an argos package for a pair (needs network), from a .argosmodel file, or the demo LLM.

    `install zh en` downloads the newest package for the pair from the argos package index; without
    network it fails in one line. `install FILE.argosmodel` installs a package file, offline.
    `install demo` installs the demo LLM.
    """
    from aligner.engines import packages

    if what == ["demo"]:
        from aligner.engines.demo import install_demo

        typer.echo(f"installed the demo LLM: {install_demo()}")
        return
    if len(what) == 2:
        pkg = packages.install_pair(*what)
    elif len(what) == 1:
        pkg = packages.install_file(what[0])
    else:
        raise InputError("give a language pair (aligner models install zh en), a FILE.argosmodel, or demo")
    typer.echo(f"installed argos {pkg.pair} {pkg.version} in {pkg.path}")


glossary_app = typer.Typer(no_args_is_help=True, help="Check and convert glossary files, and look up the terms of a text.")
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("check")
def glossary_check(
    file: Path = typer.Argument(..., help="A glossary: TSV (zh en variants note source), CSV, TBX or OmegaT .txt/.utf8."),
) -> None:
    """Report duplicates, conflicting renderings, empty and whitespace-padded fields; exit 1 on errors."""
    from aligner import glossary

    problems = glossary.inspect(file)
    for p in problems:
        typer.echo(f"{file}:{p.line}: {p.severity}: {p.message}")
    errors = sum(p.severity == "error" for p in problems)
    entries = len(glossary.read_rows(file))
    typer.echo(f"{file}: {entries} entries, {errors} errors, {len(problems) - errors} warnings")
    if errors:
        raise typer.Exit(1)


@glossary_app.command("lookup")
def glossary_lookup(
    text: str = typer.Argument(..., help="The text to look terms up in."),
    from_lang: str = typer.Option("zh", "--from-lang", help="Language of TEXT: zh or en."),
    glossary_file: Path = typer.Option(None, "--glossary", help="Glossary file; default: the bundled diplomatic glossary."),
) -> None:
    """List the glossary terms found in TEXT: character offsets, term, approved rendering, variants."""
    from aligner import glossary

    gloss = glossary.load(glossary_file or glossary.default_path())
    for line in glossary.describe(gloss.match(text, from_lang)):
        typer.echo(line)


@glossary_app.command("convert")
def glossary_convert(
    source: Path = typer.Argument(..., help="The glossary to read: .tsv, .csv, .tbx or OmegaT .txt/.utf8."),
    target: Path = typer.Argument(..., help="The glossary to write, format from the extension (same choices)."),
) -> None:
    """Convert a glossary between TSV, CSV, TBX and OmegaT, format from the extensions.

    TSV, CSV and TBX keep every column; OmegaT keeps variants, note and source in its comment column.
    """
    from aligner import glossary

    gloss = glossary.load(source)
    glossary.write(target, gloss)
    typer.echo(f"wrote {len(gloss)} entries to {target}")


@app.command()
def convert(
    input: Path = typer.Argument(..., metavar="IN", help="Corpus to read: .tmx, .xlf/.xliff (1.2 or 2.x, detected), .xlf2, .tsv, .jsonl, or one file of a Moses pair (corpus.zh reads corpus.zh + corpus.en)."),
    output: Path = typer.Argument(..., metavar="OUT", help="Corpus to write; its extension picks the format: .tmx, .xlf/.xliff (XLIFF 1.2), .xlf2 (XLIFF 2.1), .tsv, .jsonl, .zh/.en (Moses pair)."),
    from_lang: str | None = typer.Option(None, "--from-lang", help="Source language to take (zh, en, zh-TW, ...): picks it from a multilingual TMX; a file without it is an error."),
    to_lang: str | None = typer.Option(None, "--to-lang", help="Target language to take, checked the same way."),
    fmt: str | None = typer.Option(None, "--format", help="Output format instead of the extension: tmx, xliff, xliff2, tsv, jsonl or moses (OUTPUT is then the prefix: corpus → corpus.zh + corpus.en)."),
    xliff_version: str | None = typer.Option(None, "--xliff-version", help="XLIFF version to write: 1.2, or 2 / 2.0 / 2.1 / 2.2 (also for a .xlf output)."),
) -> None:
    """Convert a bilingual corpus between TMX, XLIFF 1.2/2.x, TSV, JSONL and Moses without losing unit metadata.

    Streams: a corpus of any size converts in constant memory; the output appears only when complete.
    """
    from itertools import chain

    from tqdm import tqdm

    from aligner import formats

    units = formats.read(input, src_lang=from_lang, tgt_lang=to_lang)
    first = next(units, None)
    if first is None:
        raise InputError("no translation units to convert", input)
    progress = tqdm(chain([first], units), unit=" TU", disable=None, desc="converting", leave=False)
    count = formats.write(
        output, progress, src_locale=first.src_lang, tgt_locale=first.tgt_lang, fmt=fmt, xliff_version=xliff_version
    )
    typer.echo(f"converted {count} units: {input} → {output}", err=True)


@app.command()
def score(
    hyp: Path = typer.Argument(..., help="Translations to score: plain text (one segment a line), or TMX/XLIFF/TSV/JSONL (targets are read, sources come along)."),
    ref: Path = typer.Argument(..., help="References, same segments in the same order: plain text or TMX/XLIFF/TSV/JSONL (targets are read)."),
    src: Path | None = typer.Option(None, "--src", help="Sources, one a line (or a corpus file): enables term accuracy and quality estimation. Without it, the sources of a corpus HYP or REF are used."),
    glossary: Path | None = typer.Option(None, "--glossary", help="Glossary (.tsv/.csv/.tbx/OmegaT) for term accuracy: the share of matched terms whose approved rendering is in HYP."),
    to_lang: str | None = typer.Option(None, "--to-lang", help="Target language (zh or en); detected from REF when omitted. Chinese targets use tokenize=zh."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: bleu, chrf, ter, signatures, n_segments, term_accuracy, quality, bands."),
    per_segment: bool = typer.Option(False, "--per-segment", help="Also score every segment (sentence BLEU with effective order, chrF, TER, QE and its reasons)."),
    min_quality: float | None = typer.Option(None, "--min-quality", min=0, max=100, help="Exit with code 1 when the mean quality estimate (0-100) is below this; needs sources."),
) -> None:
    """Score translations against references: sacrebleu BLEU, chrF and TER with signatures, term accuracy, and the reference-free quality estimate."""
    from aligner.quality.report import score_files

    gloss = None
    if glossary is not None:
        from aligner.glossary import load

        gloss = load(glossary)
    report = score_files(hyp, ref, src=src, glossary=gloss, to_lang=to_lang, per_segment=per_segment, min_quality=min_quality)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for line in report.lines():
            typer.echo(line)
    if not report.passed:
        mean = report.summary.mean if report.summary else None
        typer.echo(f"aligner: quality {mean:.1f} is below --min-quality {min_quality:g}", err=True)
        raise typer.Exit(1)


class AlignMethod(str, Enum):
    auto = "auto"
    embed = "embed"
    length = "length"


@app.command()
def align(
    src: Path = typer.Argument(..., help="The original briefing (seed format, plain text or HTML)."),
    tgt: Path = typer.Argument(..., help="Its translation, in any readable format."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Where to write: .align (beads like [0,1]:[0]), .tmx, .xlf (XLIFF 1.2), .xlf2, .tsv or .jsonl. Default: beads on stdout."),
    method: AlignMethod = typer.Option(AlignMethod.auto, "--method", help="embed: multilingual sentence embeddings + lengths + anchors; length: Gale-Church lengths only; auto: embed, or length when no embedding model loads."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each non-empty line is one sentence: do not segment."),
    from_lang: str | None = typer.Option(None, "--from-lang", help="Language of SRC (zh, en); detected when not given."),
    to_lang: str | None = typer.Option(None, "--to-lang", help="Language of TGT; detected when not given."),
    gold: Path | None = typer.Option(None, "--gold", help="A gold alignment in bead format: print strict and lax precision, recall and F1."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary (counts, output, scores) instead of text."),
) -> None:
    """Align the sentences of a briefing and its translation into beads or a bilingual corpus.

    Merged, split, left-out and added sentences become 1-2, 2-1, 1-0 and 0-1 beads. Every bead gets a score in [0, 1] (x-quality 0-100 in corpora); beads with an empty side are left out of corpora.
    """
    from aligner.align import job
    from aligner.align.evaluate import format_bead

    report = job.run(
        src, tgt, output, method=method.value, presegmented=presegmented, src_lang=from_lang, tgt_lang=to_lang, gold=gold
    )
    if output is None and not as_json:
        for bead in report.beads:
            typer.echo(format_bead(bead))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    summary = (
        f"aligned {report.src_sentences} {report.src_lang} and {report.tgt_sentences} {report.tgt_lang} sentences "
        f"into {len(report.beads)} beads ({report.unaligned} with an empty side)"
    )
    if output is not None:
        left_out = "" if output.suffix.lower() == ".align" else f"; {report.unaligned} unaligned sentences left out"
        summary += f": wrote {report.written} to {output}{left_out}"
    typer.echo(summary, err=True)
    if report.scores is not None:
        typer.echo(str(report.scores))
