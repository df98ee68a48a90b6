"""All-or-nothing output files.

A corpus writer may fail half way (bad input discovered late in a stream, a full disk, Ctrl-C); a
half-written TMX that looks complete is worse than none. Writers therefore fill a temporary file in
the destination's directory (same filesystem, so the final rename is atomic) and rename it only when
everything went well.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aligner.errors import InputError


@contextmanager
def atomic_paths(*paths: Path) -> Iterator[list[Path]]:
    """Temporary paths next to `paths`, renamed onto them when the block succeeds, removed otherwise.

    Several paths commit together (a Moses pair): either every file appears or none does.
    """
    temps: list[Path] = []
    try:
        for path in paths:
            temp = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # created like any new file (mode 0666 minus the umask), not 0600 as mkstemp would
                os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            except OSError as err:
                raise InputError(f"cannot write here: {err.strerror}", path) from None
            temps.append(temp)
        yield temps
        for temp, path in zip(temps, paths, strict=True):
            os.replace(temp, path)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
