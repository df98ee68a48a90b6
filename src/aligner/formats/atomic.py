"""All-or-nothing output files.

A corpus writer may fail half way (bad input discovered late in a stream, a full disk, Ctrl-C); a
half-written TMX that looks complete is worse than none. Writers therefore fill a temporary file in
the destination's directory (same filesystem, so the final rename is atomic) and rename it only when
everything went well.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_paths(*paths: Path) -> Iterator[list[Path]]:
    """Temporary paths next to `paths`, renamed onto them when the block succeeds, removed otherwise.

    Several paths commit together (a Moses pair): either every file appears or none does.
    """
    temps: list[Path] = []
    try:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            os.close(fd)
            temps.append(Path(name))
        yield temps
        for temp, path in zip(temps, paths, strict=True):
            os.replace(temp, path)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
