#!/usr/bin/python3
"""`pip install ./bindings/python` as the README says, offline, into a
fresh virtual environment that sees Debian's packages
(--system-site-packages, --no-build-isolation, --no-index: nothing is
downloaded), then the installed package finds libpith each of the three
ways it looks:

  1. PITH_LIBRARY naming the library;
  2. a copy of libpith.so.0 placed beside the installed package;
  3. libpith.so.0 on the dynamic loader's path (here LD_LIBRARY_PATH; after
     `cmake --install` and ldconfig, the system's);

and gives what `pith extract` prints. Skipped (77) when the venv module or
pip is missing (python3-venv, python3-pip).

    /usr/bin/python3 python_install_test.py LIBPITH PITH
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import skip_note  # noqa: E402

ROOT = os.path.dirname(HERE)
PAGE = os.path.join(ROOT, "fixtures", "author-bio-box.html")
PROBE = ("import pith, sys; "
         "sys.stdout.write(pith.extract(open(sys.argv[1], 'rb').read()).text); "
         "sys.stderr.write(pith.__file__)")


def main():
    lib, cli = map(os.path.abspath, sys.argv[1:3])
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
        import pip  # noqa: F401
    except ImportError as e:
        return skip_note.note("python3-venv and python3-pip (Debian's) are "
                              "needed to test pip install (%s)" % e)
    want = subprocess.run([cli, "extract", PAGE], capture_output=True,
                          check=True).stdout
    tmp = tempfile.mkdtemp(prefix="pith-pip-")
    try:
        # a copy of the source, so the build leaves nothing in the tree
        src = os.path.join(tmp, "python")
        shutil.copytree(os.path.join(ROOT, "bindings", "python"), src,
                        ignore=shutil.ignore_patterns("__pycache__", "build",
                                                      "*.egg-info"))
        env_dir = os.path.join(tmp, "venv")
        subprocess.run([sys.executable, "-m", "venv",
                        "--system-site-packages", env_dir], check=True)
        py = os.path.join(env_dir, "bin", "python")
        p = subprocess.run([py, "-m", "pip", "install", "-q",
                            "--disable-pip-version-check", "--no-index",
                            "--no-build-isolation", src],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stdout, p.stderr)
            return 1
        base = {k: v for k, v in os.environ.items()
                if k not in ("PITH_LIBRARY", "PYTHONPATH", "LD_LIBRARY_PATH")}
        fails = 0

        def probe(label, **extra):
            nonlocal fails
            r = subprocess.run([py, "-c", PROBE, PAGE], capture_output=True,
                               env=dict(base, **extra), cwd=tmp)
            where = r.stderr.decode(errors="replace")
            ok = r.returncode == 0 and r.stdout == want and \
                where.startswith(env_dir)
            print("%s: %s (%s)" % ("ok" if ok else "FAIL", label,
                                   where.strip()[-300:]))
            fails += not ok
            return where

        pkg = os.path.dirname(probe("PITH_LIBRARY", PITH_LIBRARY=lib))
        probe("the loader's path", LD_LIBRARY_PATH=os.path.dirname(lib))
        shutil.copy(lib, os.path.join(pkg, "libpith.so.0"))
        probe("beside the package")
        print("%d passed, %d failed" % (3 - fails, fails))
        return 1 if fails else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
