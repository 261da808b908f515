"""A corpus of hostile inputs, generated on the spot (nothing big is committed).

`build(folder)` writes one file (or link, pipe, folder) per kind and returns, for each
kind, its path and what a run must make of it: how many articles and which errors
rows (stage/error). Bombs are built by repeating one fully flushed deflate segment, so
a 1 GB bomb costs a second to make, not the minute compressing a gigabyte would.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# An invented article: long enough, and prose enough, to be kept as one.
ARTICLE = (
    "本报讯 近日,某自治州民族宗教事务委员会召开民族团结进步创建工作推进会议。\n"
    "会议指出,要深入开展民族团结进步创建活动,推动各民族交往交流交融,铸牢中华民族共同体意识。\n"
    "会议要求,各县市要把创建工作同乡村振兴、基层治理结合起来,办好民生实事,让各族群众共享发展成果。\n"
    "会上,与会人员交流了开展民族团结进步示范村建设的做法和经验,并就下一步工作进行了讨论和部署。\n"
)


def html(title: str = "民族团结进步创建工作推进会议召开", body: str = ARTICLE, charset: str = "utf-8") -> str:
    """A plain news page holding `body` as paragraphs."""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.splitlines())
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><div class=\"article\">{paragraphs}</div></body></html>")


def record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", headers=(),
           kind: str = "response", gzip_member: bool = True) -> bytes:
    """One WARC record (a gzip member of its own, or plain)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_member)
    http = None
    if kind in ("response", "request", "revisit"):
        status = "GET / HTTP/1.1" if kind == "request" else "200 OK"
        http = StatusAndHeaders(status, [("Content-Type", content_type), *headers],
                                protocol="" if kind == "request" else "HTTP/1.1", is_http_request=kind == "request")
    warc_headers = None
    if kind == "revisit":
        warc_headers = {"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                        "WARC-Refers-To-Target-URI": url}
    rec = writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict=warc_headers, length=None)
    writer.write_record(rec)
    return out.getvalue()


def bomb(path: Path, segment: bytes, total: int) -> None:
    """A valid gzip of `segment` repeated to `total` bytes, in about total/1000 bytes on disk.

    After a full flush deflate forgets its history, so the compressed bytes of a segment
    are the same every time: compress it once, repeat it, and write the trailer (CRC and
    size) of the whole.
    """
    first = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = first.compress(segment) + first.flush(zlib.Z_FULL_FLUSH)  # gzip header + segment
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = again.compress(segment) + again.flush(zlib.Z_FULL_FLUSH)  # the segment alone
    count = total // len(segment)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(segment, crc)
    with path.open("wb") as out:
        out.write(head)
        for _ in range(count - 1):
            out.write(body)
        out.write(b"\x03\x00")  # an empty final block
        out.write(struct.pack("<II", crc, (count * len(segment)) & 0xFFFFFFFF))


URL_BASE = "http://news.example.org/"


@dataclass
class Kind:
    """One hostile input and the outcome a run must give it."""

    name: str
    path: Path
    articles: int  # articles it must give
    errors: tuple[str, ...]  # stage/error of the errors rows it must give, sorted
    uri: str | None = None  # the uri its rows carry, when not its path


