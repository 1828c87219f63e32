"""The command line itself: help, version, and help laid out at the terminal's width."""

import argparse
import os
import subprocess
import sys

from analyzer import __version__, cli
from conftest import ROOT


def lockscan(*args, columns=None):
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    process = subprocess.run([sys.executable, "-m", "analyzer", *args], capture_output=True,
                             text=True, cwd=ROOT, env=env)
    return process.returncode, process.stdout, process.stderr


def test_help_lists_every_command():
    status, out, err = lockscan("--help")
    assert status == 0 and err == ""
    for command in ("check", "git", "patches", "scan", "rules"):
        assert f"    {command} " in out, command


def test_version():
    assert lockscan("--version") == (0, f"lockscan {__version__}\n", "")


def help_texts(parser):
    commands = parser._subparsers._group_actions[0].choices
    return [parser.format_help()] + [commands[name].format_help() for name in sorted(commands)]


def test_help_is_laid_out_as_argparse_lays_it_out(monkeypatch):
    """cli.Formatter finds the width without shutil; the layout must not change."""
    for columns in ("50", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        ours = help_texts(cli.build_parser())
        with monkeypatch.context() as stock:
            stock.setattr(cli, "Formatter", argparse.HelpFormatter)
            theirs = help_texts(cli.build_parser())
        assert ours == theirs
    assert max(map(len, ours[0].splitlines())) > 80     # COLUMNS, not the fallback of 80


def test_no_command_is_one_line_and_status_2():
    status, out, err = lockscan()
    assert status == 2 and out == "" and err.count("\n") == 1


def test_trace_states_prints_the_states_of_one_function():
    case = os.path.join("tests", "cases", "locks", "imbalance_error_return.c")
    status, out, err = lockscan("scan", case, "--all-files", "--trace-states", "clear_one_pte")
    assert status == 1 and "LOCK005" in out
    assert err.startswith(f"states of clear_one_pte() in {case} (new image), on entry")
    assert "relink_skipping_unlock" not in err
    # the error return at line 14 is reached holding the lock taken at line 11
    lines = err.splitlines()
    at_return = lines.index(next(line for line in lines if "(line 14)" in line))
    assert "held mm->page_table_lock [mm_struct.page_table_lock, exclusive," in lines[at_return + 1]
    assert "taken at line 11 by spin_lock(&mm->page_table_lock)" in lines[at_return + 1]
