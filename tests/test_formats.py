"""TMX / XLIFF 1.2 / XLIFF 2 / TSV / JSONL / Moses: schema-valid output, lossless round trips,
inline codes, hostile input, one-line errors and all-or-nothing output."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from formats_fixtures import sample_units, validate_tmx, validate_xliff2, validate_xliff12
from lxml import etree
from typer.testing import CliRunner

from aligner import formats
from aligner.cli import app
from aligner.errors import InputError
from aligner.model import InlineCode, Unit

VALIDATORS = {".tmx": validate_tmx, ".xlf": validate_xliff12, ".xlf2": validate_xliff2}


def _same(a: Unit, b: Unit) -> None:
    assert dataclasses.asdict(a) == dataclasses.asdict(b)


@pytest.mark.parametrize("ext", [".tmx", ".xlf", ".xlf2", ".tsv", ".jsonl"])
def test_every_format_round_trips_every_field(tmp_path: Path, ext: str) -> None:
    units = sample_units()
    path = tmp_path / f"corpus{ext}"
    assert formats.write(path, units) == len(units)
    if ext in VALIDATORS:
        VALIDATORS[ext](path)
    back = list(formats.read(path))
    assert len(back) == len(units)
    for a, b in zip(units, back):
        _same(a, b)


def test_tmx_to_xliff12_to_xliff2_to_tmx_is_lossless(tmp_path: Path) -> None:
    units = sample_units()
    formats.write(tmp_path / "a.tmx", units)
    formats.write(tmp_path / "b.xlf", formats.read(tmp_path / "a.tmx"))
    formats.write(tmp_path / "c.xlf", formats.read(tmp_path / "b.xlf"), xliff_version="2")
    assert etree.parse(str(tmp_path / "c.xlf")).getroot().get("version") == "2.1"
    formats.write(tmp_path / "d.tmx", formats.read(tmp_path / "c.xlf"))
    for path, validate in (("b.xlf", validate_xliff12), ("c.xlf", validate_xliff2), ("d.tmx", validate_tmx)):
        validate(tmp_path / path)
    for a, b in zip(units, formats.read(tmp_path / "d.tmx"), strict=True):
        _same(a, b)


def test_tmx_header_and_props_follow_the_design(tmp_path: Path) -> None:
    formats.write(tmp_path / "a.tmx", sample_units(), src_locale="zh-TW", tgt_locale="en-GB")
    text = (tmp_path / "a.tmx").read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    root = etree.parse(str(tmp_path / "a.tmx")).getroot()
    header = root.find("header")
    assert {k: header.get(k) for k in ("creationtool", "segtype", "o-tmf", "adminlang", "srclang", "datatype")} == {
        "creationtool": "aligner", "segtype": "sentence", "o-tmf": "aligner", "adminlang": "en-US",
        "srclang": "zh-TW", "datatype": "plaintext",
    }  # fmt: skip
    assert header.get("creationtoolversion") and header.get("creationdate")
    tu = root.find("body/tu[@tuid='doc1-2']")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props == {
        "x-origin": "mt", "x-engine": "argos:zh-en@1.9", "x-quality": "41.0", "x-band": "bad", "x-terms": "台独",
        "x-missed": "一个中国原则", "x-document": "briefing-1", "x-score-chrf": "20.0",
    }  # fmt: skip
    assert [n.text for n in tu.findall("note")] == ["glossary term missed: 一个中国原则", "quality below 50"]
    # units carrying the default zh-CN/en-US are relabelled with the corpus locales
    assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")] == ["zh-TW", "en-GB"]
    # codes: a pair, a placeholder and an isolated half, native code kept as content
    seg = etree.tostring(tu.findall("tuv/seg")[0], encoding="unicode")
    assert '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>' in seg and '<ept i="1">&lt;/b&gt;</ept>' in seg
    assert '<ph x="2">&lt;br/&gt;</ph>' in seg and '<it pos="begin" x="3" type="italic">&lt;i&gt;</it>' in seg


def test_xliff12_marks_machine_translation_for_review(tmp_path: Path) -> None:
    formats.write(tmp_path / "a.xlf", sample_units())
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.parse(str(tmp_path / "a.xlf")).getroot()
    assert [f.get("original") for f in root.findall("x:file", ns)] == ["briefing-1", "briefing-2"]
    mt = root.find(".//x:trans-unit[@id='doc1-1']", ns)
    target = mt.find("x:target", ns)
    assert (target.get("state"), target.get("state-qualifier")) == ("needs-review-translation", "mt-suggestion")
    alt = mt.find("x:alt-trans", ns)
    assert (alt.get("origin"), alt.get("match-quality")) == ("argos:zh-en@1.9", "87.25")
    human = root.find(".//x:trans-unit[@id='doc2-1']/x:target", ns)
    assert human.get("state") == "translated" and human.get("state-qualifier") is None


def test_xliff2_uses_state_matches_and_metadata(tmp_path: Path) -> None:
    formats.write(tmp_path / "a.xlf2", sample_units())
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mtc": "urn:oasis:names:tc:xliff:matches:2.0", "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
    root = etree.parse(str(tmp_path / "a.xlf2")).getroot()
    assert (root.get("srcLang"), root.get("trgLang")) == ("zh-CN", "en-US")
    unit = root.find(".//x:unit[@id='doc1-1']", ns)
    assert unit.find("x:segment", ns).get("state") == "initial"
    match = unit.find("mtc:matches/mtc:match", ns)
    assert (match.get("type"), match.get("origin"), match.get("matchQuality")) == ("mt", "argos:zh-en@1.9", "87.25")
    meta = {m.get("type"): m.text for m in unit.iterfind(".//mda:meta", ns)}
    assert meta["x-score-chrf"] == "55.123456789" and meta["x-quality"] == "87.25"
    assert root.find(".//x:unit[@id='doc2-1']/x:segment", ns).get("state") == "translated"


def test_reads_inline_codes_written_by_other_tools(tmp_path: Path) -> None:
    (tmp_path / "other.xlf").write_text(
        '<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a.html" source-language="zh-CN" target-language="en-US" datatype="html"><body>'
        '<trans-unit id="t1"><source>点击<g id="1" ctype="link">这里</g>继续<x id="2"/></source>'
        '<target state="translated">Click <g id="1" ctype="link">here</g> to continue<x id="2"/></target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    (unit,) = formats.read(tmp_path / "other.xlf")
    assert (unit.source, unit.target, unit.origin, unit.document) == ("点击这里继续", "Click here to continue", "human", "a.html")
    assert unit.target_codes == [InlineCode(6, "open", "1", None, "link"), InlineCode(10, "close", "1"), InlineCode(22, "ph", "2")]
    (tmp_path / "other2.xlf").write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en"><file id="f">'
        '<unit id="u1"><originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>'
        '<segment><source><pc id="1" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">重要</pc>通知</source>'
        '<target><pc id="1" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">Important</pc> notice</target>'
        "</segment></unit></file></xliff>",
        encoding="utf-8",
    )
    (unit,) = formats.read(tmp_path / "other2.xlf")
    assert unit.target == "Important notice"
    assert unit.target_codes == [InlineCode(0, "open", "1", "<b>", "bold"), InlineCode(9, "close", "1", "</b>")]
    # ... and they survive a trip through TMX and back into XLIFF 2
    formats.write(tmp_path / "t.tmx", [unit], src_locale="zh", tgt_locale="en")
    formats.write(tmp_path / "back.xlf2", formats.read(tmp_path / "t.tmx"), src_locale="zh", tgt_locale="en")
    validate_xliff2(tmp_path / "back.xlf2")
    (again,) = formats.read(tmp_path / "back.xlf2")
    assert again.target_codes == unit.target_codes and again.source_codes == unit.source_codes


def test_xml_illegal_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    unit = Unit(source="控制\x00字符\x1b", target="control\x0b chars\ufffe", source_codes=[InlineCode(4, "ph", "1", "\x07<br>")])
    for ext in (".tmx", ".xlf", ".xlf2"):
        formats.write(tmp_path / f"a{ext}", [unit])
        VALIDATORS[ext](tmp_path / f"a{ext}")
        (back,) = formats.read(tmp_path / f"a{ext}")
        assert (back.source, back.target) == ("控制字符", "control chars")
        assert back.source_codes == [InlineCode(3, "ph", "1", "<br>")]


def test_tsv_escapes_tabs_and_newlines_and_keeps_unknown_columns(tmp_path: Path) -> None:
    formats.write(tmp_path / "a.tsv", sample_units())
    lines = (tmp_path / "a.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(sample_units())
    assert all(line.count("\t") == lines[0].count("\t") for line in lines)
    (tmp_path / "b.tsv").write_text("target\tsource\tdomain\nHello\t你好\tgreetings\n", encoding="utf-8")
    (unit,) = formats.read(tmp_path / "b.tsv", src_lang="zh", tgt_lang="en")
    assert (unit.source, unit.target, unit.src_lang, unit.props) == ("你好", "Hello", "zh-CN", {"domain": "greetings"})


def test_moses_pair_round_trip(tmp_path: Path) -> None:
    units = sample_units()
    assert formats.write(tmp_path / "corpus", units, fmt="moses") == len(units)
    zh = (tmp_path / "corpus.zh").read_text(encoding="utf-8").split("\n")
    assert len(zh) == len(units) + 1 and zh[-1] == "" and zh[4] == "第二段 第二行"
    back = list(formats.read(tmp_path / "corpus.zh"))
    assert [(u.source, u.target) for u in back[:4]] == [(u.source, u.target) for u in units[:4]]
    reverse = next(formats.read(tmp_path / "corpus.en"))
    assert (reverse.source, reverse.src_lang, reverse.tgt_lang) == (units[0].target, "en-US", "zh-CN")
    (tmp_path / "corpus.en").write_text("only one line\n", encoding="utf-8")
    with pytest.raises(InputError, match="only 1 lines"):
        list(formats.read(tmp_path / "corpus.zh"))


def test_a_failing_writer_leaves_nothing_behind(tmp_path: Path) -> None:
    def broken():
        yield from sample_units()
        raise RuntimeError("disk full")

    for ext in (".tmx", ".xlf", ".xlf2", ".tsv", ".jsonl"):
        target = tmp_path / f"out{ext}"
        target.write_text("previous version", encoding="utf-8")
        with pytest.raises(RuntimeError):
            formats.write(target, broken())
        assert target.read_text(encoding="utf-8") == "previous version"
    with pytest.raises(RuntimeError):
        formats.write(tmp_path / "pair", broken(), fmt="moses")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"out{e}" for e in (".tmx", ".xlf", ".xlf2", ".tsv", ".jsonl"))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
<body><tu><tuv xml:lang="zh-CN"><seg>&g;</seg></tuv><tuv xml:lang="en-US"><seg>boom</seg></tuv></tu></body></tmx>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file://{secret}">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="zh" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>&secret;</source><target>x</target></trans-unit></body></file></xliff>
"""


