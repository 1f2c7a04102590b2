#!/usr/bin/python3
"""Runs the Python binding's pytest tests (bindings/python/tests) under
ctest against this build's libpith and pith:

    /usr/bin/python3 run_pytest.py LIBPITH PITH PITH_TESTD [--sanitized] \
        -- PYTEST ARGS

Skipped (77, with the reason) when pytest is not importable. In the
sanitizer build libpith needs the ASan runtime loaded first: the tests run
with LD_PRELOAD of the compiler's libasan (leak checking off: the
interpreter itself keeps memory until exit), and are skipped when that
runtime cannot be found.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import skip_note  # noqa: E402

ROOT = os.path.dirname(HERE)
BINDING = os.path.join(ROOT, "bindings", "python")


def asan_runtime():
    for cc in (os.environ.get("CC"), "cc", "gcc"):
        if not cc:
            continue
        try:
            path = subprocess.run([cc, "-print-file-name=libasan.so"],
                                  capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except OSError:
            continue
        if os.path.isabs(path) and os.path.exists(path):
            return os.path.realpath(path)
    return None


def main():
    args = sys.argv[1:]
    split = args.index("--")
    own, pytest_args = args[:split], args[split + 1:]
    sanitized = "--sanitized" in own
    lib, cli, testd = [os.path.abspath(a) for a in own
                       if a != "--sanitized"][:3]
    try:
        import pytest  # noqa: F401
    except ImportError:
        return skip_note.note("install python3-pytest (Debian's) to test "
                              "the Python binding")
    if "test_scrapy.py" in pytest_args:
        try:
            import scrapy  # noqa: F401
        except ImportError:
            return skip_note.note("install python3-scrapy (Debian's) to "
                                  "test the Scrapy pipeline")
    env = dict(os.environ, PITH_LIBRARY=lib, PITH_CLI=cli, PITH_TESTD=testd,
               PYTHONPATH=BINDING, PYTHONDONTWRITEBYTECODE="1")
    if sanitized:
        runtime = asan_runtime()
        if not runtime:
            return skip_note.note("the sanitizer build's libpith needs the "
                                  "ASan runtime preloaded, and libasan.so "
                                  "was not found")
        env["LD_PRELOAD"] = runtime
        env["ASAN_OPTIONS"] = "detect_leaks=0:" + env.get("ASAN_OPTIONS", "")
        env["PITH_SANITIZED"] = "1"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "-rs", "--rootdir", os.path.join(BINDING, "tests")] + pytest_args
    rc = subprocess.run(cmd, env=env, cwd=os.path.join(BINDING, "tests")).returncode
    if rc == 5:
        print("pytest collected no tests", flush=True)
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
