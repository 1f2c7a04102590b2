"""Shared by the binding's tests: the pith CLI to compare with (PITH_CLI),
the fixture pages, and running the CLI the way a user would."""

import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURES = os.environ.get("PITH_FIXTURES") or os.path.join(ROOT, "fixtures")


def cli_path():
    path = os.environ.get("PITH_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("set PITH_CLI to the pith program to compare with")
    return path


def run_cli(args, stdin=None):
    """(exit code, stdout bytes, stderr text) of `pith ARGS`."""
    p = subprocess.run([cli_path()] + args, input=stdin,
                       capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="session")
def cli():
    return cli_path()
