"""The one exception type the CLI turns into a one-line message and exit code 2.

Library code raises `InputError` for anything the user can fix (a bad file, a wrong option); every
other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input or bad usage: the message names the file (when there is one) and the problem."""

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = None if path is None else str(path)
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
