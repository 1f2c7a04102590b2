#!/usr/bin/env python3
"""Replays a fuzz target's inputs in an ordinary build (ctest): the seeds
fuzz/seeds.py writes from fixtures/ and tests/cases/, and the past findings
in fuzz/regressions/TARGET/. Fails when the replay program fails (a crash,
a sanitizer report, a broken invariant of the target).

usage: replay.py REPLAY_PROGRAM TARGET WORK_DIR
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    program, target, work = argv
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import seeds
    seeds.main([work, target])
    dirs = [os.path.join(work, target)]
    regressions = os.path.join(HERE, 'regressions', target)
    if os.path.isdir(regressions):
        dirs.append(regressions)
    return subprocess.call([program] + dirs)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
