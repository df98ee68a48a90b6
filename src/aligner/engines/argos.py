"""The default engine: installed argos packages, run with CTranslate2 + SentencePiece directly.

argostranslate's own `translate()` re-splits its input into sentences with a sentence-boundary model
and translates one paragraph at a time. Our input is already segmented, so the engine skips both: it
tokenizes the sentences with the package's tokenizer, hands them to `ctranslate2.Translator` in
batches (CTranslate2 sorts each batch by length to minimise padding and restores the order), and
decodes with the same conventions as argostranslate (its SentencePiece or BPE model, the package's
target prefix, beam search of 4 with length penalty 0.2, unknowns replaced from the source), so the
sentences come out as argos would translate them, only faster (see `benchmarks/argos_batch.py`).
Device and compute type follow argos' own settings (ARGOS_DEVICE_TYPE, ARGOS_COMPUTE_TYPE).

Glossary terms are protected through the model (`aligner.glossary.protect` / `restore`): by
default the approved rendering is inserted into the source in place of the term, and restore makes
sure it is in the hypothesis verbatim.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, get_args

from aligner import glossary, langs
from aligner.engines.base import Hypothesis
from aligner.engines.packages import find, model_digest
from aligner.errors import InputError
from aligner.model import TermMatch

if TYPE_CHECKING:
    from ctranslate2 import TranslationResult

DEFAULT_BEAM = 4
LENGTH_PENALTY = 0.2
DEFAULT_PROTECT: glossary.Strategy = "insert"


class ArgosEngine:
    """Batched translation with an installed argos package.

    `threads` is CTranslate2's intra-op thread count (default: argos' ARGOS_INTRA_THREADS setting, whose
    0 lets CTranslate2 choose); `batch_size` the number of sentences per CTranslate2 batch. Options
    that change the output (beam size, protection strategy) are part of the id when they differ from
    the defaults, so cached hypotheses never mix them.
    """

    def __init__(
        self,
        src_lang: str,
        tgt_lang: str,
        *,
        threads: int | None = None,
        batch_size: int = 32,
        beam_size: int = DEFAULT_BEAM,
        protect: glossary.Strategy = DEFAULT_PROTECT,
        max_length: int = 256,
    ) -> None:
        import ctranslate2
        from argostranslate import settings

        self.src_lang = langs.base(src_lang)
        self.tgt_lang = langs.base(tgt_lang)
        threads = settings.intra_threads if threads is None else threads
        if batch_size < 1 or beam_size < 1 or threads < 0:
            raise InputError("batch size and beam size must be at least 1, threads at least 0")
        if protect not in get_args(glossary.Strategy):
            raise InputError(f"unknown term protection {protect!r} (use {' or '.join(get_args(glossary.Strategy))})")
        self.package = find(self.src_lang, self.tgt_lang)
        self.batch_size = batch_size
        self.beam_size = beam_size
        self.protect_strategy = protect
        self.max_length = max_length
        path = self.package.path
        self._tokenizer = _tokenizer_for(path, self.src_lang, self.tgt_lang)
        self._unk = _unknown_token(path / "model")
        try:
            self._translator = ctranslate2.Translator(
                str(path / "model"),
                device=settings.device,
                compute_type=settings.compute_type,
                inter_threads=1,
                intra_threads=threads,
            )
        except (RuntimeError, ValueError) as err:
            raise InputError(f"cannot load the CTranslate2 model: {err}", path / "model") from None
        options = "".join(
            f";{name}={value}"
            for name, value, default in (("beam", beam_size, DEFAULT_BEAM), ("protect", protect, DEFAULT_PROTECT))
            if value != default
        )
        self.id = f"argos:{self.package.pair}@{self.package.version}#{model_digest(path)[:12]}{options}"

    def translate(self, texts: Sequence[str], hints: Sequence[Sequence[TermMatch]]) -> list[Hypothesis]:
        """One hypothesis per text, in order; empty texts give empty hypotheses without a model call."""
        if len(hints) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(hints)} hint lists")
        protected = [glossary.protect(t, h, self.protect_strategy) for t, h in zip(texts, hints)]
        todo = [i for i, p in enumerate(protected) if p.text.strip()]
        results = [Hypothesis("") for _ in texts]
        if not todo:
            return results
        tokens = [self._tokenizer.encode(protected[i].text) for i in todo]
        outputs = self._decode(tokens, replace_unknowns=False)
        unknown = [k for k, out in enumerate(outputs) if self._unk in out.hypotheses[0]]
        if unknown:
            redone = self._decode([tokens[k] for k in unknown], replace_unknowns=True)
            for k, out in zip(unknown, redone):
                outputs[k] = out
        prefix = self.package.target_prefix
        for i, out in zip(todo, outputs):
            pieces = out.hypotheses[0]
            text = self._tokenizer.decode(pieces)
            if prefix and text.startswith(prefix):
                text = text[len(prefix) :]
            text = glossary.restore(text.strip(), protected[i])
            results[i] = Hypothesis(text, _confidence(out.scores[0], len(pieces)))
        return results

    def _decode(self, tokens: list[list[str]], *, replace_unknowns: bool) -> list[TranslationResult]:
        """CTranslate2 beam search with argos' options. Replacing unknowns from the source needs the
        attention of every step and is several times slower on large batches, so it is only asked
        for the few sentences whose hypothesis has an <unk>: same search, same output, faster."""
        prefix = self.package.target_prefix
        return self._translator.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            max_batch_size=self.batch_size,
            beam_size=self.beam_size,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=replace_unknowns,
            max_decoding_length=self.max_length,
            return_scores=True,
        )


def _unknown_token(model_dir: Path) -> str:
    """The model's unknown-target token, from CTranslate2's config.json (older models have none)."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "<unk>"
    return config.get("unk_token") or "<unk>"


def _confidence(score: float, pieces: int) -> float:
    """Mean token probability: CTranslate2 returns the log-probability of the pieces and </s> divided
    by their count to the power of the length penalty."""
    steps = pieces + 1
    return math.exp(score * steps**LENGTH_PENALTY / steps)


@dataclass(frozen=True)
class _Tokenizer:
    """The package's own tokenizer: SentencePiece when it ships sentencepiece.model, else argos'
    BPE tokenizer (Moses + subword-nmt) of the older bpe.model packages."""

    encode: Callable[[str], list[str]]
    decode: Callable[[list[str]], str]


def _tokenizer_for(path: Path, src: str, tgt: str) -> _Tokenizer:
    sp_model = path / "sentencepiece.model"
    if sp_model.is_file():
        import sentencepiece

        sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        return _Tokenizer(lambda text: sp.encode(text, out_type=str), sp.decode_pieces)
    if (path / "bpe.model").is_file():
        from argostranslate.tokenizer import BPETokenizer

        bpe = BPETokenizer(path / "bpe.model", src, tgt)
        return _Tokenizer(bpe.encode, bpe.decode)
    raise InputError("the package has neither sentencepiece.model nor bpe.model", path)
