"""Sample units and schema validators for the format tests."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.model import InlineCode, Unit

SCHEMAS = Path(__file__).parent / "schemas"


def validate_tmx(path: Path) -> None:
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(path))), dtd.error_log.filter_from_errors()


def validate_xliff12(path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log.filter_from_errors()


def validate_xliff2(path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-2.1" / "all.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log.filter_from_errors()


def sample_units() -> list[Unit]:
    """Units exercising everything a corpus can hold: two documents, every origin, scores, terms,
    notes, inline codes (pairs, placeholders, an isolated half), XML specials, emoji, whitespace."""
    return [
        Unit(
            source="中方对此表示强烈不满。",
            target="China expresses strong dissatisfaction with this.",
            id="doc1-1",
            origin="mt",
            engine="argos:zh-en@1.9",
            quality=87.25,
            band="good",
            scores={"chrf": 55.123456789, "length_z": -0.5},
            terms=["中方"],
            document="briefing-1",
        ),
        Unit(
            # "我们<b>坚决</b>反对<br/>“台独”" with the codes taken out of the text
            source="我们坚决反对“台独” & <不> 😀",
            target='We firmly oppose "Taiwan independence" & <not> 😀',
            id="doc1-2",
            origin="mt",
            engine="argos:zh-en@1.9",
            quality=41.0,
            band="bad",
            scores={"chrf": 20.0},
            terms=["台独"],
            missed=["一个中国原则"],
            notes=["glossary term missed: 一个中国原则", "quality below 50"],
            document="briefing-1",
            source_codes=[
                InlineCode(2, "open", "1", "<b>", "bold"),
                InlineCode(4, "close", "1", "</b>"),
                InlineCode(6, "ph", "2", "<br/>"),
                InlineCode(12, "open", "3", "<i>", "italic"),
            ],
            target_codes=[
                InlineCode(3, "open", "1", "<b>", "bold"),
                InlineCode(10, "close", "1", "</b>"),
                InlineCode(17, "ph", "2", "<br/>"),
                InlineCode(40, "open", "3", "<i>", "italic"),
            ],
        ),
        Unit(
            source="  前后有空格\t和制表符  ",
            target="  spaces around\tand a tab  ",
            id="doc1-3",
            origin="aligned",
            quality=72.5,
            document="briefing-1",
            props={"Domain": "diplomacy", "x-reviewer": "Li"},
        ),
        Unit(
            source="今天的记者会到此结束。",
            target="That concludes today's press conference.",
            id="doc2-1",
            origin="human",
            document="briefing-2",
            source_codes=[InlineCode(0, "open", "g1", None, "link"), InlineCode(10, "close", "g1", None), InlineCode(10, "ph", "x2", None)],
            target_codes=[InlineCode(0, "open", "g1", None, "link"), InlineCode(40, "close", "g1", None), InlineCode(40, "ph", "x2", None)],
        ),
        Unit(source="第二段\r\n第二行", target="Second paragraph\nsecond line\r", id="doc2-2", origin="tm", engine="tm:memory.tmx", quality=100.0, document="briefing-2"),
    ]
