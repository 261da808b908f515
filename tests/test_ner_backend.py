"""The --ner option's failures: a one-line reason, no fallback, no network wait."""

from __future__ import annotations

import importlib.machinery

import pytest
from conftest import ROOT, run_minzu

from pipeline import ner


@pytest.fixture(autouse=True)
def fresh_cache():
    ner._model.cache_clear()
    yield
    ner._model.cache_clear()


def test_without_the_extra_the_error_says_what_to_install(monkeypatch):
    real = ner.importlib.util.find_spec
    monkeypatch.setattr(ner.importlib.util, "find_spec", lambda name: None if name == "hanlp" else real(name))
    with pytest.raises(ner.NerUnavailable, match=r"pip install 'minzu\[hanlp\]'"):
        ner.load("hanlp:/models/msra")


@pytest.fixture
def hanlp_found(monkeypatch):
    """The extra looks installed, with or without it: the spec and folder checks come before
    hanlp is imported, so they run in `make test` too. A check that let a bad spec through
    would reach `import hanlp` and fail the test (ImportError, or a NerUnavailable of another
    reason where the extra is installed)."""
    real = ner.importlib.util.find_spec
    found = importlib.machinery.ModuleSpec("hanlp", None)
    monkeypatch.setattr(ner.importlib.util, "find_spec", lambda name: found if name == "hanlp" else real(name))


@pytest.mark.parametrize("spec, allow, message", [
    ("spacy:/models/x", False, "takes hanlp:PATH"),
    ("hanlp:", False, "takes hanlp:PATH"),
    ("hanlp:./no/such/folder", False, "no HanLP model at ./no/such/folder"),
    ("hanlp:MSRA_NER_ELECTRA_SMALL_ZH", False, "add --allow-download"),
])
def test_a_bad_spec_is_refused_with_the_reason(hanlp_found, spec, allow, message):
    with pytest.raises(ner.NerUnavailable, match=message):
        ner.load(spec, allow)


def test_a_folder_without_a_model_is_refused(hanlp_found, tmp_path):
    with pytest.raises(ner.NerUnavailable, match="no config.json"):
        ner.load(f"hanlp:{tmp_path}")


def test_the_command_stops_before_any_page_without_trying_a_download(tmp_path):
    # Whether the extra is installed or not, a pretrained id without --allow-download is refused
    # before HanLP is asked for anything: the reason names the option (or the extra to install).
    result = run_minzu("run", ROOT / "corpora" / "seeds", "--out", tmp_path / "out", "--ner",
                       "hanlp:MSRA_NER_ELECTRA_SMALL_ZH")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "--allow-download" in result.stderr or "pip install" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_page_the_backend_fails_on_keeps_its_article_and_gets_an_error_row(monkeypatch):
    from pipeline.process import process
    from pipeline.records import RawPage
    from pipeline.settings import Settings

    def broken(analysis):
        raise ValueError("bad batch")

    monkeypatch.setattr(ner, "load", lambda spec, allow_download=False: broken)
    path = ROOT / "corpora" / "articles" / "t01_qdn_hangzhou_xieyi.txt"
    result = process(RawPage(uri=str(path), data=path.read_bytes(), kind="text"), Settings(ner="hanlp:/any"))
    assert result.article is not None and result.extraction.officials
    assert [(n.stage, n.error) for n in result.notes] == [("ner", "ner_failed")]
