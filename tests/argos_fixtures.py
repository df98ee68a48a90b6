"""A tiny, real argos package built on the spot, and an isolated argos home to install it into.

No zh-en argos package can be downloaded in CI, so the tests build one with the same layout as the
published packages: a CTranslate2 Transformer (random weights, fixed seed) in `model/`, a
SentencePiece model trained on a few lines as `sentencepiece.model`, a MiniSBD ONNX sentence splitter
in `minisbd/`, and `metadata.json`, zipped as `.argosmodel` and installed with argostranslate's own
`install_from_path`. Its translations are garbage but deterministic; what it proves is the real
loading, tokenizing, batching and decoding path. Building it takes about half a second.

`isolated_argos(root)` points argostranslate (and minisbd) at directories under `root`, through the
environment for code that reads it later and by patching `argostranslate.settings` in case it was
already imported, so nothing touches the real home directory.
"""

from __future__ import annotations

import json
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

TRAINING_LINES = [
    "国务院总理李克强将于11月30日在北京应邀出席上海合作组织成员国政府首脑理事会第十九次会议。",
    "东盟是中国周边外交的优先方向。近年来，中国—东盟各领域合作持续深化，双方关系不断加强。",
    "加快“一带一路”倡议和韩方国家发展战略对接，推动第三方市场合作。",
    "中美关系的发展符合两国人民的根本利益。中方对此表示强烈不满和坚决反对。",
    "我们敦促美方停止干涉中国内政。人类命运共同体理念得到国际社会广泛认同。",
    "Premier Li Keqiang will attend the meeting of the Council of Heads of Government of SCO member states.",
    "ASEAN is a priority in China's neighborhood diplomacy. Cooperation has been deepening in recent years.",
    "The Belt and Road Initiative and the Republic of Korea's national development strategies.",
    "China-US relations serve the fundamental interests of both peoples. China is strongly dissatisfied.",
    "We urge the US side to stop interfering in China's internal affairs and a community with a shared future for mankind.",
]

LAYERS = 1
HEADS = 2
D_MODEL = 16
FFN = 32
SEED = 20201126


def _train_sentencepiece(workdir: Path, symbols: list[str]) -> Path:
    import sentencepiece as spm

    prefix = workdir / "sentencepiece"
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(TRAINING_LINES),
        model_prefix=str(prefix),
        vocab_size=300,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        normalization_rule_name="identity",
        minloglevel=2,
        num_threads=1,
        user_defined_symbols=symbols,
    )
    return prefix.with_suffix(".model")


def _transformer(vocab: list[str], model_dir: Path) -> None:
    from ctranslate2.specs import model_spec, transformer_spec

    rng = np.random.default_rng(SEED)
    d, f, v = D_MODEL, FFN, len(vocab)
    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS)
    shapes = {
        "embeddings_0/weight": (v, d),
        "embeddings/weight": (v, d),
        "projection/weight": (v, d),
        "self_attention/linear_0/weight": (3 * d, d),
        "self_attention/linear_1/weight": (d, d),
        "attention/linear_0/weight": (d, d),
        "attention/linear_1/weight": (2 * d, d),
        "attention/linear_2/weight": (d, d),
        "ffn/linear_0/weight": (f, d),
        "ffn/linear_1/weight": (d, f),
    }
    for name, value in spec.variables().items():
        if value is not None:
            continue
        scope, _, attr = name.rpartition("/")
        layer = model_spec.index_spec(spec, scope)
        if attr == "gamma":
            array = np.ones(d, dtype=np.float32)
        elif attr == "beta":
            array = np.zeros(d, dtype=np.float32)
        else:
            shape = next(s for key, s in shapes.items() if name.endswith(key))
            array = (rng.standard_normal(shape) * 0.5).astype(np.float32)
        setattr(layer, attr, array)
    # Make </s> likely enough that outputs stay a few dozen tokens long.
    spec.decoder.projection.bias = np.where(np.array(vocab) == "</s>", 1.5, 0.0).astype(np.float32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def _minisbd_stub(path: Path, lang: str) -> None:
    """An ONNX graph with MiniSBD's interface (units, features → per-character logits over 5 labels)
    that marks every character as a token end and never a sentence end: MiniSBD then returns the
    paragraph as one sentence, which is what a pre-segmented sentence is."""
    import onnx
    from onnx import TensorProto, helper

    logits = helper.make_tensor("label_bias", TensorProto.FLOAT, [5], [0.0, 5.0, 0.0, 0.0, 0.0])
    zero = helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0])
    nodes = [
        helper.make_node("Cast", ["units"], ["units_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["units_f", "axis"], ["units_3d"]),
        helper.make_node("Mul", ["units_3d", "zero"], ["zeros"]),
        helper.make_node("Add", ["zeros", "label_bias"], ["logits"]),
    ]
    axis = helper.make_tensor("axis", TensorProto.INT64, [1], [2])
    graph = helper.make_graph(
        nodes,
        "minisbd_stub",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", "feats"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", 5])],
        initializer=[logits, zero, axis],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    units = ["<PAD>", "<UNK>"] + sorted({c for line in TRAINING_LINES for c in line})
    vocab = {"lang": lang, "idx": 0, "cutoff": 0, "lower": False, "_unit2id": {u: i for i, u in enumerate(units)}, "_id2unit": units}
    config = {"feat_funcs": [], "max_seqlen": 300, "batch_size": 32, "use_dictionary": False, "num_dict_feat": 0}
    for key, value in {"lang_code": lang, "config": json.dumps(config), "vocab": json.dumps(vocab, ensure_ascii=False), "lexicon": "null"}.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())


