"""A unit's metadata as named string properties, the same names in every format.

TMX `<prop type=...>`, XLIFF 1.2 `<context context-type=...>`, XLIFF 2 `<mda:meta type=...>` and
the TSV/JSONL columns all carry the same vocabulary, so a conversion is a change of syntax only:

- `x-origin` (mt, tm, aligned, human), `x-engine`, `x-quality` (0-100), `x-band`
- `x-terms` / `x-missed`: glossary source terms applied / expected but missing, `|`-separated
  (the glossary itself uses `|` between variants, so no term contains it)
- `x-document`, and `x-score-<name>` for each named quality component
- any other property a reader found (`Unit.props`) under its own name.

Numbers are written with `repr`, so a float survives a round trip bit for bit.
"""

from __future__ import annotations

from aligner.model import Unit

ORIGIN = "x-origin"
ENGINE = "x-engine"
QUALITY = "x-quality"
BAND = "x-band"
TERMS = "x-terms"
MISSED = "x-missed"
DOCUMENT = "x-document"
SCORE = "x-score-"
RESERVED = {ORIGIN, ENGINE, QUALITY, BAND, TERMS, MISSED, DOCUMENT}


def number(value: float) -> str:
    return repr(float(value))


def properties(unit: Unit, *, document: bool = True) -> list[tuple[str, str]]:
    """The unit's metadata as (name, value) pairs, in a stable order; empty fields are left out."""
    out = [(ORIGIN, unit.origin)]
    if unit.engine:
        out.append((ENGINE, unit.engine))
    if unit.quality is not None:
        out.append((QUALITY, number(unit.quality)))
    if unit.band:
        out.append((BAND, unit.band))
    if unit.terms:
        out.append((TERMS, "|".join(unit.terms)))
    if unit.missed:
        out.append((MISSED, "|".join(unit.missed)))
    if document and unit.document is not None:
        out.append((DOCUMENT, unit.document))
    out.extend((SCORE + name, number(value)) for name, value in unit.scores.items())
    out.extend((name, value) for name, value in unit.props.items() if name not in RESERVED and not name.startswith(SCORE))
    return out


def apply(unit: Unit, name: str, value: str) -> None:
    """Set the field a property names; anything unknown (or unparsable) is kept in `unit.props`."""
    try:
        if name == ORIGIN:
            unit.origin = value
        elif name == ENGINE:
            unit.engine = value
        elif name == QUALITY:
            unit.quality = float(value)
        elif name == BAND:
            unit.band = value
        elif name == TERMS:
            unit.terms = value.split("|") if value else []
        elif name == MISSED:
            unit.missed = value.split("|") if value else []
        elif name == DOCUMENT:
            unit.document = value
        elif name.startswith(SCORE) and len(name) > len(SCORE):
            unit.scores[name[len(SCORE):]] = float(value)
        else:
            unit.props[name] = value
    except ValueError:
        unit.props[name] = value
