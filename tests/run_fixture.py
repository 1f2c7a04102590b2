#!/usr/bin/env python3
"""Runs one end-to-end fixture through the pith CLI and checks its output.

Usage:
    run_fixture.py PITH_BINARY FIXTURE_HTML [--regen]

A fixture is fixtures/NAME.html plus any of:
    NAME.args           extra arguments for `pith extract`, one per line
                        (blank lines are ignored)
    NAME.expected.txt   exact stdout of the default text format
    NAME.expected.md    exact stdout of --format markdown
    NAME.expected.json  a JSON object; every key in it must equal the same key
                        of the --format json output (other keys are not
                        checked). The key "exit" checks the exit code instead;
                        an error exit (over 1) with no other key expects no
                        output.

The expected exit code is "exit" from NAME.expected.json when given, else 0
when NAME.expected.txt is non-empty, 1 (no article) when it is empty, and
without NAME.expected.txt 1 if the JSON expects "article": false, else 0.

--regen prints the actual output of every format the fixture checks, for
review; it never writes files.

Exit status: 0 pass, 1 failure, 2 usage error.
"""

import difflib
import json
import os
import subprocess
import sys

HANG_GUARD_SECONDS = 30


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_args(path):
    if not os.path.exists(path):
        return []
    text = read_bytes(path).decode("utf-8")
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def run_pith(pith, fmt, args, page):
    """Returns (exit code, stdout bytes, stderr text) or raises RuntimeError."""
    cmd = [pith, "extract"]
    if fmt is not None:
        cmd += ["--format", fmt]
    cmd += args + [page]
    try:
        proc = subprocess.run(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=HANG_GUARD_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(
            "%s: no answer after %d s (hang?)" % (" ".join(cmd), HANG_GUARD_SECONDS)
        )
    except OSError as e:
        raise RuntimeError("cannot run %s: %s" % (pith, e))
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode < 0:
        raise RuntimeError(
            "%s: killed by signal %d\n%s" % (" ".join(cmd), -proc.returncode, stderr)
        )
    return proc.returncode, proc.stdout, stderr


def show(data):
    return data.decode("utf-8", "replace")


def unified_diff(expected, actual, label):
    exp_lines = show(expected).splitlines(True)
    act_lines = show(actual).splitlines(True)
    lines = list(
        difflib.unified_diff(
            exp_lines, act_lines, "expected " + label, "actual " + label
        )
    )
    out = []
    for line in lines:
        # A missing final newline would otherwise vanish from the diff.
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    if not out:
        # Same lines, so only line endings or a final newline differ.
        out.append("(outputs differ only in line endings: expected %r..., actual %r...)\n"
                   % (expected[-20:], actual[-20:]))
    return "".join(out)


def expected_exit(expected_txt, expected_json):
    if expected_json is not None and "exit" in expected_json:
        return expected_json["exit"]
    if expected_txt is not None:
        return 0 if expected_txt.strip() else 1
    if expected_json is not None and expected_json.get("article") is False:
        return 1
    return 0


def check_exact(pith, fmt, args, page, expected, want_exit, label, failures):
    code, out, err = run_pith(pith, fmt, args, page)
    if code != want_exit:
        failures.append(
            "%s: exit code %d, expected %d\nstderr: %s"
            % (label, code, want_exit, err.strip() or "(empty)")
        )
    if out != expected:
        failures.append(
            "%s: output differs\n%s" % (label, unified_diff(expected, out, label))
        )


def check_json(pith, args, page, expected, want_exit, failures):
    code, out, err = run_pith(pith, "json", args, page)
    if code != want_exit:
        failures.append(
            "json: exit code %d, expected %d\nstderr: %s"
            % (code, want_exit, err.strip() or "(empty)")
        )
    if set(expected) == {"exit"} and want_exit > 1:
        # A document refused (an error exit) prints no JSON: the code is
        # the whole check.
        if out:
            failures.append("json: output on an error exit:\n%s" % show(out)[:2000])
        return
    try:
        actual = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        failures.append("json: stdout is not valid JSON (%s):\n%s" % (e, show(out)[:2000]))
        return
    if not isinstance(actual, dict):
        failures.append("json: stdout is not a JSON object:\n%s" % show(out)[:2000])
        return
    for key, want in expected.items():
        if key == "exit":
            continue
        if key not in actual:
            failures.append("json: key %r missing (expected %r)" % (key, want))
        elif actual[key] != want:
            failures.append(
                "json: key %r is %s, expected %s"
                % (key, json.dumps(actual[key], ensure_ascii=False),
                   json.dumps(want, ensure_ascii=False))
            )


def regen(pith, args, page, paths):
    txt_path, md_path, json_path = paths
    formats = []
    if os.path.exists(txt_path) or not (os.path.exists(md_path) or os.path.exists(json_path)):
        formats.append(("text", None))
    if os.path.exists(md_path):
        formats.append(("markdown", "markdown"))
    if os.path.exists(json_path):
        formats.append(("json", "json"))
    for label, fmt in formats:
        code, out, err = run_pith(pith, fmt, args, page)
        sys.stdout.write("==== %s (exit %d) ====\n" % (label, code))
        if err:
            sys.stdout.write("---- stderr ----\n%s" % err)
            if not err.endswith("\n"):
                sys.stdout.write("\n")
        text = show(out)
        if fmt == "json":
            try:
                text = json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
            except ValueError:
                pass
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n\\ No newline at end of output\n")
    return 0


def main(argv):
    # Diffs hold non-ASCII text; ctest may run us under a C or ASCII locale.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    positional = [a for a in argv[1:] if a != "--regen"]
    regen_mode = "--regen" in argv[1:]
    if len(positional) != 2:
        sys.stderr.write(__doc__)
        return 2
    pith, page = positional
    if not page.endswith(".html"):
        sys.stderr.write("run_fixture.py: %s: a fixture page must end in .html\n" % page)
        return 2
    if not os.path.exists(page):
        sys.stderr.write("run_fixture.py: %s: no such fixture\n" % page)
        return 2
    base = page[: -len(".html")]
    name = os.path.basename(base)
    txt_path = base + ".expected.txt"
    md_path = base + ".expected.md"
    json_path = base + ".expected.json"
    try:
        args = read_args(base + ".args")
        if regen_mode:
            return regen(pith, args, page, (txt_path, md_path, json_path))

        expected_txt = read_bytes(txt_path) if os.path.exists(txt_path) else None
        expected_md = read_bytes(md_path) if os.path.exists(md_path) else None
        expected_json = None
        if os.path.exists(json_path):
            expected_json = json.loads(read_bytes(json_path).decode("utf-8"))
            if not isinstance(expected_json, dict):
                sys.stderr.write("%s: %s must hold a JSON object\n" % (name, json_path))
                return 1
        if expected_txt is None and expected_md is None and expected_json is None:
            sys.stderr.write(
                "%s: no expected output (NAME.expected.txt, .md or .json)\n" % name
            )
            return 1
        want_exit = expected_exit(expected_txt, expected_json)

        failures = []
        if expected_txt is not None:
            check_exact(pith, None, args, page, expected_txt, want_exit, "text", failures)
        if expected_md is not None:
            check_exact(pith, "markdown", args, page, expected_md, want_exit,
                        "markdown", failures)
        if expected_json is not None:
            check_json(pith, args, page, expected_json, want_exit, failures)
    except (RuntimeError, OSError, ValueError) as e:
        sys.stderr.write("FAIL %s: %s\n" % (name, e))
        return 1

    if failures:
        sys.stdout.write("FAIL %s\n" % name)
        for failure in failures:
            sys.stdout.write(failure)
            if not failure.endswith("\n"):
                sys.stdout.write("\n")
        return 1
    sys.stdout.write("PASS %s\n" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
