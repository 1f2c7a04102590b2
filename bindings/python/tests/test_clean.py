"""pith.clean() against `pith clean`: .text is what the CLI prints, .lines
the verdicts `pith clean --explain` lists."""

import os

import pytest

import pith
from conftest import ROOT, run_cli

SCRAPED = (
    "Council approves new cycle lanes for the town centre\n"
    "\n"
    "Photo: John Smith/Getty Images\n"
    "The council voted on Tuesday to build three new cycle lanes through the\n"
    "town centre, after a year of consultation with residents and shops.\n"
    "\n"
    "Share on Facebook\n"
    "Share on Twitter\n"
    "Work is due to start in the spring and to last about eight months, the\n"
    "council said in a statement.\n"
    "Read more at the Eastbrook Post\n"
)


def explain_verdicts(out):
    rows = []
    for line in out.decode().split("\n"):
        if not line:
            continue
        text = line[25:].split("\t# ")[0]
        rows.append((line[0] == "+", line[2:24].strip(), text))
    return rows


@pytest.mark.parametrize("mode", ["balanced", "precision", "recall"])
def test_clean_matches_cli(mode):
    flag = [] if mode == "balanced" else ["--" + mode]
    _, out, _ = run_cli(["clean"] + flag + ["-"], SCRAPED.encode())
    c = pith.clean(SCRAPED, mode=mode)
    assert c.text.encode() == out
    _, listing, _ = run_cli(["clean", "--explain"] + flag + ["-"],
                            SCRAPED.encode())
    assert [(l.keep, l.rule, l.text) for l in c.lines] == \
        explain_verdicts(listing)
    # blank input lines are not judged; every other line is, in order
    numbers = [n for n, t in enumerate(SCRAPED.split("\n"), 1) if t.strip()]
    assert [l.number for l in c.lines] == numbers


def test_clean_removes_debris():
    c = pith.clean(SCRAPED)
    removed = {l.text: l.rule for l in c.removed}
    assert "Share on Facebook" in removed
    assert "Photo: John Smith/Getty Images" in removed
    assert "Share on Facebook" not in c.text
    assert "three new cycle lanes" in c.text
    assert c.to_dict()["lines"][0]["keep"] is True


def test_clean_bytes_and_seeds():
    seeds = os.path.join(ROOT, "..", "shared", "data", "seeds")
    if not os.path.isdir(seeds):
        pytest.skip("no seeds at %s" % seeds)
    for name in sorted(os.listdir(seeds)):
        if not name.endswith(".input.txt"):
            continue
        path = os.path.join(seeds, name)
        _, out, _ = run_cli(["clean", path])
        with open(path, "rb") as f:
            assert pith.clean(f.read()).text.encode() == out, name


def test_clean_errors():
    with pytest.raises(pith.PithInputError) as e:
        pith.clean(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert e.value.kind == "not_html" or e.value.kind == "encoding"
    with pytest.raises(pith.PithLimitError):
        pith.clean("word " * 10000, max_input_bytes=1000)
