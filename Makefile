# minzu: `make run` and `make test` work on a fresh machine (they create .venv first).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS := corpora/seeds corpora/articles
OUT := data
BENCH := ../shared/bench/html-zh
# The figures `make eval` must keep (make test checks them too); raise them on purpose.
FLOOR := corpora/quality_floor.toml

.PHONY: run test test-random test-hanlp test-spark spark-deps fuzz eval bench bench-compare bench-html bench-crawl system-deps clean

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

# The suite twice in random order (modules shuffled, and the tests within each), with two
# seeds: no test may depend on another having run before it. SEEDS="1 2" picks others.
SEEDS ?= 13 2026
test-random: $(BIN)/minzu system-deps
	@for seed in $(SEEDS); do echo "== random order, seed $$seed"; \
	  $(BIN)/pytest --random-order-bucket=module --random-order-seed=$$seed || exit 1; done

# The optional HanLP backend: installs the extra (torch CPU build, hanlp; about 1 GB), then
# runs the tests that train a tiny model and run it through `minzu run --ner`.
$(VENV)/.hanlp: pyproject.toml $(BIN)/minzu
	$(BIN)/pip install --quiet -e '.[test,hanlp]'
	touch $@

test-hanlp: $(VENV)/.hanlp
	$(BIN)/pytest -m hanlp

# Spark reads the tables as a data team would (spark.read.parquet, local mode): installs the
# spark extra (pyspark) and, when no Java 17 or later is on the PATH (Spark 4 needs it),
# Debian's default JRE (as root, or through sudo); then runs the tests marked spark.
$(VENV)/.spark: pyproject.toml $(BIN)/minzu
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $@

spark-deps:
	@if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; fi

test-spark: $(VENV)/.spark spark-deps
	$(BIN)/pytest -m spark

# The property tests of tests/test_properties.py at scale: FUZZ_N inputs per target (pipeline/fuzz.py).
FUZZ_N ?= 100000
fuzz: $(BIN)/minzu
	$(BIN)/minzu fuzz --examples $(FUZZ_N)

eval: $(BIN)/minzu
	$(BIN)/minzu run $(CORPUS) --out $(OUT) --quiet --rebuild
	@echo "== development gold (corpora/gold)"
	$(BIN)/minzu eval --gold corpora/gold --pred $(OUT) --floor $(FLOOR) --set development
	$(BIN)/minzu run corpora/heldout/pages --out $(OUT)-heldout --quiet --rebuild
	@echo "== held-out gold (corpora/heldout/gold)"
	$(BIN)/minzu eval --gold corpora/heldout/gold --pred $(OUT)-heldout --floor $(FLOOR) --set heldout

BENCH_N ?= 2000
bench: $(BIN)/minzu
	$(BIN)/minzu bench $(CORPUS) -n 3000
	$(BIN)/minzu bench $(CORPUS) --scale $(BENCH_N)

# This tree against an earlier commit in one run (ratios, and every table compared row by row):
# make bench-compare REV=775959b
REV ?= HEAD
bench-compare: $(BIN)/minzu
	$(BIN)/minzu bench $(CORPUS) -n 1500 --against $(REV)

bench-html: $(BIN)/minzu
	$(BIN)/minzu bench-html $(BENCH)

# At the default politeness (1 s delay), then at no delay: the crawler's own ceiling.
bench-crawl: $(BIN)/minzu
	$(BIN)/minzu bench-crawl --pages 60 --delay 1
	$(BIN)/minzu bench-crawl --pages 300 --delay 0

clean:
	rm -rf $(VENV) $(OUT) $(OUT)-heldout *.egg-info
