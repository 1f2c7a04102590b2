#!/usr/bin/env python3
"""One consistent command line: end-to-end tests of what every subcommand
shares, one ctest test per case:

    cli_test.py PITH CMAKE CASE

  extract_input   pith extract reads standard input without a FILE, and
                  gzip-compressed pages (.gz, or gzip on standard input)
  option_errors   every option error names the option and exits 2; sizes
                  take K, M and G; contradictory options are refused
  write_errors    a full disk (/dev/full) and a closed pipe give exit 6 in
                  every subcommand, with a message; pith --help lists each
                  subcommand's exit codes
  batch_inputs    folder walks count the files they skip; the keys of JSON
                  Lines input records (an "id") reach the output records
  warnings        pith clean warns about HTML input; --content-type with a
                  charset pith cannot decode warns
  data_skip       the tests that need ../shared/data say why they skip, in
                  a note that ctest prints after the run
  man_pages       pith(1) and pith-COMMAND(1), built from the tables of
                  --help: render without a warning (groff -ww, man -l), hold
                  every option and exit code --help shows

Only the standard library; pages come from fixtures/, the rest is written
in a temporary folder.
"""

import gzip
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "fixtures")
PAGE = os.path.join(FIXTURES, "article-element-only.html")
PITH = CMAKE = None
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, flush=True)
    return cond


def run(args, stdin=None, stdout=subprocess.PIPE, env=None, timeout=120):
    """Runs pith; returns (exit code, stdout bytes, stderr text)."""
    p = subprocess.run([PITH] + args, input=stdin, stdout=stdout,
                       stderr=subprocess.PIPE, env=env, timeout=timeout)
    return (p.returncode, p.stdout or b"",
            p.stderr.decode("utf-8", "replace"))


