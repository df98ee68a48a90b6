# The README's two set-up commands: `make demo` (the main job) and `make test`.
# The CPU torch pin is installed before anything else: argostranslate pulls stanza, which asks for
# a bare `torch`, and without the pin pip would fetch a multi-GB CUDA build.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TORCH_PIN := torch==2.13.0
STAMP := $(VENV)/.installed

.PHONY: install test demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH_PIN)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

test: $(STAMP)
	$(PY) -m pytest -q

demo: $(STAMP)
	@echo "The translate command has not landed yet: segmenting seeds/ into corpora/ instead."
	@mkdir -p corpora
	@for f in seeds/*.txt; do \
	  out=corpora/$$(basename $$f .txt).segments.jsonl; \
	  $(VENV)/bin/aligner segment "$$f" --lang auto --json > "$$out.tmp" && mv "$$out.tmp" "$$out" && echo "wrote $$out"; \
	done

clean:
	rm -rf $(VENV) build src/*.egg-info
