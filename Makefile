# Two commands do everything on a fresh machine with Python >= 3.11:
#   make book   set up .venv and build the website into _build/html
#   make test   set up .venv and run every test (unit, property, notebooks, student export, book build)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Trained models are cached here so that chapters (and the two languages) share training runs.
export EMBSTAB_CACHE ?= $(CURDIR)/.cache/embstab
export PYTHONHASHSEED ?= 0
# One BLAS thread per process: our matrices are small, and oversubscribed OpenBLAS threads (kernel + training
# workers on 2 cores) can be 10-20x slower than one.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: all setup book test test-fast test-browser lint doctest mutation student set-repo clean bench cold-times

all: book

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

book: setup
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going .
	@echo "Website: $(CURDIR)/_build/html/index.html"

# Everything: library tests, every notebook of both languages executed once (two at a time), the student export,
# and the full -W book build from those executions. Per-notebook times: _build/notebook_times.txt.
test: setup lint doctest
	EMBSTAB_STRICT_CHECKS=1 $(PY) -m pytest tests -p no:cacheprovider

# The website as a reader's browser shows it (tests/test_browser.py): headless Chromium on the built site with the
# network unused -- formulas typeset, figures, buttons, language switch, search, no overflow at 390/1280 px.  Screenshots
# of every page: _build/screenshots/.  Builds the site first when it is missing or older than its sources.  Needs
# Debian's Chromium:
#   apt-get install -y chromium chromium-driver
# (.ci/run installs it and runs this after `make test`; inside `make test` the browser test shows as skipped.)
test-browser: setup
	@if [ ! -f _build/html/index.html ] || [ -n "$$(find _toc.yml _config.yml index.md chapters guide _ext _static \
	      _data -newer _build/html/index.html -print -quit)" ]; then $(MAKE) book; fi
	EMBSTAB_BROWSER_TEST=1 $(PY) -m pytest tests/test_browser.py -p no:cacheprovider

# Each chapter alone with an empty model cache, against its time budget (CONTRIBUTING.md, rule 5): English by
# default, `make cold-times COLD_LANG=vi` for the Vietnamese twins.  About 15 minutes; run it on an idle machine.
cold-times: setup
	$(PY) tools/cold_run.py --lang $(or $(COLD_LANG),en)

# Style: ruff lint + format check of the library, the tests and the tools (configured in pyproject.toml; notebooks
# are not reformatted).  `$(VENV)/bin/ruff format embstab_lib tests tools` fixes the formatting.
lint: setup
	$(VENV)/bin/ruff check embstab_lib tests tools
	$(VENV)/bin/ruff format --check embstab_lib tests tools

# The examples in the library's docstrings (those that need trained models are marked +SKIP).  They run without
# tests/conftest.py, and their load_corpus / synthetic_corpus / sweep_corpus calls write to the disk cache: it is a
# temporary folder here, removed afterwards, so that the doctests neither read nor fill the course's cache.
doctest: setup
	cache=$$(mktemp -d) || exit 1; \
	EMBSTAB_CACHE="$$cache" $(PY) -m pytest --doctest-modules embstab_lib -q -p no:cacheprovider; \
	status=$$?; rm -rf "$$cache"; exit $$status

# Mutation testing of the numeric core (compare/, stats.py) against its fast unit tests, with mutmut (pinned in
# requirements-dev.txt, installed here only; configured in pyproject.toml).  faiss-cpu (requirements-bench.txt) is
# installed too, so that the tests comparing the faiss backend with NumPy run on the mutants of its code path.
# Not part of `make test`: about 10 minutes on an idle 2-core machine (45 when the machine is busy).  Prints the score of every module and the surviving
# mutants; fails when a module (or the whole) is below 90 % killed.
mutation: setup
	$(PY) -m pip install --quiet -r requirements-dev.txt -r requirements-bench.txt
	rm -rf mutants
	EMBSTAB_HYPOTHESIS_EXAMPLES=20 $(VENV)/bin/mutmut run --max-children 2 >/dev/null || true
	$(PY) tools/mutation_report.py --min-score 90

# Benchmarks (not timed tests): k-NN search vs faiss-cpu (installed here only, from requirements-bench.txt) and plain
# NumPy at V = 20 000, and the full assessment of a pair at V = 50 000.  Prints the machine, its load and the ratios.
bench: setup
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) benchmarks/run.py

# Library tests only (no notebooks, no book build): quick feedback while developing.
test-fast: setup
	EMBSTAB_STRICT_CHECKS=1 $(PY) -m pytest tests -m "not slow" -p no:cacheprovider

student: setup
	$(PY) -m embstab_lib.assign --src chapters --out student

# Point the Colab buttons and set-up cells at your own public repository:  make set-repo URL=https://github.com/you/embstab
set-repo: setup
	$(PY) tools/set_repo_url.py "$(URL)"

clean:
	rm -rf _build student .pytest_cache .hypothesis mutants
