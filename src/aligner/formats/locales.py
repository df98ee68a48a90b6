"""Which locale a unit's language is written as.

Writers are told the corpus locales (`zh-TW`, `en-GB`, ...) while units may carry only the default
ones; a unit whose language has the same base as a corpus locale is written with that locale, so a
caller never gets a header saying `zh-TW` over segments saying `zh-CN`. Units in other languages (a
corpus mixing directions) keep their own.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def primary(code: str) -> str:
    """The primary language subtag, lower-case: `zh-Hans-CN` → `zh`."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


class LocaleMap:
    def __init__(self, src_locale: str, tgt_locale: str) -> None:
        self.src = src_locale
        self.tgt = tgt_locale
        same = primary(src_locale) == primary(tgt_locale)
        self._by_base = {} if same else {primary(src_locale): src_locale, primary(tgt_locale): tgt_locale}

    def __call__(self, code: str) -> str:
        return self._by_base.get(primary(code), code)


def matches(code: str, wanted: str | None) -> bool:
    """Whether a file's locale is the language a caller asked for (any region or script)."""
    return wanted is None or primary(code) == primary(wanted)
