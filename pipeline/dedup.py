"""Near-duplicate clusters: the same story reposted, with small edits, on several sites.

Reposts are kept, not dropped (who reposts whom is data) and linked by `dup_cluster`
in `articles`. Each article gets a MinHash signature of the character
5-grams of its cleaned, simplified body, punctuation and spaces left out, so a
repost that changes the headline, the furniture, a title or one sentence stays close.
Candidates come from LSH bands over the signatures, stored in the dataset's state
(so a repost is found across runs and re-crawls), and a candidate counts when its
estimated Jaccard similarity reaches the threshold.

An article's cluster is the cluster of its most similar earlier article, or its own
`article_id` when it has none: stored rows never change, a cluster id is the id of
the article that started the cluster, and `groupby(dup_cluster).size()` gives the
cluster sizes. (If that first article's page later changes beyond recognition or
fails, the others keep its id: a cluster is not re-formed after the fact.) A
near-copy of an indexed article (similarity 0.8 or more) is clustered but not
indexed itself, so heavy reposting does not grow the candidate lists.

The signature and the banding are datasketch's (2.0: the affine32 scheme with seed 1,
the bands that minimise false positives and negatives), computed here with numpy:
`import datasketch` loads its LSH module and with it scipy, half a second of every
start-up, and its `update_batch` hashes values one by one in Python. tests/test_dedup.py
checks both against datasketch itself, so signatures stored by earlier versions still compare.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from dataclasses import dataclass

import numpy as np

NUM_PERM = 64
SHINGLE = 5  # characters: a 5-gram of Chinese text is about two words
# Bodies with fewer shingles than this are too short to call anything a repost of them.
MIN_SHINGLES = 20
# An article at least this similar to one already indexed is clustered but not indexed itself.
NEAR_COPY = 0.8
# At most this many stored candidates are compared with an article (most shared bands first).
MAX_CANDIDATES = 200
# Punctuation, digits' separators and spaces differ between reposts (全角/半角, quotes).
_NOT_TEXT = re.compile(r"[\s\W_]+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads the rolling hash's bits
_PRIME = 1_000_003  # the rolling hash's base
# The kernel the characters are convolved with: the powers p⁰…p⁴, each times _MIX, modulo 2**64
# ((Σ c·pᵏ)·_MIX = Σ c·(pᵏ·_MIX) modulo 2**64: one multiplication of the sums fewer).
_MIXED_POWERS = np.array([pow(_PRIME, k, 1 << 64) * int(_MIX) % (1 << 64) for k in range(SHINGLE)], dtype=np.uint64)
# (numpy scalars made once: an operation with a Python int converts it each time.)
_U64_32, _U32_13, _U32_16 = np.uint64(32), np.uint32(13), np.uint32(16)
_FMIX_1, _FMIX_2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)


@functools.lru_cache(maxsize=1)
def _is_text() -> np.ndarray:
    """Whether each character of the Basic Multilingual Plane is kept in a shingle: what
    `_NOT_TEXT` leaves, the letters and digits (str.isalnum), as a lookup table."""
    return np.array([chr(c).isalnum() for c in range(0x10000)])


def _text_chars(text: str) -> np.ndarray:
    """The code points of `text` that `_NOT_TEXT` leaves, looked up in a table rather than
    removed by a regex (four times faster); astral characters, rare, take the regex."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(codes) and codes.max() > 0xFFFF:
        return np.frombuffer(_NOT_TEXT.sub("", text).encode("utf-32-le"), dtype=np.uint32)
    return codes[_is_text().take(codes)]


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the character 5-grams of `text` (vectorised rolling hash): for the
    5-gram at i, ((c[i]·p⁴ + c[i+1]·p³ + … + c[i+4]) · _MIX modulo 2**64) >> 32."""
    chars = _text_chars(text)
    if len(chars) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    # Each 5-gram's sum in one call: a convolution flips its kernel, so c[i] meets p⁴ and c[i+4]
    # p⁰. numpy sums integer products in the result's type (uint64, the kernel's), which wraps
    # modulo 2**64, as intended.
    h = np.convolve(chars, _MIXED_POWERS, mode="valid")
    h >>= _U64_32
    return h  # repeats are harmless to a minimum: no np.unique (a sort)


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations for seed 1: h -> a*h + b modulo 2**32, a odd (b as a
    column of one value per permutation)."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b[:, None]  # b as a column, added to each permutation's row


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection), which datasketch applies before permuting:
    applied in place to `h` (uint32), which it returns."""
    h ^= h >> _U32_16
    h *= _FMIX_1
    h ^= h >> _U32_13
    h *= _FMIX_2
    h ^= h >> _U32_16
    return h


