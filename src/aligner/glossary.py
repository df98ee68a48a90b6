"""The diplomatic-term glossary: loading, matching, protecting terms through MT, and checking adherence.

Files: UTF-8 TSV with the header `zh  en  variants  note  source` (the project's own format, see
glossary/README.md), CSV with the same columns, TBX (v2 `martif`/`termEntry` and v3
`tbx`/`conceptEntry`), and OmegaT glossaries (`.txt`/`.utf8`/`.tab`: `source<TAB>target<TAB>comment`,
`#` comments, no header). Variants are other acceptable English renderings, `|`-separated.

Matching is leftmost-longest: at the leftmost position where any term starts the longest one wins
(一带一路倡议 over 一带一路), and the scan resumes after it, so matches never overlap. Full-width
characters and dash variants count as their plain forms (中国－东盟 is 中国—东盟, Ｇ２０ is G20), in
matching and in the adherence check.

"Never inside a longer word". English sources are matched case-insensitively on whole words: a match
must not touch a letter or digit on either side. Chinese has no spaces, and a general-purpose word
segmenter is the wrong tool here: it treats 中美关系 as one word and would hide the term 中美 inside
it. Instead the matcher knows the longer words themselves. Two lists take part in the same
leftmost-longest scan as the terms: the glossary's own entries (中美洲 "Central America" in the
glossary simply wins over 中美 by length) and a stop-list of common words that contain a likely term
without meaning it (`BLOCKERS`: 中美洲, 美中不足, 中非共和国 ...). When the longest candidate at a position
is a blocker, its span is skipped and yields no term. Extend the stop-list (or the glossary) when a
new false match turns up; `aligner glossary lookup TEXT` shows what fires. Latin-script terms inside
Chinese text (RCEP, G20) additionally must not touch a Latin letter or digit, so G20 does not fire
in G200.

Protection for the argos engine (`protect` / `restore`): NMT models have no glossary input, so the
approved rendering is put into the source and guaranteed in the output. Two strategies, measured
with `benchmarks/argos_batch.py` (figures in the README): "insert" replaces the term in the source by
its approved rendering (the model tends to copy foreign-script spans), "placeholder" replaces it by
an opaque token (`ZQX1`) that restore swaps back. Either way `restore` guarantees the result: a
rendering or placeholder the model kept is normalised to the approved form, stray placeholders are
removed, and a term the model dropped is inserted at the word boundary nearest the relative position
it had in the source.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Literal, Sequence

from aligner import langs
from aligner.errors import InputError
from aligner.model import TermMatch

COLUMNS = ("zh", "en", "variants", "note", "source")

BLOCKERS: frozenset[str] = frozenset(
    {
        # Words that contain a likely glossary term (中美, 中非, 美中, 中东, 日本, 南海 ...) without
        # meaning it. Each is a word in its own right; a glossary entry for it takes precedence.
        "中美洲",
        "南美洲",
        "北美洲",
        "美中不足",
        "中非共和国",
        "中东欧",
        "中南海",
        "中南半岛",
        "日本海",
        "中英文",
        "中日文",
        "中俄文",
        "中韩文",
        "中西部",
        "中西医",
    }
)

_ALNUM_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Entry:
    """One glossary entry: a Chinese term, its approved English rendering and what backs it up."""

    zh: str
    en: str
    variants: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class _Candidate:
    target: str
    variants: tuple[str, ...]
    blocker: bool = False


class Glossary:
    """A loaded glossary with a leftmost-longest matcher per source language.

    When a term is listed twice the first entry wins (`aligner glossary check` reports the duplicate).
    """

    def __init__(self, entries: Iterable[Entry], path: Path | None = None) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.path = path
        self._indexes: dict[str, tuple[dict[str, _Candidate], list[int]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def digest(self) -> str:
        """sha256 over what decides the hints an engine gets (terms, renderings, variants and the
        built-in stop-list), for cache keys: notes and sources do not change a translation, so
        editing them keeps cached hypotheses valid."""
        h = hashlib.sha256("\n".join(sorted(BLOCKERS)).encode("utf-8"))
        for e in self.entries:
            h.update("\t".join((e.zh, e.en, "|".join(e.variants))).encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()

    def _index(self, src_lang: str) -> tuple[dict[str, _Candidate], list[int]]:
        if src_lang not in self._indexes:
            table: dict[str, _Candidate] = {}
            if src_lang == "zh":
                for word in BLOCKERS:
                    table[_fold(word, "zh")] = _Candidate("", (), blocker=True)
                for e in self.entries:
                    key = _fold(e.zh, "zh")
                    if key not in table or table[key].blocker:
                        table[key] = _Candidate(e.en, e.variants)
            else:
                for e in self.entries:
                    table.setdefault(_fold(e.en, "en"), _Candidate(e.zh, ()))
                for e in self.entries:
                    for variant in e.variants:
                        table.setdefault(_fold(variant, "en"), _Candidate(e.zh, ()))
            lengths = sorted({len(k) for k in table}, reverse=True)
            self._indexes[src_lang] = (table, lengths)
        return self._indexes[src_lang]

    def match(self, text: str, src_lang: str) -> list[TermMatch]:
        """Glossary terms in `text`, leftmost-longest, never inside a longer word (see module doc)."""
        lang = langs.base(src_lang)
        table, lengths = self._index(lang)
        haystack = _fold(text, lang)
        matches: list[TermMatch] = []
        i, n = 0, len(text)
        while i < n:
            found = None
            for length in lengths:
                if i + length > n:
                    continue
                key = haystack[i : i + length]
                cand = table.get(key)
                if cand is not None and _bounded(haystack, i, i + length, whole_words=lang != "zh"):
                    found = (length, cand)
                    break
            if found is None:
                i += 1
                continue
            length, cand = found
            if not cand.blocker:
                matches.append(TermMatch(text[i : i + length], cand.target, i, i + length, cand.variants))
            i += length
        return matches


# Full-width ASCII (Ｇ２０, ＲＣＥＰ) and the many dashes (中国—东盟, 中国－东盟, China–US) are the same
# term to a reader; folding maps each character to one character, so offsets stay valid.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {ord(d): "-" for d in "‐‑‒–—―−－﹣"}


def _fold(text: str, lang: str) -> str:
    """The text as the matcher compares it: width and dashes folded, English also lower-cased,
    without changing the length."""
    folded = text.translate(_FOLD)
    if lang == "zh":
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _bounded(text: str, start: int, end: int, *, whole_words: bool) -> bool:
    """Whether text[start:end] does not continue a word on either side.

    In English every letter and digit counts; in Chinese text only Latin letters and digits do, and
    only next to a term end that is itself Latin (RCEP in RCEP协定 is fine, G20 in G200 is not).
    """
    fuse = _is_word_char if whole_words else _is_latin_alnum
    before = start > 0 and fuse(text[start - 1]) and fuse(text[start])
    after = end < len(text) and fuse(text[end]) and fuse(text[end - 1])
    return not (before or after)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _is_latin_alnum(c: str) -> bool:
    return bool(_ALNUM_LATIN.match(c))


def _find(haystack: str, needle: str) -> re.Match[str] | None:
    """Case-insensitive search of `needle` as a whole word (for Latin ends), tolerant of spacing,
    full-width characters and dash variants. The match's span is valid in `haystack`."""
    needle = _fold(needle.strip(), "zh")
    if not needle:
        return None
    pattern = r"\s+".join(re.escape(p) for p in needle.split())
    if _ALNUM_LATIN.match(needle[0]):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if needle[-1].isascii() and needle[-1].isalpha():
        pattern += r"(?:e?s)?"  # the plural of an approved noun is the approved term (two Foreign Ministers)
    if _ALNUM_LATIN.match(needle[-1]):
        pattern += r"(?![A-Za-z0-9])"
    return re.search(pattern, _fold(haystack, "zh"), flags=re.IGNORECASE)


