# minzu: `make run` and `make test` work on a fresh machine (they create .venv first).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS := corpora/seeds corpora/articles
OUT := data
BENCH := ../shared/bench/html-zh
# The figures `make eval` must keep (make test checks them too); raise them on purpose.
FLOOR := corpora/quality_floor.toml

.PHONY: run test test-hanlp fuzz eval bench bench-html bench-crawl system-deps clean

$(BIN)/minzu: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/minzu
	$(BIN)/minzu run $(CORPUS) --out $(OUT)

# Debian packages the tests need: Chromium opens the HTML report, a CJK font draws the
# figures' Chinese labels. Installed only when missing (as root, or through sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qiE "wenquanyi|noto sans cjk"; then \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; fi

test: $(BIN)/minzu system-deps
	$(BIN)/pytest

# The optional HanLP backend: installs the extra (torch CPU build, hanlp; about 1 GB), then
# runs the tests that train a tiny model and run it through `minzu run --ner`.
$(VENV)/.hanlp: pyproject.toml $(BIN)/minzu
	$(BIN)/pip install --quiet -e '.[test,hanlp]'
	touch $@

test-hanlp: $(VENV)/.hanlp
	$(BIN)/pytest -m hanlp

# The property tests of tests/test_properties.py at scale: FUZZ_N inputs per target (pipeline/fuzz.py).
FUZZ_N ?= 100000
fuzz: $(BIN)/minzu
	$(BIN)/minzu fuzz --examples $(FUZZ_N)

eval: $(BIN)/minzu
	$(BIN)/minzu run $(CORPUS) --out $(OUT) --quiet
	@echo "== development gold (corpora/gold)"
	$(BIN)/minzu eval --gold corpora/gold --pred $(OUT) --floor $(FLOOR) --set development
	$(BIN)/minzu run corpora/heldout/pages --out $(OUT)-heldout --quiet
	@echo "== held-out gold (corpora/heldout/gold)"
	$(BIN)/minzu eval --gold corpora/heldout/gold --pred $(OUT)-heldout --floor $(FLOOR) --set heldout

BENCH_N ?= 2000
bench: $(BIN)/minzu
	$(BIN)/minzu bench $(CORPUS) -n 3000
	$(BIN)/minzu bench $(CORPUS) --scale $(BENCH_N)

bench-html: $(BIN)/minzu
	$(BIN)/minzu bench-html $(BENCH)

# At the default politeness (1 s delay), then at no delay: the crawler's own ceiling.
bench-crawl: $(BIN)/minzu
	$(BIN)/minzu bench-crawl --pages 60 --delay 1
	$(BIN)/minzu bench-crawl --pages 300 --delay 0

clean:
	rm -rf $(VENV) $(OUT) $(OUT)-heldout *.egg-info
