"""`aligner align` end to end: outputs by extension, --gold, --json, and one-line errors with exit 2."""

from __future__ import annotations

import json

import pytest
from align_fixtures import EN, ZH
from typer.testing import CliRunner

from aligner.cli import app

runner = CliRunner()


@pytest.fixture()
def texts(tmp_path):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:8] + EN[9:]) + "\n", encoding="utf-8")
    return zh, en


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_beads_to_an_align_file_and_scored_against_gold(texts, tmp_path):
    zh, en = texts
    gold = tmp_path / "gold.align"
    gold.write_text("".join(f"[{k}]:[{k - (k > 8)}]\n" if k != 8 else "[8]:[]\n" for k in range(len(ZH))))
    out = tmp_path / "out.align"
    result = invoke("align", str(zh), str(en), "-o", str(out), "--presegmented", "--gold", str(gold), "--json")
    assert result.exit_code == 0, result.output
    assert out.read_text() == gold.read_text()
    report = json.loads(result.stdout)
    assert report["beads"] == 16 and report["unaligned"] == 1 and report["src_lang"] == "zh"
    assert report["scores"]["f1_strict"] == 1.0 and report["scores"]["f1_lax"] == 1.0


def test_tmx_output_leaves_out_the_unaligned_sentence(texts, tmp_path):
    from lxml import etree

    zh, en = texts
    out = tmp_path / "out.tmx"
    result = invoke("align", str(zh), str(en), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 unaligned sentences left out" in result.stderr
    tree = etree.parse(str(out))
    tus = tree.findall(".//tu")
    assert len(tus) == 15
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert props["x-origin"] == "aligned" and 0 <= float(props["x-quality"]) <= 100
    assert tus[0].findall("tuv")[0].findtext("seg") == ZH[0]


def test_beads_on_stdout_without_output(texts):
    zh, en = texts
    result = invoke("align", str(zh), str(en), "--method", "length", "--from-lang", "zh", "--to-lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "[0]:[0]" and all(":" in line for line in lines)


def error_of(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error: ")
    return lines[0]


def test_both_sides_in_the_same_language_is_an_error(texts, tmp_path):
    zh, _ = texts
    other = tmp_path / "zh2.txt"
    other.write_text(zh.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.tmx"
    assert "both sides are Chinese" in error_of(invoke("align", str(zh), str(other), "-o", str(out)))
    assert not out.exists()


def test_an_empty_side_is_an_error(texts, tmp_path):
    zh, _ = texts
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    assert "empty.txt" in error_of(invoke("align", str(zh), str(empty)))


def test_a_binary_file_is_an_error(texts, tmp_path):
    zh, _ = texts
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "image.png" in error_of(invoke("align", str(zh), str(binary)))


def test_a_gold_file_that_does_not_fit_the_texts_is_an_error(texts, tmp_path):
    zh, en = texts
    gold = tmp_path / "gold.align"
    gold.write_text("[0]:[0]\n[99]:[1]\n")
    assert "gold.align" in error_of(invoke("align", str(zh), str(en), "--presegmented", "--gold", str(gold)))


def test_an_unknown_output_format_is_an_error_before_any_work(texts, tmp_path):
    zh, en = texts
    assert "out.doc" in error_of(invoke("align", str(zh), str(en), "-o", str(tmp_path / "out.doc")))