def signature(body: str) -> bytes | None:
    """The MinHash signature of a body, as bytes; None when the body is too short to compare."""
    hashes = _shingle_hashes(body)
    if len(hashes) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    mixed = _fmix32(hashes.astype(np.uint32))
    # uint32 arithmetic wraps modulo 2**32, as the scheme says (numpy warns of overflow only in
    # operations on scalars, so no np.errstate, which costs a microsecond to enter and leave).
    # One row per permutation, so that each minimum runs along contiguous memory.
    permuted = np.multiply.outer(a, mixed)
    permuted += b
    return permuted.min(axis=1).astype(np.uint64).tobytes()


def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) minimising the sum of the false-positive and false-negative
    probabilities at `threshold`, as datasketch's MinHashLSH chooses them. The probabilities
    are integrals of polynomials of degree at most `num_perm`, which Gauss-Legendre
    quadrature with that many points computes exactly (to rounding)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm)

    def integral(f, lo: float, hi: float) -> float:
        s = (hi - lo) / 2 * nodes + (hi + lo) / 2
        return float((hi - lo) / 2 * np.dot(weights, f(s)))

    best, choice = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = integral(lambda s: 1 - (1 - s ** rows) ** bands, 0.0, threshold)
            fn = integral(lambda s: (1 - s ** rows) ** bands, threshold, 1.0)
            if 0.5 * fp + 0.5 * fn < best:
                best, choice = 0.5 * fp + 0.5 * fn, (bands, rows)
    return choice


def similarities(sig: bytes, others: list[bytes]) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each of the others, at once."""
    stacked = np.frombuffer(b"".join(others), dtype=np.uint64).reshape(len(others), NUM_PERM)
    return (stacked == np.frombuffer(sig, dtype=np.uint64)).mean(axis=1)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(similarities(a, [b])[0])


@dataclass(frozen=True)
class Signature:
    """One article's signature, its LSH band keys and the cluster it was put in."""

    article_id: str
    cluster: str
    sig: bytes
    bands: tuple[int, ...]


class Clusterer:
    """Assigns `dup_cluster` to articles in run order, against the stored signatures and
    those of this run not yet committed."""

    def __init__(self, state, threshold: float):
        self.state = state
        self.threshold = threshold
        self.bands, self.rows = lsh_bands(threshold)
        self.pending: dict[str, Signature] = {}
        self.pending_keys: dict[int, set[str]] = {}
        self.lock = threading.Lock()  # pending entries are dropped by the committer thread

    def band_keys(self, sig: bytes) -> tuple[int, ...]:
        """One 63-bit key per LSH band: the band number and its rows, hashed."""
        keys = []
        for band in range(self.bands):
            chunk = sig[band * self.rows * 8:(band + 1) * self.rows * 8]
            digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little") >> 1)  # SQLite integers are signed
        return tuple(keys)

    def assign(self, article_id: str, sig: bytes | None) -> tuple[str, Signature | None]:
        """The cluster of one article, and the signature record to commit with it."""
        if sig is None:
            return article_id, None
        keys = self.band_keys(sig)
        # Pending first, then the state: a record leaves `pending` only once the state holds
        # it, so one committed in between is found in the state, never lost between the two.
        with self.lock:
            pending = {other: (self.pending[other].cluster, self.pending[other].sig)
                       for key in keys for other in self.pending_keys.get(key, ())}
        candidates = dict(self.state.signatures_sharing(keys, MAX_CANDIDATES))
        candidates.update(pending)
        candidates.pop(article_id, None)  # a changed page is not its own repost
        best = None
        if candidates:
            clusters = [cluster for cluster, _ in candidates.values()]
            scores = similarities(sig, [other for _, other in candidates.values()])
            for score, cluster in zip(scores.tolist(), clusters):
                if score >= self.threshold and (best is None or (score, cluster) > best):
                    best = (score, cluster)
        cluster = best[1] if best else article_id
        if best is not None and best[0] >= NEAR_COPY:
            # A near-copy adds nothing to the index that its cluster's members do not
            # already cover; leaving it out keeps a story reposted a thousand times one
            # candidate, not a thousand, for every later repost.
            return cluster, None
        record = Signature(article_id, cluster, sig, keys)
        with self.lock:
            self.pending[article_id] = record
            for key in keys:
                self.pending_keys.setdefault(key, set()).add(article_id)
        return cluster, record

    def committed(self, records: list[Signature]) -> None:
        """Forget pending records now that the state holds them."""
        with self.lock:
            for record in records:
                if self.pending.get(record.article_id) is record:
                    del self.pending[record.article_id]
                    for key in record.bands:
                        ids = self.pending_keys.get(key)
                        if ids is not None:
                            ids.discard(record.article_id)
                            if not ids:
                                del self.pending_keys[key]
