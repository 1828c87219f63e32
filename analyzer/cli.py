"""The ``lockscan`` command line.

Exit status: 0 fine, 1 findings (from the check stages), 2 usage or input
errors, reported in one line on stderr and never as a traceback.
"""

import argparse
import json
import os
import sys

from analyzer import __version__
from analyzer.inputs import InputError
from analyzer.locks.rules import RulesError


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse, raising instead of exiting so that main() decides the status."""

    def error(self, message):
        raise UsageError(message)


def build_parser():
    parser = Parser(prog="lockscan", description="Static lock analysis of Linux kernel "
                    "patches: mails, mboxes, quoted replies, git and quilt diffs.")
    parser.add_argument("--version", action="version", version=f"lockscan {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    check = commands.add_parser("check", help="read patches and report what their hunks hold")
    patches = commands.add_parser("patches", help="show the patches and hunks found in the input")
    for command in (check, patches):
        command.add_argument("inputs", nargs="*", metavar="INPUT",
                             help="mail, mbox or diff; - or nothing for stdin")
        command.add_argument("--tree", metavar="DIR",
                             help="kernel tree to read whole functions from (default: the "
                             "current directory when it is a git checkout)")
    patches.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--format", choices=("text", "json"), default="text")

    scan = commands.add_parser("scan", help="analyze whole C files or directories of them")
    scan.add_argument("paths", nargs="+", metavar="PATH", help="a .c file or a directory")
    scan.add_argument("--format", choices=("text", "json"), default="text")
    for command in (check, scan):
        command.add_argument("--fail-on", choices=("note", "warning", "error", "never"),
                             default="warning", help="exit 1 when a (new) finding is at or "
                             "above this level (default: warning)")
        command.add_argument("--rules", metavar="DIR", action="append", default=[],
                             help="also load the rule sets (*.toml) in DIR")
        command.add_argument("--all-files", action="store_true",
                             help="check every C file, not only those the rule sets cover")
    return parser


def main(argv=None):
    try:
        return run(argv)
    except UsageError as error:
        print(f"lockscan: {error}", file=sys.stderr)
        return 2
    except (InputError, RulesError) as error:
        print(f"lockscan: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def run(argv):
    arguments = build_parser().parse_args(argv)
    if arguments.command is None:
        raise UsageError("no command given; try 'lockscan check MAIL' or 'lockscan --help'")
    if arguments.command == "scan":
        return run_scan(arguments)
    inputs = arguments.inputs or ["-"]
    if inputs.count("-") > 1:
        raise UsageError("standard input (-) given more than once")
    # imported here: a scan needs none of the mail machinery, and start-up counts
    from analyzer.intake import read_inputs
    from analyzer.report.patches import patches_json, patches_text
    intake = read_inputs(inputs, sys.stdin.buffer)
    tree = source_tree(arguments.tree, intake)
    if arguments.command == "check":
        return run_check(arguments, intake, tree)
    if arguments.format == "json":
        print(json.dumps(patches_json(intake, tree), indent=2))
    else:
        sys.stdout.write(patches_text(intake, tree))
    return 0


def run_check(arguments, intake, tree):
    from analyzer.checks.finding import at_least
    from analyzer.locks.rules import load_rules
    from analyzer.report.text import finding_json, reviews_text
    from analyzer.review import review_patch
    rules = load_rules(arguments.rules)
    reviews = [review_patch(patch, rules, tree, arguments.all_files) for patch in intake.patches]
    if arguments.format == "json":
        print(json.dumps([finding_json(f, review.patch) for review in reviews
                          for f in review.findings], indent=2))
    else:
        sys.stdout.write(reviews_text(reviews))
    failing = [f for review in reviews for f in review.findings
               if f.state == "new" and at_least(f.level, arguments.fail_on)]
    return 1 if failing else 0


def source_tree(tree, intake):
    """The tree to read files from: --tree, else the current directory when it is
    a git checkout holding the patches' files, else None (mail mode)."""
    if tree is not None:
        if not os.path.isdir(tree):
            raise UsageError(f"--tree {tree}: not a directory")
        return tree
    paths = [file.path for patch in intake.patches for file in patch.files if file.path]
    if os.path.isdir(".git") and paths and all(os.path.isfile(path) for path in paths):
        return "."
    return None


def run_scan(arguments):
    from analyzer.checks.finding import at_least
    from analyzer.locks.rules import load_rules
    from analyzer.scan import scan, scan_text
    rules = load_rules(arguments.rules)
    try:
        result, findings = scan(arguments.paths, rules, arguments.all_files)
    except FileNotFoundError as error:
        raise InputError(f"cannot read {error.args[0]}: No such file or directory") from None
    if arguments.format == "json":
        print(json.dumps(result, indent=2))
    else:
        sys.stdout.write(scan_text(result, findings))
    return 1 if any(at_least(f.level, arguments.fail_on) for f in findings) else 0
