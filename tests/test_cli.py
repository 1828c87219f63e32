"""The command line itself: help, version, and help laid out at the terminal's width."""

import argparse
import contextlib
import io
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


def parsed(parser, argv):
    """What ``parser`` makes of ``argv``: the namespace, or the text it prints and
    the status it exits with (--help), or the message of the UsageError it raises."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            return vars(parser.parse_args(argv))
    except SystemExit as exit:
        return exit.code, out.getvalue()
    except cli.UsageError as error:
        return str(error)


def help_texts(parser):
    """What --help prints, for lockscan and for each command."""
    return [parsed(parser, ["--help"])[1]] + [parsed(parser, [name, "--help"])[1]
                                              for name in cli.COMMANDS]


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


def test_one_command_s_parser_reads_its_arguments_as_the_whole_parser(monkeypatch):
    """run() builds the parser of the command named first alone (start-up counts)."""
    monkeypatch.setenv("COLUMNS", "100")
    for argv in (["check"], ["check", "a", "b", "--format", "sarif", "-j", "3", "--rules", "r",
                             "--rules", "s", "--fail-on", "never", "--all-files", "-o", "x"],
                 ["check", "--help"], ["check", "--format", "xml"], ["check", "-j", "0"],
                 ["check", "--bogus"], ["patches", "--format", "json", "-"], ["patches", "-h"],
                 ["git"], ["git", "A..B", "--baseline", "old.sarif"], ["git", "--help"],
                 ["scan", "mm", "--jobs", "2"], ["scan"], ["scan", "--help"],
                 ["rules"], ["rules", "--docs", "d"], ["rules", "--help"], ["rules", "x"]):
        assert argv[0] in cli.COMMANDS
        assert parsed(cli.build_parser(argv[0]), argv) == parsed(cli.build_parser(), argv), argv


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
