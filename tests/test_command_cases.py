"""One test per command case: tests/cases/commands/NAME.* and NAME.expected.txt.

A command case is an input (a patch, a mail, an mbox, something that is none of
these) and, beside it, what lockscan's commands print for it, the way sparse's
and clang's tests hold their expected output.  The expected file is a list of
runs, each

    $ lockscan check INPUT --format b4
    status 1
    stdout:
    mm/rmap.c:10: WARNING: hunk skipped: ...
    stderr:

``INPUT`` stands for the case file (its path from the repository's root, where
the command runs); the lines after ``stdout:`` and ``stderr:`` are the whole of
each stream, compared exactly.  A ``NAME.toml`` beside the cases is a
configuration file a run names with ``--config``.
"""

import shlex
from pathlib import Path

import pytest

from conftest import ROOT, run_lockscan

CASES = Path(__file__).parent / "cases" / "commands"
SUFFIX = ".expected.txt"
# NAME.toml files are configurations the runs name (--config)
INPUTS = sorted(path for path in CASES.iterdir()
                if path.is_file() and not path.name.endswith((SUFFIX, ".toml")))


def expected_of(case):
    return case.with_name(case.name.rsplit(".", 1)[0] + SUFFIX)


def read_runs(expected_file):
    """[(arguments, status, stdout, stderr)] of an expected file."""
    runs = []
    for block in expected_file.read_text().split("$ lockscan ")[1:]:
        command, rest = block.split("\n", 1)
        status_line, rest = rest.split("\n", 1)
        assert status_line.startswith("status "), f"{expected_file.name}: {status_line!r}"
        assert rest.startswith("stdout:\n") and "\nstderr:\n" in "\n" + rest, \
            f"{expected_file.name}: a run needs stdout: and stderr:"
        stdout, stderr = rest[len("stdout:\n"):].split("stderr:\n", 1)
        runs.append((shlex.split(command), int(status_line.split()[1]), stdout, stderr))
    assert runs, f"{expected_file.name}: no '$ lockscan ...' run"
    return runs


@pytest.mark.parametrize("case", INPUTS, ids=[path.name for path in INPUTS])
def test_command_case(case):
    expected_file = expected_of(case)
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    relative = str(case.relative_to(ROOT))
    for arguments, status, stdout, stderr in read_runs(expected_file):
        arguments = [relative if word == "INPUT" else word for word in arguments]
        found = run_lockscan(*arguments)
        assert found == (status, stdout, stderr), \
            f"lockscan {shlex.join(arguments)}:\n{found[1]}{found[2]}"


def test_every_expectation_has_an_input_and_every_configuration_a_run():
    names = {path.name.rsplit(".", 1)[0] for path in INPUTS}
    for expected in CASES.glob("*" + SUFFIX):
        assert expected.name[:-len(SUFFIX)] in names, f"{expected.name} has no input"
    named = {word for case in INPUTS for arguments, _, _, _ in read_runs(expected_of(case))
             for word in arguments}
    for config in CASES.glob("*.toml"):
        assert str(config.relative_to(ROOT)) in named, f"no run reads {config.name}"