def build(root: Path) -> list[Kind]:
    """Write every hostile kind under `root`; return them with their expected outcomes."""
    root.mkdir(parents=True, exist_ok=True)
    page = html().encode("utf-8")
    kinds: list[Kind] = []

    def add(name: str, filename: str, data: bytes | None, articles: int, *errors: str) -> Path:
        path = root / filename
        if data is not None:
            path.write_bytes(data)
        kinds.append(Kind(name, path, articles, tuple(sorted(errors))))
        return path

    # -- WARC: every record's URL names its file, http://news.example.org/FILE/NAME.html --
    def url(filename: str, name: str) -> str:
        return f"{URL_BASE}{filename}/{name}.html"

    add("truncated gzip WARC (the issue's bytes)", "issue-truncated.warc.gz",
        gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n")[:-7],
        0, "read/truncated")
    f = "cut-mid-body.warc.gz"
    last = record(url(f, "c"), page)
    add("Common-Crawl-style WARC, last record cut mid HTTP body", f,
        record(url(f, "a"), page) + record(url(f, "b"), page) + cut_mid_body(last), 2, "read/truncated")
    bomb(root / "bomb-zeros.warc.gz", b"\0" * 2**20, 2**30)
    kinds.append(Kind("compression bomb: 1 GB of zeros", root / "bomb-zeros.warc.gz", 0, ("read/too_large",)))
    f = "bomb-records.warc.gz"
    one = record(url(f, "same"), page, gzip_member=False)
    bomb(root / f, one * (2**20 // len(one)), 2**30)
    kinds.append(Kind("compression bomb: one record repeated to 1 GB", root / f, 1, ("read/too_large",)))
    f = "content-encoding-bomb.warc"
    zeros = root / "zeros.gz"
    bomb(zeros, b"\0" * 2**20, 2**30)
    add("Content-Encoding: gzip body inflating to 1 GB", f,
        record(url(f, "bomb"), zeros.read_bytes(), headers=[("Content-Encoding", "gzip")], gzip_member=False)
        + record(url(f, "after"), page, gzip_member=False), 1, "read/too_large")
    zeros.unlink()
    f = "record-too-large.warc"
    add("WARC record larger than a page (25 MB), then a good one", f,
        record(url(f, "huge"), b"<p>" + b"0123456789abcdef" * (25 * 2**16) + b"</p>", gzip_member=False)
        + record(url(f, "after"), page, gzip_member=False), 1, "read/too_large")
    add("empty .warc.gz", "empty.warc.gz", b"", 0, "read/empty")
    add("HTML page named .warc", "page.warc", page, 0, "read/not_warc")
    add("gzip that is not a WARC", "not-a-warc.warc.gz", gzip.compress(page * 20), 0, "read/not_warc")
    f = "no-pages.warc.gz"
    add("WARC of only request, metadata and revisit records", f,
        record(url(f, "r"), b"", kind="request")
        + record(url(f, "r"), b"fetched-by: minzu tests\r\n", content_type="", kind="metadata")
        + record(url(f, "r"), b"", kind="revisit"), 0)
    f = "length-too-long.warc"
    add("WARC record whose Content-Length is too long", f,
        record(url(f, "ok"), page, gzip_member=False)
        + _set_length(record(url(f, "long"), page, gzip_member=False), +5000), 1, "read/truncated")
    f = "length-too-short.warc"
    add("WARC record whose Content-Length is too short", f,
        record(url(f, "ok"), page, gzip_member=False)
        + _set_length(record(url(f, "short"), page, gzip_member=False), -len(page) // 2)
        + record(url(f, "after"), page, gzip_member=False), 2, "read/bad_warc")
    f = "chunked.warc.gz"
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (page[:700], page[700:])) + b"0\r\n\r\n"
    add("chunked transfer encoding", f, record(url(f, "a"), chunked, headers=[("Transfer-Encoding", "chunked")]), 1)
    f = "content-gzip.warc.gz"
    add("Content-Encoding: gzip body", f,
        record(url(f, "a"), gzip.compress(page), headers=[("Content-Encoding", "gzip")]), 1)
    f = "charset-lies.warc.gz"
    add("charset header that lies (says UTF-8, bytes are GBK)", f, record(url(f, "a"), html(charset="gbk").encode("gbk")),
        1)
    f = "damaged.warc.gz"
    good = record(url(f, "a"), page) + record(url(f, "b"), page)
    add("WARC whose gzip is damaged mid-file", f, good[:200] + bytes(b ^ 0x55 for b in good[200:400]) + good[400:],
        0, "read/bad_warc")

    # -- files --
    add("50 MB single-line page", "single-line-50mb.html", None, 0, "read/too_large")
    with (root / "single-line-50mb.html").open("wb") as out:
        out.write(b"<html><body><p>" + "民族团结".encode() * (50 * 2**20 // 12) + b"</p></body></html>")
    # libxml2 drops what lies deeper than 256 elements (2048 with huge_tree); the text is then
    # read from the markup without its tags: an article, not a crash, a hang or a lost page.
    add("10,000-deep nesting", "deep-nesting.html",
        ("<html><body>" + "<div>" * 10_000 + html() + "</div>" * 10_000 + "</body></html>").encode(), 1)
    add("NUL bytes scattered in a page", "nul-scattered.html", page.replace("。".encode(), "。\0".encode()), 1)
    add("NUL bytes throughout (binary)", "nul-binary.txt", b"\0\1\2\3" * 5000, 0, "decode/binary")
    loop = root / "symlink-loop.html"
    os.symlink(loop.name, loop)
    kinds.append(Kind("symlink loop", loop, 0, ("read/unreadable",)))
    dangling = root / "dangling-link.html"
    os.symlink("nowhere.html", dangling)
    kinds.append(Kind("symlink to nothing", dangling, 0, ("read/missing",)))
    bad_name = os.fsdecode(bytes(root) + b"/\xff\xfe-gbk-name.txt")
    Path(bad_name).write_bytes(ARTICLE.encode("gbk"))
    kinds.append(Kind("file name that is not valid UTF-8", Path(bad_name), 1, (),
                      uri=os.fsencode(bad_name).decode("utf-8", "backslashreplace")))
    add("empty file", "empty.txt", b"", 0, "decode/empty")
    (root / "folder.html").mkdir()
    add("folder named .html (its files are read)", "folder.html/inside.txt", ARTICLE.encode(), 1)
    add("binary with a .txt name (PNG)", "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, 0,
        "decode/binary")
    add("UTF-16 without a byte-order mark", "utf16-no-bom.txt", ARTICLE.encode("utf-16-le"), 1)
    os.mkfifo(root / "pipe.html")
    kinds.append(Kind("named pipe with an .html name", root / "pipe.html", 0, ("read/not_a_file",)))
    add("markup with no text", "no-text.html", b"<html><body><div><img src=a.png></div></body></html>", 0,
        "clean/no_main_text")
    return kinds


def cut_mid_body(member: bytes) -> bytes:
    """A gzip member of one record cut, in compressed bytes, where its HTTP body has begun
    but not ended: as a download interrupted in a page leaves it."""
    whole = zlib.decompress(member, 31)
    body_at = whole.index(b"\r\n\r\n", whole.index(b"\r\n\r\n") + 4) + 4
    for n in range(len(member)):
        got = zlib.decompressobj(31).decompress(member[:n])
        if len(got) >= body_at + (len(whole) - body_at) // 3:
            return member[:n]
    raise ValueError("the record has no body to cut")


def _set_length(rec: bytes, delta: int) -> bytes:
    """A plain WARC record whose Content-Length header lies by `delta` bytes."""
    head, sep, rest = rec.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(b"content-length:"):
            lines[i] = b"Content-Length: %d" % (int(line.split(b":")[1]) + delta)
    return b"\r\n".join(lines) + sep + rest
