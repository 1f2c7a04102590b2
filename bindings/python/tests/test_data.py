"""pith.extract() against `pith extract --format json` on every page of
the aeb and traf development sets ($PITH_DATA_DIR, default ../shared/data
next to the repository): every field equal. Skipped, with the reason, when
the sets are absent, and in the sanitizer build (PITH_SANITIZED=1), where
the fixtures are compared instead: the sets take minutes there."""

import concurrent.futures
import json
import os

import pytest

import pith
from conftest import ROOT, run_cli

SETS = ("aeb", "traf")


def pages():
    data = os.environ.get("PITH_DATA_DIR") or \
        os.path.join(ROOT, "..", "shared", "data")
    found = []
    for name in SETS:
        folder = os.path.join(data, name, "html")
        if os.path.isdir(folder):
            found += [os.path.join(folder, f) for f in sorted(os.listdir(folder))]
    return data, found


def test_development_pages_match_cli():
    if os.environ.get("PITH_SANITIZED") == "1":
        pytest.skip("the sanitizer build compares the fixture pages only; "
                    "the development sets are compared in the Release build")
    data, files = pages()
    if not files:
        pytest.skip("no aeb/traf pages under %s (set PITH_DATA_DIR)" % data)

    def cli(path):
        code, out, err = run_cli(["extract", "--format", "json", path])
        return code, out, err

    mismatches = []
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        expected = list(pool.map(cli, files))
    for path, (code, out, err) in zip(files, expected):
        with open(path, "rb") as f:
            html = f.read()
        name = os.path.relpath(path, data)
        try:
            got = pith.extract(html).to_dict()
        except pith.PithError as e:
            if code in (0, 1) or e.value.message not in err:
                mismatches.append("%s: binding raised %s" % (name, e))
            continue
        if code not in (0, 1):
            mismatches.append("%s: CLI failed (%d) but binding did not" %
                              (name, code))
            continue
        want = json.loads(out)
        if got != want:
            keys = [k for k in set(got) | set(want) if got.get(k) != want.get(k)]
            mismatches.append("%s: fields differ: %s" % (name, sorted(keys)))
    print("\n%d development pages compared, %d mismatches" %
          (len(files), len(mismatches)))
    assert not mismatches, "\n".join(mismatches[:20])
