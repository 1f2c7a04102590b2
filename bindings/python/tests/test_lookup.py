"""Finding libpith: PITH_LIBRARY first; when nothing loads, an ImportError
that names every place tried."""

import os
import subprocess
import sys

from conftest import HERE

PKG = os.path.dirname(HERE)


def run_import(env_library):
    env = dict(os.environ, PYTHONPATH=PKG, PITH_LIBRARY=env_library,
               LD_LIBRARY_PATH="")
    return subprocess.run(
        [sys.executable, "-c", "import pith; print(pith.library_version)"],
        capture_output=True, text=True, env=env, timeout=60)


def test_pith_library_is_used():
    lib = os.environ["PITH_LIBRARY"]
    p = run_import(lib)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "0.1.0" or p.stdout.strip()[0].isdigit()


def test_missing_library_says_what_was_tried(tmp_path):
    missing = str(tmp_path / "nowhere" / "libpith.so")
    p = run_import(missing)
    if p.returncode == 0:
        # a libpith is installed on this system: the lookup fell through to
        # it, which is what it should do
        return
    assert "ImportError" in p.stderr
    assert "PITH_LIBRARY=" + missing + " (no such file)" in p.stderr
    assert os.path.join(PKG, "pith", "libpith.so.0") in p.stderr
    assert "find_library('pith')" in p.stderr
    assert "Set PITH_LIBRARY" in p.stderr


def test_broken_library_file(tmp_path):
    bad = tmp_path / "libpith.so"
    bad.write_bytes(b"not an ELF file")
    p = run_import(str(bad))
    if p.returncode == 0:
        return
    assert str(bad) in p.stderr and "ImportError" in p.stderr
