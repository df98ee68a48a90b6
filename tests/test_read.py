"""Reading briefings: the seed format, plain text, HTML, every supported encoding, and bad files."""

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import InputError
from aligner.read import read_document
from aligner.segment import segment_document

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_88714ca1d098794c.txt"
SAMPLE = "外交部发言人：“中方坚决反对。”美方应立即纠正错误做法！\nQ: What's your comment? A: China firmly opposes it.\n"
runner = CliRunner()


def test_seed_header_becomes_metadata_and_content_paragraphs():
    doc = read_document(SEED)
    assert doc.title == "11月26日外交部发言人赵立坚主持例行记者会"
    assert doc.url == "http://www.scio.gov.cn/xwfbh/gbwxwfbh/xwfbh/wjb/Document/1693442/1693442.htm"
    assert doc.author == "国务院新闻办公室网站"
    assert doc.id == SEED.stem
    assert doc.paragraphs[0] == "原标题：2020年11月26日外交部发言人赵立坚主持例行记者会"
    assert doc.paragraphs[-1].endswith("印方应向包括中国企业在内的所有外国企业提供一个非歧视性的、公平的竞争环境。")
    assert len(doc.paragraphs) == 51
    assert not any(p.startswith(("title:", "url:", "author:", "content:")) for p in doc.paragraphs)


def test_content_on_the_same_line_as_its_label(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("title: 标题\nurl: http://x\ncontent: 第一段。\n第二段。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.paragraphs == ["第一段。", "第二段。"]
    assert doc.title == "标题"


def test_plain_text_keeps_every_line_blank_lines_dropped(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("\u3000\u3000第一段。\n\n  第二段。  \n", encoding="utf-8")
    doc = read_document(path)
    assert doc.paragraphs == ["第一段。", "第二段。"]
    assert doc.title is None


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
        lambda s: s.encode("gb18030"),
        lambda s: s.encode("gbk"),
        lambda s: s.replace("\n", "\r\n").encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk", "gb18030-crlf"],
)
def test_every_supported_encoding_reads_the_same(tmp_path, encode):
    path = tmp_path / "enc.txt"
    path.write_bytes(encode(SAMPLE))
    doc = read_document(path)
    assert doc.paragraphs == ["外交部发言人：“中方坚决反对。”美方应立即纠正错误做法！", "Q: What's your comment? A: China firmly opposes it."]


def test_gb18030_only_characters(tmp_path):
    path = tmp_path / "rare.txt"
    text = "㐀䶵是扩展A区汉字。€符号也在GB18030里。"
    path.write_bytes(text.encode("gb18030"))
    assert read_document(path).paragraphs == [text]


HTML = """<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>外交部发言人赵立坚主持例行记者会</title>
<script>var x = "不要这个。";</script><style>p {color: red}</style></head>
<body><div class="nav">首页 | 新闻 | 联系我们</div>
<div id="content" class="TRS_Editor">
<p>赵立坚：</p>
<p>中方已就此事向美方提出<strong>严正交涉</strong>。中方一贯坚决反对“长臂管辖”。</p>
<p>第二段<br/>换行之后。</p>
</div>
<div class="footer">版权所有 &copy; 2020</div></body></html>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html_main_text_without_boilerplate(tmp_path, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(HTML.encode(encoding))
    doc = read_document(path)
    assert doc.title == "外交部发言人赵立坚主持例行记者会"
    assert doc.paragraphs == [
        "赵立坚：",
        "中方已就此事向美方提出严正交涉。中方一贯坚决反对“长臂管辖”。",
        "第二段",
        "换行之后。",
    ]
    segments = segment_document(doc)
    assert [s.text for s in segments][:3] == ["赵立坚：", "中方已就此事向美方提出严正交涉。", "中方一贯坚决反对“长臂管辖”。"]


def test_html_is_recognised_by_content_whatever_the_extension(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(HTML, encoding="utf-8")
    assert read_document(path).paragraphs[0] == "赵立坚："


BAD_FILES = {
    "empty": (b"", "empty file"),
    "blank": (b" \n\r\n\t\n", "empty file"),
    "binary-png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file"),
    "binary-controls": (b"abc\x01\x02\x03\x04def\x05\x06", "binary file"),
    "undecodable": (bytes(range(0x80, 0x100)) * 4, "undecodable"),
    "bad-utf16": (codecs.BOM_UTF16_LE + b"\x00\xd8\x41", "not valid UTF-16-LE"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_a_one_line_error_with_exit_code_2(tmp_path, name):
    data, problem = BAD_FILES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=problem):
        read_document(path)
    result = runner.invoke(app, ["segment", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and problem in lines[0]
    assert result.stdout == ""


def test_missing_file_and_directory_are_one_line_errors(tmp_path):
    for target, problem in ((tmp_path / "nope.txt", "no such file"), (tmp_path, "is a directory")):
        result = runner.invoke(app, ["segment", str(target)])
        assert result.exit_code == 2
        assert result.stderr.strip() == f"aligner: error: {target}: {problem}"


def test_segment_command_json_has_offsets():
    result = runner.invoke(app, ["segment", str(SEED), "--lang", "zh", "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 94
    content = read_document(SEED).content
    assert all(content[r["start"] : r["end"]] == r["text"] for r in rows)
    assert rows[8] == {
        "document": SEED.stem, "index": 8, "paragraph": 6, "start": rows[8]["start"], "end": rows[8]["start"] + 4,
        "lang": "zh", "text": "赵立坚：",
    }


def test_python_dash_m_runs_the_cli_without_traceback_on_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "aligner", "segment", str(empty)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == f"aligner: error: {empty}: empty file\n"
    ok = subprocess.run([sys.executable, "-m", "aligner", "segment", str(SEED), "--lang", "auto"], capture_output=True, text=True)
    assert ok.returncode == 0
    assert ok.stdout.splitlines()[8] == "赵立坚："


def test_unknown_language_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["segment", str(SEED), "--lang", "fr"])
    assert result.exit_code == 2
