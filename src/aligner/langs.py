"""Language codes: what users type (zh, zh-CN, zh-Hans, en, en-GB) to what the code and outputs use.

Internally a language is its base code (`zh`, `en`); outputs carry a BCP-47 locale (`zh-CN`, `en-US`
by default, configurable).
"""

from __future__ import annotations

import re

from aligner.errors import InputError

SUPPORTED = ("zh", "en")
DEFAULT_LOCALES = {"zh": "zh-CN", "en": "en-US"}
_ALIASES = {"cmn": "zh", "chi": "zh", "zho": "zh", "eng": "en"}
_CODE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def base(code: str) -> str:
    """The base language of a code: `zh-Hans-CN` → `zh`. Raises InputError for unsupported ones."""
    if not _CODE.match(code.strip()):
        raise InputError(f"not a language code: {code!r} (use zh or en)")
    primary = re.split(r"[-_]", code.strip())[0].lower()
    primary = _ALIASES.get(primary, primary)
    if primary not in SUPPORTED:
        raise InputError(f"unsupported language {code!r} (supported: {', '.join(SUPPORTED)})")
    return primary


def locale(code: str) -> str:
    """The BCP-47 locale for outputs: a bare `zh` becomes `zh-CN`, a full locale is kept as given."""
    lang = base(code)
    parts = re.split(r"[-_]", code.strip())
    if len(parts) == 1:
        return DEFAULT_LOCALES[lang]
    return "-".join([lang] + [p.upper() if len(p) == 2 else p.title() for p in parts[1:]])


def detect(text: str) -> str:
    """zh or en, by script: any notable share of Han characters means Chinese.

    Chinese briefings are full of Latin acronyms and digits (RCEP, 5G, 2020), and English ones rarely
    contain Han, so Han characters count five-fold against Latin letters.
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han == 0 and latin == 0:
        raise InputError("cannot detect the language: no Chinese or Latin letters")
    return "zh" if han * 5 >= latin else "en"
