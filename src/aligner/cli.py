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
