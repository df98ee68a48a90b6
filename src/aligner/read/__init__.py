"""Reading briefings from disk (seed format, plain text, HTML) into Documents."""

from aligner.read.briefing import read_document

__all__ = ["read_document"]
