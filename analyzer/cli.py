"""The ``lockscan`` command line.

Exit status: 0 fine, 1 findings (from the check stages), 2 usage or input
errors, reported in one line on stderr and never as a traceback.
"""

import argparse
import json
import sys

from analyzer import __version__
from analyzer.intake import InputError, read_inputs
from analyzer.report.patches import patches_json, patches_text
from analyzer.scan import scan, scan_text


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
    check.add_argument("inputs", nargs="*", metavar="INPUT",
                       help="mail, mbox or diff; - or nothing for stdin")

    patches = commands.add_parser("patches", help="show the patches and hunks found in the input")
    patches.add_argument("inputs", nargs="*", metavar="INPUT",
                         help="mail, mbox or diff; - or nothing for stdin")
    patches.add_argument("--format", choices=("text", "json"), default="text")

    scan = commands.add_parser("scan", help="analyze whole C files or directories of them")
    scan.add_argument("paths", nargs="+", metavar="PATH", help="a .c file or a directory")
    scan.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv=None):
    try:
        return run(argv)
    except UsageError as error:
        print(f"lockscan: {error}", file=sys.stderr)
        return 2
    except InputError as error:
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
    intake = read_inputs(inputs, sys.stdin.buffer)
    if arguments.command == "patches":
        if arguments.format == "json":
            print(json.dumps(patches_json(intake), indent=2))
        else:
            sys.stdout.write(patches_text(intake))
        return 0
    sys.stdout.write(patches_text(intake))
    return 0


def run_scan(arguments):
    try:
        result = scan(arguments.paths)
    except FileNotFoundError as error:
        raise InputError(f"cannot read {error.args[0]}: No such file or directory") from None
    if arguments.format == "json":
        print(json.dumps(result, indent=2))
    else:
        sys.stdout.write(scan_text(result))
    return 0
