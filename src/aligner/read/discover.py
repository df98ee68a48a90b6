"""Expanding what the user typed (files, folders, globs) into the list of briefing files to process."""

from __future__ import annotations

import glob
from pathlib import Path

from aligner.errors import InputError

BRIEFING_SUFFIXES = (".txt", ".html", ".htm")


def find_inputs(inputs: list[str | Path]) -> list[Path]:
    """Files as given, folders searched recursively for briefings, globs expanded; sorted, no repeats.

    A name that matches nothing is an error rather than a silent no-op: a typo must not yield an empty
    corpus.
    """
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in BRIEFING_SUFFIXES)
            if not matches:
                raise InputError(f"no briefing files ({', '.join(BRIEFING_SUFFIXES)}) in this folder", path)
            found.extend(matches)
        elif path.exists():
            found.append(path)
        elif glob.has_magic(str(item)):
            matches = sorted(Path(p) for p in glob.glob(str(item), recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError("no file matches this pattern", item)
            found.extend(matches)
        else:
            raise InputError("no such file", path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)
