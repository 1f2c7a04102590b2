"""Threads: pith.extract() from several threads at once gives exactly what
it gives from one (the library has no shared mutable state, and ctypes
drops the GIL during the call)."""

import concurrent.futures
import glob
import os

import pith
from conftest import FIXTURES


def test_threads_agree():
    pages = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.html")))[:60]:
        with open(path, "rb") as f:
            pages.append(f.read())
    serial = [pith.extract(p).to_dict() for p in pages]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for _ in range(2):
            parallel = list(pool.map(lambda p: pith.extract(p).to_dict(),
                                     pages * 2))
            assert parallel == serial * 2
    cleaned = [pith.clean(p.decode("utf-8", "replace")[:3000]).text
               for p in pages[:10]]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert list(pool.map(
            lambda p: pith.clean(p.decode("utf-8", "replace")[:3000]).text,
            pages[:10])) == cleaned
