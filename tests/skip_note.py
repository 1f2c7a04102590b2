"""Skipping a test for want of something (the development data, a Python
module), with the reason said where people look.

ctest shows nothing of a skipped test's output, so besides printing the
reason, skip() leaves it in $PITH_SKIP_NOTES/<test>.txt; ctest prints those
notes after the run (tests/print_skips.cmake, set up in
tests/CMakeLists.txt), one "skipped: <test>: <reason>" line each.
"""

import os
import sys

SKIP = 77


def note(reason):
    """Prints the reason and leaves the note; returns the exit code."""
    print("skipped: " + reason, flush=True)
    notes = os.environ.get("PITH_SKIP_NOTES")
    if notes:
        name = os.environ.get("PITH_TEST_NAME") or \
            os.path.splitext(os.path.basename(sys.argv[0]))[0]
        try:
            os.makedirs(notes, exist_ok=True)
            with open(os.path.join(notes, name + ".txt"), "w") as f:
                f.write("%s: %s\n" % (name, reason))
        except OSError:
            pass
    return SKIP


def skip(reason):
    """Skips the test: prints the reason, leaves the note, exits 77."""
    sys.exit(note(reason))
