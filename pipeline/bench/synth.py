"""A synthetic corpus for benchmarks: N varied pages built from the bundled articles.

Every page is a new article: a headline and the paragraphs of one bundled article
mixed with paragraphs of others, a publication date spread over ten years, and the
furniture of a real page around it (breadcrumb, metadata line, editor, 上一篇,
disclaimer). Half are scraped text, half HTML. The same seed gives the same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from pipeline.process import clean
from pipeline.records import PageError
from pipeline.settings import Settings
from pipeline.sources.files import kind_of, list_inputs
from pipeline.records import RawPage

_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_民族团结网</title></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/mz">民族工作</a></div>
<div class="crumb">当前位置：首页 &gt; 新闻中心 &gt; 工作动态</div>
<div class="article"><h1>{title}</h1><div class="info">来源：{source}　发布时间：{date}　浏览次数：{views}</div>
<div class="content">{paras}</div><p>责任编辑：{editor}</p></div>
<div class="related"><h3>相关新闻</h3><ul>{related}</ul></div>
<div class="footer">版权所有：民族团结网　京ICP备05021234号　联系电话：010-12345678</div></body></html>"""
_TEXT = """当前位置：首页>新闻中心>工作动态
{title}
来源：{source} 发布日期：{date} 浏览次数：{views}
{paras}
（责任编辑：{editor}）
上一篇：{prev}
下一篇：{next}
网站声明：本网转载的文章仅供参考。版权所有 京ICP备05021234号
"""


def _sources(inputs: list[str]) -> list[tuple[str, str, list[str]]]:
    """(title, source, paragraphs) of the bundled articles."""
    out = []
    for path in list_inputs(inputs):
        kind = kind_of(path)
        if kind not in ("text", "html"):
            continue
        try:
            a = clean(RawPage(uri=path.as_posix(), data=path.read_bytes(), kind=kind), Settings())
        except PageError:
            continue
        paras = [p for p in a.body.split("\n") if len(p) > 20]
        if paras:
            out.append((a.title or paras[0][:20], a.source or "民族团结网", paras))
    return out


def build(inputs: list[str], out: Path, n: int, seed: int = 7) -> Path:
    """Write `n` synthetic pages under `out` (sharded in folders of 1,000); returns `out`."""
    rng = random.Random(seed)
    pool = _sources(inputs)
    editors = ["王晓明", "李红梅", "张建国", "马丽", "杨帆"]
    for i in range(n):
        title, source, paras = pool[i % len(pool)]
        other = pool[rng.randrange(len(pool))][2]
        body = paras[:1] + rng.sample(paras[1:] + other, k=min(len(paras) + 1, len(paras[1:] + other)))
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        fields = dict(title=f"{title}({i})", source=source, date=date.isoformat(), views=rng.randrange(10, 5000),
                      editor=rng.choice(editors), prev=pool[(i + 1) % len(pool)][0], next=pool[(i + 2) % len(pool)][0])
        shard = out / f"{i // 1000:04d}"
        shard.mkdir(parents=True, exist_ok=True)
        if i % 2:
            related = "".join(f"<li><a href='/n/{j}'>{pool[j % len(pool)][0]}</a>（{date}）</li>" for j in range(i, i + 8))
            html = _HTML.format(paras="".join(f"<p>{p}</p>" for p in body), related=related, **fields)
            (shard / f"p{i:06d}.html").write_text(html, encoding="utf-8")
        else:
            (shard / f"p{i:06d}.txt").write_text(_TEXT.format(paras="\n".join(body), **fields), encoding="utf-8")
    return out
