"""The argos engine and package management, on a tiny real argos package installed offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from argos_fixtures import argos_home, tiny_argosmodel, tiny_zh_en  # noqa: F401  (pytest fixtures)
from typer.testing import CliRunner

from aligner import glossary
from aligner.cli import app
from aligner.engines import packages
from aligner.engines.argos import ArgosEngine
from aligner.engines.base import Engine
from aligner.errors import InputError
from aligner.model import TermMatch

SENTENCES = [
    "国务院总理李克强将于11月30日在北京应邀出席会议。",
    "东盟是中国周边外交的优先方向。",
    "",
    "中美关系的发展符合两国人民的根本利益。",
    "我们敦促美方停止干涉中国内政。",
    "东盟是中国周边外交的优先方向。",
    "人类命运共同体理念得到国际社会广泛认同。",
]


@pytest.fixture(scope="module")
def engine(tiny_zh_en: Path) -> ArgosEngine:
    return ArgosEngine("zh", "en", batch_size=2, threads=1)


def no_hints(texts: list[str]) -> list[list[TermMatch]]:
    return [[] for _ in texts]


def test_package_is_installed_through_argostranslate(tiny_zh_en: Path, argos_home: Path) -> None:
    (pkg,) = [p for p in packages.installed() if p.pair == "zh-en"]
    assert pkg.version == "0.1"
    assert pkg.path.parent == argos_home
    assert (pkg.path / "model" / "model.bin").is_file()


def test_engine_follows_the_protocol_with_a_stable_id(engine: ArgosEngine, tiny_zh_en: Path) -> None:
    assert isinstance(engine, Engine)
    assert re.fullmatch(r"argos:zh-en@0\.1#[0-9a-f]{12}", engine.id)
    assert ArgosEngine("zh-CN", "en-US").id == engine.id
    assert ArgosEngine("zh", "en", beam_size=2, protect="placeholder").id == engine.id + ";beam=2;protect=placeholder"


def test_batches_give_one_hypothesis_per_input_in_order(engine: ArgosEngine) -> None:
    batched = engine.translate(SENTENCES, no_hints(SENTENCES))
    assert len(batched) == len(SENTENCES)
    one_by_one = [engine.translate([s], [[]])[0] for s in SENTENCES]
    assert [h.text for h in batched] == [h.text for h in one_by_one]
    assert batched[2].text == "" and batched[2].score is None
    assert batched[1] == batched[5]
    assert len({h.text for h in batched}) >= 3, "the tiny model's output depends on its input"
    assert all(0 < h.score <= 1 for h in batched if h.text)


# The tiny model emits <unk> for this one: argos replaces it with a source token, so must we.
UNK_SENTENCE = "不久前，上合组织视频峰会取得了丰硕成果，与会各国领导人为本组织下阶段发展擘画了蓝图，指明了方向。"


def test_same_output_as_argostranslate_itself(engine: ArgosEngine) -> None:
    """The batched path honours the package's conventions: argos' own per-sentence translate()
    gives the same text on the same model, unknown-token replacement included."""
    from argostranslate import translate

    texts = [s for s in SENTENCES if s] + [UNK_SENTENCE]
    ours = [h.text for h in engine.translate(texts, no_hints(texts))]
    assert ours == [translate.translate(s, "zh", "en") for s in texts]


def test_empty_batch(engine: ArgosEngine) -> None:
    assert engine.translate([], []) == []
    with pytest.raises(ValueError):
        engine.translate(["a"], [])


@pytest.mark.parametrize("strategy", ["insert", "placeholder"])
def test_every_protected_term_keeps_its_approved_rendering(tmp_path: Path, tiny_zh_en: Path, strategy: glossary.Strategy) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "zh\ten\n东盟\tASEAN\n中美\tChina-US\n内政\tinternal affairs\n人类命运共同体\ta community with a shared future for mankind\n"
        "李克强\tLi Keqiang\n北京\tBeijing\n中国\tChina\n",
        encoding="utf-8",
    )
    gloss = glossary.load(path)
    texts = [s for s in SENTENCES if s]
    hints = [gloss.match(t, "zh") for t in texts]
    assert sum(len(h) for h in hints) >= 8
    eng = ArgosEngine("zh", "en", protect=strategy)
    for hyp, hint in zip(eng.translate(texts, hints), hints):
        for term in hint:
            assert term.target in hyp.text, (strategy, term, hyp.text)
        assert glossary.check(hyp.text, hint) == (list(hint), [])
        assert "ZQX" not in hyp.text


def test_missing_pair_names_the_install_commands(tiny_zh_en: Path) -> None:
    with pytest.raises(InputError) as err:
        ArgosEngine("en", "zh")
    message = str(err.value)
    assert "aligner models install en zh" in message and "aligner models install FILE.argosmodel" in message


def test_en_zh_package_translates_into_chinese(argos_home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    archive = tiny_argosmodel(tmp_path_factory.mktemp("tiny-en-zh"), "en", "zh")
    result = CliRunner().invoke(app, ["models", "install", str(archive)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed argos en-zh 0.1 in ")
    eng = ArgosEngine("en", "zh")
    hint = [TermMatch("ASEAN", "东盟", 0, 5)]
    (hyp,) = eng.translate(["ASEAN is a priority in China's neighborhood diplomacy."], [hint])
    assert "东盟" in hyp.text
    listing = CliRunner().invoke(app, ["models", "list"])
    assert re.search(r"^en-zh\s+argos\s+0\.1\s+\S+", listing.output, re.M), listing.output
    assert re.search(r"^zh-en\s+argos\s+0\.1\s+\S+", listing.output, re.M), listing.output


def test_install_pair_offline_is_one_line_exit_2(argos_home: Path) -> None:
    result = CliRunner().invoke(app, ["models", "install", "zh", "en"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("aligner: error: cannot download the argos package index")
    assert "aligner models install FILE.argosmodel" in result.output


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"not a zip", "zip archive"), (None, "one top-level folder with a metadata.json")],
)
def test_install_bad_file_exit_2(tmp_path: Path, argos_home: Path, content: bytes | None, problem: str) -> None:
    path = tmp_path / "bad.argosmodel"
    if content is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("pkg/readme.txt", "no metadata")
    else:
        path.write_bytes(content)
    result = CliRunner().invoke(app, ["models", "install", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"aligner: error: {path}: not an argos package")
    assert problem in result.output and result.output.count("\n") == 1


def test_models_install_demo_calls_the_demo_installer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argos_home: Path) -> None:
    demo = pytest.importorskip("aligner.engines.demo")
    calls = []
    monkeypatch.setattr(demo, "install_demo", lambda: calls.append(1) or tmp_path / "demo.gguf")
    result = CliRunner().invoke(app, ["models", "install", "demo"])
    assert result.exit_code == 0, result.output
    assert calls == [1] and str(tmp_path / "demo.gguf") in result.output


def test_models_list_shows_the_demo_llm_when_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_zh_en: Path) -> None:
    demo = pytest.importorskip("aligner.engines.demo")
    monkeypatch.setattr(demo, "installed_demo", lambda: tmp_path / "demo.gguf")
    lines = CliRunner().invoke(app, ["models", "list"]).output.splitlines()
    assert any(re.match(rf"zh-en en-zh\s+llm\s+demo\s+{re.escape(str(tmp_path / 'demo.gguf'))}$", line) for line in lines), lines
    monkeypatch.setattr(demo, "installed_demo", lambda: None)
    assert "llm" not in CliRunner().invoke(app, ["models", "list"]).output


def test_bad_engine_options_are_input_errors(tiny_zh_en: Path) -> None:
    with pytest.raises(InputError, match="unknown term protection 'copy'"):
        ArgosEngine("zh", "en", protect="copy")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="at least 1"):
        ArgosEngine("zh", "en", batch_size=0)


@pytest.fixture()
def package_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argos_home: Path):  # type: ignore[no-untyped-def]
    """A local HTTP server standing in for the argos package index and its download mirror."""
    import functools
    import http.server
    import threading

    from argostranslate import settings

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(settings, "remote_package_index", f"{url}/index.json")
    yield tmp_path, url
    server.shutdown()
    server.server_close()


def test_install_pair_downloads_from_the_index(package_index, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[no-untyped-def]
    import json
    import shutil

    root, url = package_index
    archive = tiny_argosmodel(tmp_path_factory.mktemp("tiny-en-zh"), "en", "zh")
    shutil.copy(archive, root / archive.name)
    entry = {"package_version": "0.1", "argos_version": "1.9.0", "from_code": "en", "from_name": "English", "to_code": "zh", "to_name": "Chinese", "type": "translate"}
    older = dict(entry, package_version="0.0.9", links=[f"{url}/missing.argosmodel"])
    (root / "index.json").write_text(json.dumps([older, dict(entry, links=[f"{url}/{archive.name}"])]), encoding="utf-8")
    result = CliRunner().invoke(app, ["models", "install", "en", "zh"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed argos en-zh 0.1 in ")
    assert ArgosEngine("en", "zh").translate(["ASEAN"], [[]])[0].text
    (root / "index.json").write_text(json.dumps([older]), encoding="utf-8")
    failed = CliRunner().invoke(app, ["models", "install", "en", "zh"])
    assert failed.exit_code == 2 and failed.output.count("\n") == 1
    assert failed.output.startswith("aligner: error: cannot download the en→zh 0.0.9 package (File not found)")
    (root / "index.json").write_text("[]", encoding="utf-8")
    missing = CliRunner().invoke(app, ["models", "install", "en", "zh"])
    assert missing.output == "aligner: error: the argos package index has no en→zh package\n"


def test_bpe_package_same_output_as_argostranslate(tmp_path: Path, tiny_zh_en: Path) -> None:
    """Older argos packages ship Moses + BPE (bpe.model) instead of SentencePiece."""
    from argos_fixtures import build_argosmodel, isolated_argos

    archive = build_argosmodel(tmp_path, "en", "zh", tokenizer="bpe")
    with isolated_argos(tmp_path / "home"):
        from argostranslate import translate

        pkg = packages.install_file(archive)
        assert (pkg.path / "bpe.model").is_file() and not (pkg.path / "sentencepiece.model").exists()
        texts = ["ASEAN is a priority in China's neighborhood diplomacy.", "The Belt and Road Initiative.", "We urge the US side."]
        ours = [h.text for h in ArgosEngine("en", "zh").translate(texts, [[] for _ in texts])]
        assert ours == [translate.translate(t, "en", "zh") for t in texts]
        assert any(ours)


def test_target_prefix_from_metadata_is_forced_and_stripped(tmp_path: Path, tiny_zh_en: Path) -> None:
    """Multilingual packages name the target language with a first target token (metadata
    `target_prefix`): decoding must start with it, and it must not show in the translation."""
    import ctranslate2
    import sentencepiece
    from argos_fixtures import build_argosmodel, isolated_argos

    archive = build_argosmodel(tmp_path, "zh", "en", target_prefix="<2en>")
    with isolated_argos(tmp_path / "home"):
        pkg = packages.install_file(archive)
        assert pkg.target_prefix == "<2en>"
        texts = [s for s in SENTENCES if s]
        ours = [h.text for h in ArgosEngine("zh", "en").translate(texts, [[] for _ in texts])]
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(pkg.path / "model"), compute_type="auto")
    tokens = [sp.encode(t, out_type=str) for t in texts]

    def decoded(prefix: list[list[str]] | None) -> list[str]:
        results = translator.translate_batch(tokens, target_prefix=prefix, beam_size=4, length_penalty=0.2, replace_unknowns=True)
        return [sp.decode_pieces(r.hypotheses[0]).strip() for r in results]

    with_prefix = decoded([["<2en>"]] * len(tokens))
    assert all(t.startswith("<2en>") for t in with_prefix)
    assert ours == [t.removeprefix("<2en>").strip() for t in with_prefix]
    assert ours != decoded(None), "the prefix changes what the model writes"


def test_models_list_with_nothing_installed_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argos_home: Path) -> None:
    from argos_fixtures import isolated_argos

    demo = pytest.importorskip("aligner.engines.demo")
    monkeypatch.setattr(demo, "installed_demo", lambda: None)
    with isolated_argos(tmp_path / "empty-home"):
        result = CliRunner().invoke(app, ["models", "list"])
    assert result.exit_code == 0
    assert result.output.startswith("no models installed; try `aligner models install zh en`")