def _sentencepiece_vocab(pkg: Path, symbols: list[str]) -> list[str]:
    import sentencepiece as spm

    sp_model = _train_sentencepiece(pkg, symbols)
    (pkg / "sentencepiece.vocab").unlink()
    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _bpe_vocab(pkg: Path) -> list[str]:
    """The older argos layout: Moses tokenization + subword-nmt BPE codes in `bpe.model`. With no
    merges every word is split into characters (h@@ e@@ l@@ l@@ o), so the vocabulary is every
    character of the training lines (and of Moses' escapes such as &apos;), alone and with @@."""
    (pkg / "bpe.model").write_text("#version: 0.2\n", encoding="utf-8")
    chars = sorted({c for line in TRAINING_LINES for c in line if not c.isspace()} | set("&;#"))
    return ["<unk>", "<s>", "</s>", *chars, *(f"{c}@@" for c in chars)]


def build_argosmodel(
    dest: Path, src: str = "zh", tgt: str = "en", version: str = "0.1", tokenizer: str = "sentencepiece", target_prefix: str = ""
) -> Path:
    """Build `dest/translate-{src}_{tgt}-{version}.argosmodel` and return its path; `tokenizer` is
    "sentencepiece" (current packages) or "bpe" (older ones); a `target_prefix` (multilingual
    packages) goes into metadata.json and into the SentencePiece model as a symbol of its own."""
    name = f"translate-{src}_{tgt}-{version.replace('.', '_')}"
    pkg = dest / "build" / name
    (pkg / "minisbd").mkdir(parents=True, exist_ok=True)
    vocab = _sentencepiece_vocab(pkg, [target_prefix] if target_prefix else []) if tokenizer == "sentencepiece" else _bpe_vocab(pkg)
    _transformer(vocab, pkg / "model")
    _minisbd_stub(pkg / "minisbd" / f"{src}.onnx", src)
    names = {"zh": "Chinese", "en": "English"}
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": src,
        "from_name": names[src],
        "to_code": tgt,
        "to_name": names[tgt],
        "type": "translate",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (pkg / "README.md").write_text("A tiny random-weight test model built by tests/argos_fixtures.py.\n", encoding="utf-8")
    archive = dest / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(pkg.rglob("*")):
            if file.is_file():
                zf.write(file, file.relative_to(pkg.parent))
    return archive


@contextmanager
def isolated_argos(root: Path) -> Iterator[Path]:
    """Point argostranslate's package, data, config and cache directories (and minisbd's cache) at
    `root`; restore everything afterwards."""
    dirs = {"XDG_DATA_HOME": root / "data", "XDG_CONFIG_HOME": root / "config", "XDG_CACHE_HOME": root / "cache"}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    packages = dirs["XDG_DATA_HOME"] / "argos-translate" / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in dirs.items():
            mp.setenv(key, str(value))
        mp.setenv("ARGOS_PACKAGES_DIR", str(packages))
        mp.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
        from argostranslate import settings

        data_dir = dirs["XDG_DATA_HOME"] / "argos-translate"
        cache_dir = dirs["XDG_CACHE_HOME"] / "argos-translate"
        (cache_dir / "downloads").mkdir(parents=True, exist_ok=True)
        mp.setattr(settings, "data_dir", data_dir)
        mp.setattr(settings, "package_data_dir", packages)
        mp.setattr(settings, "package_dirs", [packages])
        mp.setattr(settings, "cache_dir", cache_dir)
        mp.setattr(settings, "downloads_dir", cache_dir / "downloads")
        mp.setattr(settings, "local_package_index", data_dir / "index.json")
        mp.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
        from minisbd import models as minisbd_models

        mp.setattr(minisbd_models, "cache_dir", str(data_dir / "minisbd"))
        from argostranslate.translate import get_installed_languages

        get_installed_languages.cache_clear()
        yield packages
        get_installed_languages.cache_clear()


_BUILT: dict[str, Path] = {}


def tiny_argosmodel(dest: Path, src: str = "zh", tgt: str = "en") -> Path:
    """The tiny package for a pair, built once per test session (several test modules share it)."""
    key = f"{src}-{tgt}"
    if key not in _BUILT or not _BUILT[key].exists():
        _BUILT[key] = build_argosmodel(dest, src, tgt)
    return _BUILT[key]



@pytest.fixture(scope="session")
def argos_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An isolated argos home for the whole session; yields its packages folder."""
    with isolated_argos(tmp_path_factory.mktemp("argos-home")) as packages:
        yield packages


@pytest.fixture(scope="session")
def tiny_zh_en(argos_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny zh→en package, installed through argostranslate; returns the .argosmodel file."""
    from aligner.engines import packages

    archive = tiny_argosmodel(tmp_path_factory.mktemp("tiny-model"), "zh", "en")
    packages.install_file(archive)
    return archive
