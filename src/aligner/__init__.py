"""aligner: offline parallel translation and alignment of press briefings into TMX/XLIFF corpora."""

__version__ = "0.1.0"
