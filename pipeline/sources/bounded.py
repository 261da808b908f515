"""A file read as a stream of bounded cost: gzip inflated here, under a ratio limit.

warcio inflates a .warc.gz itself, as fast as it is asked to; a 1 MB file of zeros
gives it a gigabyte to hold. WARC readers read this stream instead, which hands out
inflated bytes in blocks and refuses, with an exception the caller turns into an
`errors` row, to go on

  * when the data inflates past `max_inflation` times the compressed bytes consumed
    so far, plus `allowance` (a page's worth, so that no page however repetitive is
    refused for its ratio): a compression bomb. Real WARCs inflate about 5 times,
    HTML at most some 20 times; zeros inflate 1000 times;
  * when the gzip data ends in the middle of a member (the file was cut short) or is
    damaged.

The work done on a bomb is bounded by the allowance and the ratio; the memory, by the
block size (lines are bounded by the reader, `pipeline.sources.warc`).
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

_GZIP_MAGIC = b"\x1f\x8b"
_BLOCK = 64 * 1024  # compressed bytes fed to the inflater at a time


class InputTooLarge(Exception):
    """The input inflates past its ratio limit, or holds a line longer than any header line."""


class InputTruncated(Exception):
    """The input's gzip data ends before its last member does: the file was cut short."""


class InputCorrupt(Exception):
    """The input's gzip data is damaged, or followed by bytes that are not gzip."""


class BoundedStream:
    """A read-only, forward-only file object over `raw`, inflating it when it is gzip.

    Multi-member gzip (one member per WARC record) and single-member gzip (a whole WARC
    gzipped at once) both read as one stream of inflated bytes; anything else is passed
    through as it is.
    """

    def __init__(self, raw: BinaryIO, max_inflation: float, allowance: int):
        self.raw = raw
        self.allowance = allowance
        self.max_inflation = max_inflation
        self.compressed = 0  # bytes of the file consumed
        self.inflated = 0  # bytes handed out
        self.eof = False  # the file was read to its end
        head = raw.read(2)
        self.gzip = head == _GZIP_MAGIC
        self._pending = head  # file bytes read but not yet consumed
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzip else None
        self._in_member = self.gzip  # inside a gzip member that has not ended yet

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes of the (inflated) input; b'' at its end."""
        if size is None or size < 0:
            size = _BLOCK
        data = self._inflate(size) if self.gzip else self._plain(size)
        self._account(data)
        return data

    def close(self) -> None:
        """Close the underlying file."""
        self.raw.close()

    def _plain(self, size: int) -> bytes:
        if self._pending:
            data, self._pending = self._pending[:size], self._pending[size:]
            if len(data) < size:
                data += self.raw.read(size - len(data))
        else:
            data = self.raw.read(size)
        if not data:
            self.eof = True
        self.compressed += len(data)
        return data

    def _inflate(self, size: int) -> bytes:
        while True:
            if self._inflater.unconsumed_tail:
                source = self._inflater.unconsumed_tail
            else:
                source = self._pending or self.raw.read(_BLOCK)
                self._pending = b""
                if not source:
                    self.eof = True
                    if self._in_member:
                        raise InputTruncated(f"the gzip data ends inside a member, after {self.compressed:,} "
                                             f"compressed bytes: the file was cut short")
                    return b""
                if not self._in_member:
                    # Between members: the next one must begin here (NUL padding is tolerated).
                    source = source.lstrip(b"\x00")
                    if not source:
                        continue
                    if not source.startswith(_GZIP_MAGIC[: len(source)]):
                        raise InputCorrupt(f"bytes that are not gzip follow a gzip member, at compressed "
                                           f"byte {self.compressed:,}")
                    self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    self._in_member = True
            before = len(source)
            try:
                data = self._inflater.decompress(source, size)
            except zlib.error as exc:
                raise InputCorrupt(f"the gzip data is damaged ({exc})") from None
            consumed = before - len(self._inflater.unconsumed_tail)
            if self._inflater.eof:
                # The member ended: what follows it is the next member (or the end).
                self._pending = self._inflater.unused_data
                consumed -= len(self._pending)
                self._in_member = False
            self.compressed += consumed
            if data:
                return data

    def _account(self, data: bytes) -> None:
        self.inflated += len(data)
        if self.gzip and self.inflated > self.max_inflation * self.compressed + self.allowance:
            raise InputTooLarge(f"inflates more than {self.max_inflation:g} times its compressed size, "
                                f"as a compression bomb does: stopped after {self.inflated:,} bytes "
                                f"inflated from {self.compressed:,}")