def check(hypothesis: str, matches: Sequence[TermMatch]) -> tuple[list[TermMatch], list[TermMatch]]:
    """Split `matches` into (applied, missed): applied when the approved rendering or one of its
    variants appears in `hypothesis` (case-insensitive, as a whole word where it is Latin, an English
    rendering also in its plural)."""
    applied: list[TermMatch] = []
    missed: list[TermMatch] = []
    for m in matches:
        ok = any(_find(hypothesis, rendering) for rendering in (m.target, *m.variants))
        (applied if ok else missed).append(m)
    return applied, missed


# --- protection through an NMT model --------------------------------------------------------------

Strategy = Literal["insert", "placeholder"]
PLACEHOLDER = "ZQX{}"
_STRAY_PLACEHOLDER = re.compile(r"\s?Z\s?Q\s?X\s?\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Slot:
    """A protected term: what stands in its place in the source sent to the model."""

    key: str
    match: TermMatch


@dataclass(frozen=True)
class Protected:
    """A source prepared for the model, with the slots `restore` needs afterwards."""

    original: str
    text: str
    slots: tuple[Slot, ...]


def protect(text: str, matches: Sequence[TermMatch], strategy: Strategy = "insert") -> Protected:
    """Replace each matched term by its approved rendering ("insert") or a numbered placeholder.

    A space is added around the replacement where it would otherwise fuse with a neighbouring Latin
    letter or digit, so the model's tokenizer sees it as a word of its own.
    """
    out = ""
    slots: list[Slot] = []
    pos = 0
    for m in sorted(matches, key=lambda m: m.start):
        if m.start < pos:
            continue
        key = m.target if strategy == "insert" else PLACEHOLDER.format(len(slots) + 1)
        out += text[pos : m.start]
        if out and _is_latin_alnum(out[-1]) and _is_latin_alnum(key[0]):
            out += " "
        out += key
        if m.end < len(text) and _is_latin_alnum(text[m.end]) and _is_latin_alnum(key[-1]):
            out += " "
        slots.append(Slot(key, m))
        pos = m.end
    return Protected(text, out + text[pos:], tuple(slots))


def restore(hypothesis: str, protected: Protected) -> str:
    """The hypothesis with every protected term's approved rendering in it, verbatim.

    A kept rendering or placeholder is replaced by the approved form (exact casing); leftover
    placeholders are removed; a term the model dropped is inserted where it stood in the source,
    proportionally, at the nearest word boundary.
    """
    result = hypothesis
    missing: list[Slot] = []
    for slot in protected.slots:
        found = _locate(result, slot)
        if found is None:
            missing.append(slot)
            continue
        result = _splice(result, found.start(), found.end(), slot.match.target)
    if any(_is_placeholder(s) for s in protected.slots):
        result = _STRAY_PLACEHOLDER.sub(lambda m: _gap(m.string, m.start(), m.end()), result)
    for slot in missing:
        kept = [span for s in protected.slots for span in _occurrences(result, s.match.target)]
        result = _insert_at(result, slot.match.target, slot.match.start / max(len(protected.original), 1), kept)
    return result


def _splice(text: str, start: int, end: int, term: str) -> str:
    """text[start:end] replaced by `term`, with a space where it would fuse with a Latin neighbour."""
    left, right = text[:start], text[end:]
    if left and _is_latin_alnum(left[-1]) and _is_latin_alnum(term[0]):
        left += " "
    if right and _is_latin_alnum(right[0]) and _is_latin_alnum(term[-1]):
        right = " " + right
    return left + term + right


def _gap(text: str, start: int, end: int) -> str:
    """What is left where text[start:end] is removed: a space if the two sides would fuse."""
    fuse = start > 0 and end < len(text) and _is_latin_alnum(text[start - 1]) and _is_latin_alnum(text[end])
    return " " if fuse else ""


def _occurrences(text: str, term: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(term)
    while start >= 0:
        spans.append((start, start + len(term)))
        start = text.find(term, start + 1)
    return spans


def _is_placeholder(slot: Slot) -> bool:
    return slot.key != slot.match.target


def _locate(text: str, slot: Slot) -> re.Match[str] | None:
    """Where the model kept a slot: its placeholder (however it spaced it: ZQX 1, Z Q X1) or, for
    either strategy, the approved rendering itself."""
    if _is_placeholder(slot):
        spaced = r"\s?".join(re.escape(c) for c in slot.key) + r"(?!\d)"
        found = re.search(spaced, text, flags=re.IGNORECASE)
        if found is not None:
            return found
    return _find(text, slot.match.target)


def _insert_at(text: str, term: str, fraction: float, keep: Sequence[tuple[int, int]]) -> str:
    """Insert `term` near `fraction` of the way through `text`: at a word boundary when the text has
    spaces (English), anywhere otherwise (Chinese), never inside the `keep` spans (other terms)."""
    target = round(len(text) * fraction)
    spaced = " " in text.strip()
    cuts = [i for i in range(len(text) + 1) if not spaced or i in (0, len(text)) or text[i] == " "]
    cuts = [i for i in cuts if not any(start < i < end for start, end in keep)]
    cut = min(cuts, key=lambda b: (abs(b - target), b))
    left, right = text[:cut], text[cut:]
    sep_l = " " if left and not left.endswith(" ") and _needs_space(left[-1], term[0]) else ""
    sep_r = " " if right and not right.startswith(" ") and _needs_space(term[-1], right[0]) else ""
    return f"{left}{sep_l}{term}{sep_r}{right}"


def _needs_space(a: str, b: str) -> bool:
    """English words are separated by spaces; Chinese characters are not, next to anything."""
    return not (_is_cjk(a) or _is_cjk(b))


def _is_cjk(c: str) -> bool:
    return "\u3000" <= c <= "\u9fff" or "\uf900" <= c <= "\uffef"


# --- files ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A raw glossary row as read, before any cleaning: what `aligner glossary check` inspects."""

    line: int
    zh: str
    en: str
    variants: str = ""
    note: str = ""
    source: str = ""


def default_path() -> Path:
    """The bundled diplomatic glossary (glossary/diplomatic.zh-en.tsv, shipped as package data)."""
    return Path(str(resources.files("aligner") / "glossaries" / "diplomatic.zh-en.tsv"))


def load(path: str | Path) -> Glossary:
    """Load a glossary file (format from the extension: .tsv .csv .tbx .txt/.utf8/.tab).

    Fields are stripped; a row without a Chinese term or an English rendering is an InputError naming
    the line, so a half-edited glossary is noticed instead of silently shrinking.
    """
    path = Path(path)
    entries = []
    for row in read_rows(path):
        zh, en = row.zh.strip(), row.en.strip()
        if not zh or not en:
            raise InputError(f"line {row.line}: empty {'zh' if not zh else 'en'} field", path)
        variants = tuple(v.strip() for v in row.variants.split("|") if v.strip())
        entries.append(Entry(zh, en, variants, row.note.strip(), row.source.strip(), row.line))
    return Glossary(entries, path)


def read_rows(path: Path) -> list[Row]:
    """Rows of a glossary file, untouched, with their line numbers."""
    if not path.is_file():
        raise InputError("no such glossary file", path)
    suffix = path.suffix.lower()
    readers = {".tbx": None, ".csv": ",", ".tsv": "\t", ".txt": "omegat", ".utf8": "omegat", ".tab": "omegat"}
    if suffix not in readers:
        raise InputError(f"unknown glossary format {suffix!r} (use .tsv, .csv, .tbx or an OmegaT .txt/.utf8)", path)
    if suffix == ".tbx":
        return _read_tbx(path)
    text = _read_text(path)
    if readers[suffix] == "omegat":
        return _read_omegat(text)
    return _read_table(path, text, readers[suffix])


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 (byte {err.start})", path) from None


def _read_table(path: Path, text: str, delimiter: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    rows: list[Row] = []
    header: list[str] | None = None
    for record in reader:
        line = reader.line_num
        if not record or all(not f.strip() for f in record) or record[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [_column(h) for h in record]
            if "zh" not in header or "en" not in header:
                raise InputError(f"line {line}: header must name the columns {' '.join(COLUMNS)} (got {' '.join(record)!r})", path)
            continue
        if len(record) > len(header):
            raise InputError(f"line {line}: {len(record)} fields, the header has {len(header)}", path)
        fields = dict(zip(header, record))
        rows.append(Row(line, **{c: fields.get(c, "") for c in COLUMNS}))
    if header is None:
        raise InputError("empty glossary: no header line", path)
    return rows


def _column(name: str) -> str:
    """Header names: the COLUMNS, or language codes for the term columns (zh-CN → zh, en-US → en)."""
    clean = name.strip().lower()
    if clean in COLUMNS:
        return clean
    try:
        return langs.base(clean)
    except InputError:
        return clean


def _read_omegat(text: str) -> list[Row]:
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        rows.append(Row(n, fields[0], fields[1] if len(fields) > 1 else "", "", fields[2] if len(fields) > 2 else ""))
    return rows


def _read_tbx(path: Path) -> list[Row]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as err:
        raise InputError(f"not well-formed TBX: {err}", path) from None
    rows = []
    for concept in root.iter("{*}termEntry", "{*}conceptEntry"):
        terms: dict[str, list[str]] = {}
        for lang_set in concept.iter("{*}langSet", "{*}langSec"):
            code = lang_set.get("{http://www.w3.org/XML/1998/namespace}lang") or lang_set.get("lang") or ""
            try:
                lang = langs.base(code)
            except InputError:
                continue
            terms.setdefault(lang, []).extend((t.text or "") for t in lang_set.iter("{*}term"))
        notes = [(d.text or "").strip() for d in concept.iter("{*}descrip", "{*}note") if d.get("type") != "source"]
        sources = [(d.text or "").strip() for d in concept.iter("{*}admin", "{*}descrip", "{*}xref") if d.get("type") == "source"]
        zh, en = terms.get("zh", [""]), terms.get("en", [""])
        rows.append(Row(concept.sourceline or 0, zh[0], en[0], "|".join(en[1:]), "; ".join(n for n in notes if n), "; ".join(s for s in sources if s)))
    if not rows:
        raise InputError("no termEntry/conceptEntry elements: not a TBX glossary", path)
    return rows


def write(path: str | Path, gloss: Glossary) -> None:
    """Write a glossary in the format of `path`'s extension (.tsv .csv .tbx .txt/.utf8/.tab).

    TSV, CSV and TBX keep every column. OmegaT glossaries have only term, translation and comment:
    variants, note and source go into the comment. The file appears complete or not at all.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".tbx":
        data = _tbx_bytes(gloss)
    elif suffix == ".tsv":
        rows = [COLUMNS] + [_fields(e) for e in gloss.entries]
        data = "".join("\t".join(_one_line(f, "\t") for f in row) + "\n" for row in rows).encode("utf-8")
    elif suffix == ".csv":
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\n")
        out.writerow(COLUMNS)
        out.writerows([_one_line(f, ",") for f in _fields(e)] for e in gloss.entries)
        data = buffer.getvalue().encode("utf-8")
    elif suffix in (".txt", ".utf8", ".tab"):
        lines = []
        for e in gloss.entries:
            comment = "; ".join(x for x in (f"variants: {' | '.join(e.variants)}" if e.variants else "", e.note, e.source) if x)
            lines.append("\t".join(_one_line(f, "\t") for f in (e.zh, e.en, comment)))
        data = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        raise InputError(f"unknown glossary format {suffix!r} (use .tsv, .csv, .tbx or an OmegaT .txt/.utf8)", path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {err.strerror}", path) from None


def _fields(e: Entry) -> tuple[str, ...]:
    return (e.zh, e.en, "|".join(e.variants), e.note, e.source)


def _one_line(field: str, delimiter: str) -> str:
    """Tabs and line breaks would split a TSV/OmegaT record: they become spaces."""
    return re.sub(r"[\t\r\n]+", " ", field) if delimiter == "\t" else re.sub(r"[\r\n]+", " ", field)


def _tbx_bytes(gloss: Glossary) -> bytes:
    """TBX (ISO 30042, TBX-Basic style): one termEntry per entry, variants as further English terms."""
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = etree.Element("martif", type="TBX-Basic")
    root.set(xml_lang, "en")
    header = etree.SubElement(etree.SubElement(root, "martifHeader"), "fileDesc")
    etree.SubElement(etree.SubElement(header, "sourceDesc"), "p").text = "Written by aligner"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, e in enumerate(gloss.entries, start=1):
        entry = etree.SubElement(body, "termEntry", id=f"t{n}")
        if e.note:
            etree.SubElement(entry, "note").text = e.note
        if e.source:
            etree.SubElement(entry, "admin", type="source").text = e.source
        for code, terms in (("zh-CN", [e.zh]), ("en-US", [e.en, *e.variants])):
            lang_set = etree.SubElement(entry, "langSet")
            lang_set.set(xml_lang, code)
            for term in terms:
                etree.SubElement(etree.SubElement(lang_set, "tig"), "term").text = term
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- glossary check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A finding of `inspect`: errors make `aligner glossary check` exit 1, warnings do not."""

    line: int
    severity: Literal["error", "warning"]
    message: str


def inspect(path: str | Path) -> list[Problem]:
    """Duplicates, conflicting renderings, empty and whitespace-padded fields, bad variant lists."""
    path = Path(path)
    problems: list[Problem] = []
    seen: dict[str, Row] = {}
    renderings: dict[str, Row] = {}
    for row in read_rows(path):
        for name in ("zh", "en"):
            if not getattr(row, name).strip():
                problems.append(Problem(row.line, "error", f"empty {name} field"))
        for name in COLUMNS:
            value = getattr(row, name)
            if value != value.strip():
                problems.append(Problem(row.line, "error", f"{name} field has leading or trailing whitespace: {value!r}"))
        if row.variants and any(not v.strip() for v in row.variants.split("|")):
            problems.append(Problem(row.line, "error", f"empty item in variants {row.variants!r}"))
        zh, en = row.zh.strip(), row.en.strip()
        if zh and en and en in {v.strip() for v in row.variants.split("|")}:
            problems.append(Problem(row.line, "warning", f"variant repeats the approved rendering {en!r}"))
        if zh in seen and zh:
            first = seen[zh]
            if first.en.strip() == en:
                problems.append(Problem(row.line, "error", f"duplicate of line {first.line}: {zh} = {en}"))
            else:
                problems.append(Problem(row.line, "error", f"conflict with line {first.line}: {zh} = {en!r} here, {first.en.strip()!r} there"))
        elif zh:
            seen[zh] = row
            other = renderings.get(en.lower())
            if en and other is not None and other.zh.strip() != zh:
                problems.append(Problem(row.line, "warning", f"same rendering {en!r} as {other.zh.strip()} on line {other.line}"))
            renderings.setdefault(en.lower(), row)
    return sorted(problems, key=lambda p: p.line)


def describe(matches: Sequence[TermMatch]) -> Iterator[str]:
    """One line per match for `aligner glossary lookup`: offsets, the term and its rendering."""
    for m in matches:
        variants = f"  (also: {' | '.join(m.variants)})" if m.variants else ""
        yield f"{m.start}-{m.end}\t{m.source}\t{m.target}{variants}"