def test_entity_expansion_and_xxe_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(InputError, match="declares XML entities"):
        list(formats.read(bomb))
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xxe = tmp_path / "xxe.xlf"
    xxe.write_text(XXE.format(secret=secret), encoding="utf-8")
    with pytest.raises(InputError, match="declares XML entities") as err:
        list(formats.read(xxe))
    assert "TOP SECRET" not in str(err.value)


def _tmx(body: str, header: str = '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/>') -> str:
    return f'<?xml version="1.0"?><tmx version="1.4">{header}<body>{body}</body></tmx>'


TU = '<tu tuid="7"><tuv xml:lang="zh-CN"><seg>你好</seg></tuv><tuv xml:lang="en-US"><seg>Hello</seg></tuv></tu>'


@pytest.mark.parametrize(
    ("name", "text", "args", "message"),
    [
        ("broken.tmx", _tmx(TU)[:-20], [], "malformed XML"),
        ("noheader.tmx", _tmx(TU, header=""), [], "<header> is missing"),
        ("xliff3.xlf", '<xliff version="3.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>', [], "unsupported XLIFF version '3.0'"),
        ("wronglang.tmx", _tmx(TU.replace("en-US", "de-DE")), ["--from-lang", "zh", "--to-lang", "en"], "has no 'en' text (it has zh-CN, de-DE)"),
        ("wronglang.xlf", '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ja" target-language="en" datatype="plaintext"><body/></file></xliff>', ["--from-lang", "zh"], "is ja→en, not zh→en"),
        ("notxml.tmx", "just text", [], "malformed XML"),
        ("empty.tmx", _tmx(""), [], "no translation units"),
        ("bad.jsonl", '{"source": "a"}\n', [], "line 1: no 'target'"),
        ("missing.tmx", None, [], "no such file"),
        ("nohead.tsv", "你好\tHello\n", [], "the first line must name the columns"),
        ("short.tsv", "source\ttarget\n你好\n", [], "line 2 has 1 columns, the header 2"),
        ("gbk.jsonl", '{"source": "\u4f60\u597d", "target": "hi"}\n', [], "is not UTF-8 text"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path, name: str, text: str | None, args: list[str], message: str) -> None:
    src = tmp_path / name
    if text is not None:
        src.write_text(text, encoding="gbk" if name.startswith("gbk") else "utf-8")
    result = CliRunner().invoke(app, ["convert", str(src), str(tmp_path / "out.xlf"), *args])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"aligner: error: {src}: ") and message in lines[0], result.output
    assert not (tmp_path / "out.xlf").exists()
    assert [p.name for p in tmp_path.iterdir()] == ([name] if text is not None else [])


def test_convert_command_round_trip(tmp_path: Path) -> None:
    formats.write(tmp_path / "in.tmx", sample_units())
    runner = CliRunner()
    steps = [("in.tmx", "a.xlf", []), ("a.xlf", "b.xlf", ["--xliff-version", "2"]), ("b.xlf", "c.tmx", []), ("c.tmx", "d.jsonl", ["--from-lang", "zh", "--to-lang", "en"])]
    for src, dst, extra in steps:
        result = runner.invoke(app, ["convert", str(tmp_path / src), str(tmp_path / dst), *extra])
        assert result.exit_code == 0, result.output
        assert f"converted {len(sample_units())} units" in result.output
    validate_xliff2(tmp_path / "b.xlf")
    for a, b in zip(sample_units(), formats.read(tmp_path / "d.jsonl"), strict=True):
        _same(a, b)
    result = runner.invoke(app, ["convert", str(tmp_path / "in.tmx"), str(tmp_path / "corpus"), "--format", "moses"])
    assert result.exit_code == 0 and (tmp_path / "corpus.zh").is_file() and (tmp_path / "corpus.en").is_file()


def test_multilingual_tmx_picks_the_asked_languages(tmp_path: Path) -> None:
    tu = '<tu><tuv xml:lang="en-US"><seg>Hello</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour</seg></tuv><tuv xml:lang="zh-CN"><seg>你好</seg></tuv></tu>'
    (tmp_path / "m.tmx").write_text(_tmx(tu, header=_tmx("").split("<body>")[0].split("?>")[1].replace('<tmx version="1.4">', "").replace("zh-CN", "*all*")), encoding="utf-8")
    (unit,) = formats.read(tmp_path / "m.tmx", src_lang="zh", tgt_lang="fr")
    assert (unit.source, unit.target, unit.src_lang, unit.tgt_lang, unit.origin) == ("你好", "Bonjour", "zh-CN", "fr-FR", "tm")


def test_reader_memory_does_not_keep_the_tree(tmp_path: Path) -> None:
    units = [dataclasses.replace(sample_units()[1], id=str(i)) for i in range(2000)]
    formats.write(tmp_path / "big.tmx", units)
    reader = formats.read(tmp_path / "big.tmx")
    for _ in range(1500):
        next(reader)
    # the parser reads ahead by a chunk, but units already yielded are gone from the tree
    root = reader.gi_frame.f_locals["element"].getroottree().getroot()  # type: ignore[union-attr]
    assert len(root.find("body")) < 100


def test_write_output_is_utf8_without_bom_and_lf(tmp_path: Path) -> None:
    for ext in (".tmx", ".xlf", ".xlf2", ".tsv", ".jsonl"):
        data = (tmp_path / f"a{ext}").read_bytes() if formats.write(tmp_path / f"a{ext}", sample_units()) else b""
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
        data.decode("utf-8")
    assert os.listdir(tmp_path)


def test_xliff2_refuses_a_second_language_pair(tmp_path: Path) -> None:
    units = [Unit("你好", "Hello"), Unit("Bonjour", "Hello", src_lang="fr-FR")]
    with pytest.raises(InputError, match="one language pair"):
        formats.write(tmp_path / "a.xlf2", units)
    assert not list(tmp_path.iterdir())
    formats.write(tmp_path / "a.tmx", units)
    validate_tmx(tmp_path / "a.tmx")
    assert [(u.src_lang, u.source) for u in formats.read(tmp_path / "a.tmx")] == [("zh-CN", "你好"), ("fr-FR", "Bonjour")]


def test_empty_corpora_are_valid_where_the_format_allows_it(tmp_path: Path) -> None:
    for ext in (".tmx", ".xlf"):
        assert formats.write(tmp_path / f"empty{ext}", []) == 0
        VALIDATORS[ext](tmp_path / f"empty{ext}")
        assert list(formats.read(tmp_path / f"empty{ext}")) == []
    with pytest.raises(InputError, match="at least one unit"):
        formats.write(tmp_path / "empty.xlf2", [])
    assert not (tmp_path / "empty.xlf2").exists()


def test_outputs_get_ordinary_file_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        formats.write(tmp_path / "a.tmx", sample_units())
    finally:
        os.umask(old)
    assert (tmp_path / "a.tmx").stat().st_mode & 0o777 == 0o644


def test_an_unwritable_destination_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    formats.write(tmp_path / "in.tmx", sample_units())
    result = CliRunner().invoke(app, ["convert", str(tmp_path / "in.tmx"), str(tmp_path / "file" / "out.xlf")])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith(f"aligner: error: {tmp_path / 'file' / 'out.xlf'}: cannot write here: ")


def test_xliff12_segmented_by_another_tool_gives_one_unit_per_segment(tmp_path: Path) -> None:
    (tmp_path / "okapi.xlf").write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="b.html" '
        'source-language="zh-CN" target-language="en-US" datatype="html"><body><trans-unit id="p1">'
        "<source>中方欢迎。我们支持。</source>"
        '<seg-source><mrk mtype="seg" mid="1">中方欢迎。</mrk><mrk mtype="seg" mid="2">我们<g id="1">支持</g>。</mrk></seg-source>'
        '<target state="translated"><mrk mtype="seg" mid="1">China welcomes it.</mrk> <mrk mtype="seg" mid="2">We <g id="1">support</g> it.</mrk></target>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    units = list(formats.read(tmp_path / "okapi.xlf"))
    assert [(u.id, u.source, u.target, u.origin) for u in units] == [
        ("p1.1", "中方欢迎。", "China welcomes it.", "human"),
        ("p1.2", "我们支持。", "We support it.", "human"),
    ]
    assert units[1].target_codes == [InlineCode(3, "open", "1"), InlineCode(10, "close", "1")]