def case_extract_input(tmp):
    code, want, err = run(["extract", "--format", "json", PAGE])
    check(code == 0 and want, "reference extraction (%d %r)" % (code, err))
    html = open(PAGE, "rb").read()
    code, out, err = run(["extract", "--format", "json"], stdin=html)
    check(code == 0 and out == want,
          "no FILE: standard input is read (%d %r)" % (code, err))
    code, out, err = run(["extract", "--format", "json", "-"], stdin=html)
    check(code == 0 and out == want, "FILE -: standard input (%d)" % code)
    packed = os.path.join(tmp, "page.html.gz")
    with open(packed, "wb") as f:
        f.write(gzip.compress(html))
    code, out, err = run(["extract", "--format", "json", packed])
    check(code == 0 and out == want,
          "a .gz page is unpacked (%d %r)" % (code, err))
    code, out, err = run(["extract", "--format", "json"],
                         stdin=gzip.compress(html[:len(html) // 2]) +
                         gzip.compress(html[len(html) // 2:]))
    check(code == 0 and out == want,
          "gzip on standard input, in two members (%d %r)" % (code, err))
    code, out, err = run(["extract", packed[:-3] + ".missing.gz"])
    check(code == 3, "a missing .gz file: exit 3 (%d)" % code)
    damaged = os.path.join(tmp, "damaged.html.gz")
    with open(damaged, "wb") as f:
        f.write(gzip.compress(html)[:-40] + b"\0" * 40)
    code, out, err = run(["extract", damaged])
    check(code == 4 and "gzip" in err and not out,
          "damaged gzip: exit 4 and says gzip (%d %r)" % (code, err))
    bomb = os.path.join(tmp, "bomb.html.gz")
    with open(bomb, "wb") as f:
        f.write(gzip.compress(b"<p>" + b"a" * (8 << 20)))
    code, out, err = run(["extract", "--max-bytes", "1M", bomb])
    check(code == 4 and "--max-bytes" in err,
          "unpacked size over --max-bytes: exit 4 (%d %r)" % (code, err))
    code, out, err = run(["extract", PAGE, PAGE])
    check(code == 2 and "one too many" in err, "two FILEs: exit 2")


def case_option_errors(tmp):
    page = PAGE
    bad = [
        (["extract", "--max-bytes", "abc", page],
         "pith: --max-bytes: 'abc' is not a size"),
        (["extract", "--max-bytes=12Q", page],
         "pith: --max-bytes: '12Q' is not a size"),
        (["clean", "--max-output-bytes", "lots"],
         "pith: --max-output-bytes: 'lots' is not a size"),
        (["batch", "--max-bytes", "-1", page],
         "pith: --max-bytes: '-1' is not a size"),
        (["fetch", "--max-size", "1X", "http://127.0.0.1:9/"],
         "pith: --max-size: '1X' is not a size"),
        (["extract", "--max-depth", "deep", page],
         "pith: --max-depth: 'deep' is not a whole number"),
        (["extract", "--max-time-ms=0", page],
         "pith: --max-time-ms: '0' is not a whole number"),
        (["extract", "--format", "yaml", page],
         "pith: --format: unknown format 'yaml' (text, markdown or json)"),
        (["extract", "-f", "yaml", page], "pith: -f: unknown format 'yaml'"),
        (["clean", "--format", "markdown"],
         "pith: --format: unknown format 'markdown' (text or json)"),
        (["batch", "--format", "xml", page],
         "pith: --format: unknown format 'xml' (jsonl or text)"),
        (["fetch", "--format", "xml", "http://127.0.0.1:9/"],
         "pith: --format: unknown format 'xml' (jsonl or text)"),
        (["extract", "--format"], "pith: --format: needs a value (FORMAT)"),
        (["clean", "--max-bytes"], "pith: --max-bytes: needs a value"),
        (["clean", "--explain=yes"], "pith: --explain: takes no value"),
        (["batch", "-j", "x", page], "pith: -j: 'x' is not a whole number"),
        (["batch", "--jobs=0", page], "pith: --jobs: '0' is not"),
        (["fetch", "--parallel", "0", "http://127.0.0.1:9/"],
         "pith: --parallel: '0' is not a whole number"),
        (["fetch", "--timeout", "-1", "http://127.0.0.1:9/"],
         "pith: --timeout: '-1' is not a number of seconds"),
        (["fetch", "--delay", "soon", "http://127.0.0.1:9/"],
         "pith: --delay: 'soon' is not a number of seconds"),
        (["extract", "--retries", "many", "http://127.0.0.1:9/"],
         "pith: --retries: 'many' is not a whole number"),
        (["extract", "--no-such-option", page],
         "pith: unknown option '--no-such-option'"),
        # contradictions
        (["extract", "--precision", "--recall", page],
         "pith: --recall: contradicts --precision"),
        (["batch", "--recall", "--precision", page],
         "pith: --precision: contradicts --recall"),
        (["fetch", "--precision", "--recall", "http://127.0.0.1:9/"],
         "pith: --recall: contradicts --precision"),
        (["clean", "--explain", "--format", "json"],
         "pith: --format: contradicts --explain"),
        (["clean", "--format=json", "-e"],
         "pith: -e: contradicts --format json"),
        (["extract", "--explain", "--format", "json", page],
         "pith: --format: contradicts --explain"),
        (["extract", "-f", "markdown", "-e", page],
         "pith: -e: contradicts --format"),
        (["extract", "--comments", "--format", "json", page],
         "pith: --format: contradicts --comments"),
        (["extract", "--explain", "--comments", page],
         "pith: --comments: contradicts --explain"),
        (["extract", "--without-rule", "no-such-rule", page],
         "pith: --without-rule: no debris rule is called 'no-such-rule'"),
        (["clean", "--without-rule=caption,nope"],
         "pith: --without-rule: no debris rule is called 'nope'"),
        (["clean", "--recall", "--precision"],
         "pith: --precision: contradicts --recall"),
        (["extract", "--target-language", "english", page],
         "pith: --target-language: 'english' is not a language code"),
        (["batch", "--target-language=1", page],
         "pith: --target-language: '1' is not a language code"),
        (["extract", "--timeout", "5", page],
         "pith: --timeout: applies to a URL only"),
        (["extract", "--ignore-robots", page],
         "pith: --ignore-robots: applies to a URL only"),
        (["fetch", "-i", "-", "http://127.0.0.1:9/"],
         "URLs and -i FILE together"),
        (["fetch", "--resume", "http://127.0.0.1:9/"], "--resume needs -o"),
    ]
    for args, needle in bad:
        code, out, err = run(args, stdin=b"")
        check(code == 2 and needle in err and
              "Try 'pith %s --help'" % args[0] in err,
              "%r: exit 2 and %r (got %d %r)" % (args, needle, code, err))
    # Sizes take K, M, G everywhere.
    big = os.path.join(FIXTURES, "nav-header-footer-aside.html")
    size = os.path.getsize(big)
    check(size > 2048, "the page is over 2K")
    code, out, err = run(["extract", "--max-bytes", "2K", big])
    check(code == 4 and "2048 bytes" in err,
          "extract --max-bytes 2K is 2048 bytes (%d %r)" % (code, err))
    for size_arg in ("1M", "1m", "1MiB", "1.5M", "1G", "65536"):
        code, out, err = run(["extract", "--max-bytes", size_arg, big])
        check(code == 0, "extract --max-bytes %s accepted (%d %r)"
              % (size_arg, code, err))
    code, out, err = run(["extract", "--max-output-bytes", "1k", big])
    check(code == 4 and "max_output_bytes" in err,
          "--max-output-bytes 1k: the output limit (%d %r)" % (code, err))
    code, out, err = run(["clean", "--max-bytes", "1K"], stdin=b"x" * 2000)
    check(code == 4 and "1024 bytes" in err,
          "clean --max-bytes 1K (%d %r)" % (code, err))
    code, out, err = run(["batch", "-q", "--max-bytes", "2K", big])
    rec = json.loads(out) if code == 0 and out else {}
    check((rec.get("error") or {}).get("kind") == "too_large",
          "batch --max-bytes 2K: a too_large record (%d %r)" % (code, out))
    # --max-size 2M is read (the URL then fails without any network).
    code, out, err = run(["fetch", "--max-size", "2M", "ftp://127.0.0.1/x"])
    rec = json.loads(out) if out else {}
    check(code == 1 and (rec.get("error") or {}).get("kind") == "bad_url",
          "fetch --max-size 2M accepted (%d %r)" % (code, err))


def case_write_errors(tmp):
    """/dev/full, then a pipe whose reader is gone: exit 6 everywhere."""
    page = PAGE
    text = os.path.join(ROOT, "tests", "cases", "clean")
    text = os.path.join(text, sorted(os.listdir(text))[0])
    jsonl = os.path.join(tmp, "in.jsonl")
    with open(jsonl, "w") as f:
        f.write(json.dumps({"url": "http://a.example/",
                            "html": open(page).read()}) + "\n")
    runs = [
        ["extract", page],
        ["extract", "--format", "json", page],
        ["clean", text],
        ["clean", "--explain", text],
        ["batch", "-q", page],
        ["batch", "-q", "-o", "/dev/full", page],
        ["fetch", "ftp://127.0.0.1/x"],
        ["fetch", "-o", "/dev/full", "ftp://127.0.0.1/x"],
        ["--help"],
        ["extract", "--help"],
        ["--man", "batch"],
    ]
    for args in runs:
        with open("/dev/full", "wb") as full:
            code, _, err = run(args, stdout=full)
        check(code == 6 and "No space left on device" in err,
              "%r > /dev/full: exit 6 with a message (%d %r)"
              % (args, code, err))
    for args in (["extract", page], ["clean", text], ["batch", "-q", page],
                 ["batch", "-q", jsonl], ["fetch", "ftp://127.0.0.1/x"]):
        r, w = os.pipe()
        os.close(r)
        try:
            code, _, err = run(args, stdout=w)
        finally:
            os.close(w)
        check(code == 6 and "Broken pipe" in err,
              "%r into a closed pipe: exit 6 (%d %r)" % (args, code, err))
    # pith --help lists what each exit code means for each command.
    code, out, err = run(["--help"])
    text = out.decode()
    codes = text[text.index("Exit codes"):text.index("Examples")]
    for cmd in ("extract", "clean", "fetch", "batch"):
        check(cmd + ":" in codes, "pith --help: exit codes of %s" % cmd)
        c, help_out, _ = run([cmd, "--help"])
        own = help_out.decode()
        own = own[own.index("Exit codes:"):]
        for n in ("0", "2", "5", "6"):
            check("\n  %s  " % n in own, "pith %s --help: exit code %s"
                  % (cmd, n))
    for n in range(7):
        check("\n  %d  " % n in codes, "pith --help: exit code %d" % n)
    # exit 6 means the same in every command that writes output (pith
    # serve writes none)
    check(re.search(r" 6 (extract, clean, fetch, batch: )?the output "
                    r"could not be written \(disk full, closed pipe\)",
                    " ".join(codes.split())) is not None,
          "pith --help: exit 6 is the same for every command")


def case_batch_inputs(tmp):
    folder = os.path.join(tmp, "site")
    os.makedirs(os.path.join(folder, "sub"))
    os.makedirs(os.path.join(folder, ".git"))
    pages = ["article-element-only.html", "nav-header-footer-aside.html"]
    for name in pages:
        shutil.copy(os.path.join(FIXTURES, name), folder)
    shutil.copy(os.path.join(FIXTURES, "time-datetime.html"),
                os.path.join(folder, "sub"))
    for name, data in (("notes.txt", b"not a page"),
                       ("logo.png", b"\x89PNG\r\n"),
                       (".hidden.html", b"<p>hidden</p>"),
                       ("sub/old-output.jsonl", b"{}\n"),
                       (".git/config", b"[core]\n")):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    code, out, err = run(["batch", folder])
    recs = [json.loads(l) for l in out.splitlines()]
    check(code == 0 and len(recs) == 3, "folder: three pages (%d, %d)"
          % (code, len(recs)))
    check("; 4 files in folders skipped" in err,
          "folder: the summary counts the 4 skipped files: %r" % err)
    code, out, err = run(["batch", os.path.join(FIXTURES, pages[0])])
    check("skipped" not in err, "a page named on its own: nothing skipped")
    # JSON Lines: unknown keys pass through; pith's own keys stay pith's.
    html = open(os.path.join(FIXTURES, pages[0])).read()
    lines = [{"id": 7, "url": "http://a.example/1", "html": html,
              "crawl": {"depth": 2}, "title": "the scraper's title"},
             {"id": "x-8", "url": "http://a.example/2", "html": html},
             {"id": 9, "url": "http://a.example/3"}]
    path = os.path.join(tmp, "in.jsonl")
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    code, out, err = run(["batch", "-q", path])
    recs = [json.loads(l) for l in out.splitlines()]
    check(code == 0 and [r.get("id") for r in recs] == [7, "x-8", 9],
          "JSON Lines: each record carries its input's id (%r)"
          % [r.get("id") for r in recs])
    if len(recs) == 3:
        check(recs[0].get("crawl") == {"depth": 2},
              "JSON Lines: an object value passes through too")
        check(recs[0]["title"] != "the scraper's title" and recs[0]["title"],
              "JSON Lines: the extracted title wins over the input's")
        check("html" not in recs[0], "JSON Lines: the html is not repeated")
        check(recs[2]["error"]["kind"] == "json",
              "a line without html: an error record, still with its id")
    code, out, err = run(["batch", "-q", "-"],
                         stdin=open(path, "rb").read())
    check([json.loads(l).get("id") for l in out.splitlines()] ==
          [7, "x-8", 9], "JSON Lines on standard input: ids too")


def case_warnings(tmp):
    code, out, err = run(["clean", PAGE])
    check("warning" in err and "looks like an HTML page" in err and
          "pith extract" in err, "clean on HTML warns (%r)" % err)
    check(code in (0, 1) and out, "clean on HTML still cleans (%d)" % code)
    cases = os.path.join(ROOT, "tests", "cases", "clean")
    for name in sorted(os.listdir(cases))[:5]:
        code, out, err = run(["clean", os.path.join(cases, name)])
        check("warning" not in err, "clean on text %s: no warning (%r)"
              % (name, err))
    code, out, err = run(["clean"], stdin=b"<p>One line.</p>\n<p>Two.</p>\n"
                         b"<div>Three</div>\n")
    check("looks like an HTML page" in err, "HTML on standard input warns")
    code, want, err = run(["extract", PAGE])
    for ct in ("text/html; charset=x-no-such-charset",
               "text/html; charset=\"klingon-8\""):
        code, out, err = run(["extract", "--content-type", ct, PAGE])
        check(code == 0 and "warning: --content-type" in err and
              "cannot decode the charset" in err and out == want,
              "%r: a warning, and the page still read (%d %r)"
              % (ct, code, err))
    for ct in ("text/html; charset=windows-1251", "text/html",
               "text/html; charset=utf-8"):
        code, out, err = run(["extract", "--content-type", ct, PAGE])
        check(err == "", "%r: no warning (%r)" % (ct, err))


def case_data_skip(tmp):
    # A build folder of our own: its notes, then ctest's closing command.
    build = os.path.join(tmp, "build")
    notes = os.path.join(build, "Testing", "skipped")
    env = dict(os.environ, PITH_DATA_DIR=os.path.join(tmp, "no-data"),
               PITH_SKIP_NOTES=notes)
    scripts = [("quality_gate", ["quality_gate.py", PITH]),
               ("clean_seeds", ["run_clean_cases.py", PITH, "--seeds"]),
               ("seed_pages", ["seed_pages.py", PITH])]
    for name, args in scripts:
        env["PITH_TEST_NAME"] = name
        p = subprocess.run([sys.executable, os.path.join(HERE, args[0])] +
                           args[1:], env=env, capture_output=True,
                           timeout=120)
        out = p.stdout.decode()
        check(p.returncode == 77, "%s: exit 77 without data (%d)"
              % (name, p.returncode))
        check("skipped: set PITH_DATA_DIR" in out,
              "%s: prints why (%r)" % (name, out))
        check(os.path.exists(os.path.join(notes, name + ".txt")),
              "%s: leaves a note for ctest" % name)
    # ctest ends its run with the command CTestCustom.cmake names, run in
    # the build folder.
    custom = open(os.path.join(os.path.dirname(PITH),
                               "CTestCustom.cmake")).read()
    post = re.search(r'CTEST_CUSTOM_POST_TEST\s+"((?:\\.|[^"\\])*)"', custom)
    if not check(post is not None, "CTestCustom.cmake has a closing command"):
        return
    command = shlex.split(post.group(1).replace('\\"', '"'))
    p = subprocess.run(command, cwd=build, capture_output=True, timeout=60)
    said = (p.stdout + p.stderr).decode()
    for name, _ in scripts:
        check("skipped: %s: set PITH_DATA_DIR" % name in said,
              "ctest's closing lines say why %s skipped: %r" % (name, said))


def rendered(page, device="ascii"):
    """(exit code, text, warnings) of groff on a man page."""
    p = subprocess.run(["groff", "-man", "-T" + device, "-ww", "-P-cbou",
                        page], capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def case_man_pages(tmp):
    if not shutil.which("groff") or not shutil.which("man"):
        sys.path.insert(0, HERE)
        import skip_note
        skip_note.skip("install groff-base and man-db to check the man pages")
    man = os.path.join(os.path.dirname(PITH), "man")
    code, out, err = run(["--help"])
    text = out.decode()
    commands = [l.split()[0] for l in
                text[text.index("Commands:"):text.index("Options:")]
                .splitlines()[1:] if l.startswith("  ") and
                not l.startswith("   ")]
    check(commands == ["extract", "clean", "fetch", "batch", "serve"],
          "the commands of pith --help: %r" % commands)
    pages = [("pith", os.path.join(man, "pith.1"))] + \
        [(c, os.path.join(man, "pith-%s.1" % c)) for c in commands]
    for name, page in pages:
        if not check(os.path.exists(page), "%s is built" % page):
            continue
        for device in ("ascii", "utf8"):
            code, out, err = rendered(page, device)
            check(code == 0 and err == "" and out,
                  "groff -man -T%s -ww %s: no warning (%r)"
                  % (device, os.path.basename(page), err))
        code, out, err = rendered(page)
        if name == "pith":
            for c in commands:
                check("pith-%s(1)" % c in out, "pith(1) names pith-%s(1)" % c)
            for n in range(7):
                check("\n       %d" % n in out,
                      "pith(1): exit status %d" % n)
            continue
        # Every option of --help is in the page, with its help text.
        c, help_out, _ = run([name, "--help"])
        help_text = help_out.decode()
        options = [w for w in help_text.replace(",", " ").split()
                   if w.startswith("--") and len(w) > 2 and
                   w[2].isalpha() and w == w.rstrip(".)'")]
        check(len(options) >= 5, "%s --help has options" % name)
        flat = " ".join(out.split())
        for opt in set(options):
            check(opt in out, "pith-%s(1) has %s" % (name, opt))
        first = help_text.split("\n\n")[1].split()
        check(" ".join(first[:12]) in flat,
              "pith-%s(1) has the description of --help" % name)
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS",
                        "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
            check("\n%s\n" % section in out, "pith-%s(1): %s" % (name, section))
    env = dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80")
    p = subprocess.run(["man", "-l", os.path.join(man, "pith.1")], env=env,
                       capture_output=True, timeout=60)
    check(p.returncode == 0 and b"PITH(1)" in p.stdout and
          b"EXIT STATUS" in p.stdout,
          "man -l pith.1 renders it (%d %r)" % (p.returncode, p.stderr[:300]))


CASES = {name[5:]: fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    global PITH, CMAKE
    if len(sys.argv) != 4 or sys.argv[3] not in CASES:
        print("usage: cli_test.py PITH CMAKE {%s}" % ",".join(CASES))
        return 2
    PITH = os.path.abspath(sys.argv[1])
    CMAKE = sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="pith-cli-")
    try:
        CASES[sys.argv[3]](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
