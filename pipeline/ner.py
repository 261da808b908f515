"""The optional NER backend: a HanLP model loaded from a folder, run over an article's sentences.

    --ner hanlp:PATH                      a model saved by HanLP (a folder with config.json)
    --ner hanlp:MODEL_ID --allow-download  one of HanLP's pretrained ids, fetched by HanLP

Nothing here is used unless a run asks for it, and nothing falls back silently: no
hanlp installed, no model at PATH, or an id without --allow-download is a one-line
`NerUnavailable` before the first page is processed. A model is loaded once per
process (forked pool workers share the parent's).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

from extractors.analysis import Analysis
from extractors.ner_merge import KINDS, Span

BATCH = 32  # sentences per call to the model
MAX_SENTENCE = 256  # characters: longer sentences are cut into pieces this long for the model


class NerUnavailable(RuntimeError):
    """The NER backend asked for cannot be used, and what to do about it."""


def parse_spec(spec: str) -> tuple[str, str]:
    """'hanlp:PATH' -> ('hanlp', 'PATH')."""
    backend, _, target = spec.partition(":")
    if backend != "hanlp" or not target:
        raise NerUnavailable(f"--ner takes hanlp:PATH (a model folder) or hanlp:MODEL_ID, not {spec!r}")
    return backend, target


@functools.lru_cache(maxsize=2)
def _model(target: str, allow_download: bool):
    if importlib.util.find_spec("hanlp") is None:
        raise NerUnavailable("--ner hanlp needs the HanLP extra: pip install 'minzu[hanlp]'")
    path = Path(target).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise NerUnavailable(f"{path} holds no HanLP model (no config.json): save one there with HanLP, "
                                 "or give a pretrained id with --allow-download")
        source = str(path.resolve())
    elif allow_download:
        source = target  # a pretrained id or URL; HanLP fetches it into HANLP_HOME
    elif "/" in target or target.startswith("."):
        raise NerUnavailable(f"no HanLP model at {target}: put a model saved by HanLP in that folder "
                             "(config.json and model.pt), or give a pretrained id with --allow-download")
    else:
        raise NerUnavailable(f"{target} is not a model folder; to let HanLP download its pretrained model "
                             f"{target}, add --allow-download")
    os.environ.setdefault("HANLP_VERBOSE", "0")
    import hanlp
    import torch

    # One thread per process: minzu scales by worker processes (--workers), and torch's own
    # thread pool on top of them would oversubscribe the cores.
    torch.set_num_threads(1)
    try:
        return hanlp.load(source)
    except Exception as exc:  # HanLP raises many kinds: a bad folder, a failed download, a torch error
        raise NerUnavailable(f"HanLP could not load {target}: {type(exc).__name__}: {str(exc)[:200]}") from exc


def load(spec: str, allow_download: bool = False) -> Callable[[Analysis], list[Span]]:
    """The recogniser for a --ner spec: analysed article -> spans with body offsets."""
    _, target = parse_spec(spec)
    model = _model(target, allow_download)

    def recognise(analysis: Analysis) -> list[Span]:
        body = analysis.body
        pieces = []  # (start offset in body, characters)
        for sentence in analysis.sentences:
            for at in range(sentence.start, sentence.end, MAX_SENTENCE):
                chars = list(body[at:min(sentence.end, at + MAX_SENTENCE)])
                if any(not c.isspace() for c in chars):
                    pieces.append((at, chars))
        spans = []
        for i in range(0, len(pieces), BATCH):
            batch = pieces[i:i + BATCH]
            results = model.predict([chars for _, chars in batch], batch_size=BATCH)
            for (at, chars), entities in zip(batch, results):
                for entity in entities:
                    text, label, begin, end = entity[:4]
                    # Offsets are in tokens, which are characters here: the span's text is checked.
                    if KINDS.get(str(label).upper()) and "".join(chars[begin:end]) == text:
                        spans.append(Span(text, str(label), at + begin, at + end))
        return spans

    return recognise
