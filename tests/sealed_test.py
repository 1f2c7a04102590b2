#!/usr/bin/env python3
"""The library keeps its inside to itself:

    sealed_test.py SOURCE_DIR INCLUDE_DIRS LIBRARY...

- every global symbol the static and shared libraries define carries the
  pith_ prefix (nm -g --defined-only), so no user program collides with
  them;
- of the include folders the static library hands its users
  (INCLUDE_DIRS, ':'-separated), the project's own are include/ only,
  not src/;
- the command line includes nothing from src/ but its own folder: every
  quoted #include of src/cli/ names a file in src/cli/ or include/.
"""

import os
import re
import subprocess
import sys

FAILS = []
ODR_ASAN = re.compile(r"^__odr_asan[._]")


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)


def main():
    source, include_dirs, libraries = sys.argv[1], sys.argv[2], sys.argv[3:]
    for lib in libraries:
        out = subprocess.run(["nm", "-g", "--defined-only", lib],
                             capture_output=True, text=True, check=True)
        names = [l.split()[2] for l in out.stdout.splitlines()
                 if len(l.split()) == 3]
        check(len(names) > 30, "%s defines the API (%d names)"
              % (lib, len(names)))
        # AddressSanitizer's builds add a marker per instrumented global,
        # named after it: __odr_asan.pith_x stands for pith_x.
        stray = sorted(n for n in names
                       if not ODR_ASAN.sub("", n).startswith("pith_"))
        check(not stray, "%s: global symbols without pith_: %s"
              % (os.path.basename(lib), stray[:20]))
        print("%s: %d global symbols, all pith_" % (os.path.basename(lib),
                                                      len(names)))
    # Its own folders, that is: the libraries it uses add theirs.
    dirs = [os.path.realpath(d) for d in include_dirs.split(":") if d]
    root = os.path.realpath(source) + os.sep
    own = [d for d in dirs if (d + os.sep).startswith(root)]
    check(own == [os.path.realpath(os.path.join(source, "include"))],
          "pith_static hands out include/ only: %r" % own)
    cli = os.path.join(source, "src", "cli")
    allowed = set(os.listdir(cli)) | set(
        os.listdir(os.path.join(source, "include")))
    for name in sorted(os.listdir(cli)):
        if not name.endswith((".c", ".h")):
            continue
        for line in open(os.path.join(cli, name), encoding="utf-8"):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m:
                check(m.group(1) in allowed and "/" not in m.group(1),
                      "src/cli/%s includes %s, outside src/cli/ and "
                      "include/" % (name, m.group(1)))
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
