"""The ``lockscan`` command line.

Exit status: 0 fine, 1 findings (from the check stages), 2 usage or input
errors, reported in one line on stderr and never as a traceback; 3 an
internal error (a bug of lockscan's own), also in one line.
"""

import argparse
import gc
import os
import sys

from analyzer import __version__
from analyzer.index.distributed import DaskError
from analyzer.inputs import InputError
from analyzer.rulefiles import RulesError


REPORT_FORMATS = ("text", "json", "sarif", "b4")
INTERNAL_ERROR = 3
ISSUES = "the lockscan issue tracker"


class UsageError(Exception):
    pass


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, at the width shutil.get_terminal_size() gives, found
    without importing shutil (and with it bz2 and lzma): argparse makes a formatter
    for every option it is given, so that import is paid on every run."""

    def __init__(self, prog):
        try:
            columns = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                columns = 80
        super().__init__(prog, width=columns - 2)


class Parser(argparse.ArgumentParser):
    """argparse, raising instead of exiting so that main() decides the status."""

    def __init__(self, **options):
        options.setdefault("formatter_class", Formatter)
        super().__init__(**options)

    def error(self, message):
        raise UsageError(message)


def positive(text):
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


COMMANDS = {
    "check": "read patches and report what their hunks hold",
    "patches": "show the patches and hunks found in the input",
    "git": "review commits of the current repository, like checkpatch.pl --git (tree mode)",
    "scan": "analyze whole C files or directories of them",
    "rules": "print every rule with its documentation",
    "index": "index a kernel tree: summaries, lock order, stated orders, guard beliefs",
}


def build_parser(only=None):
    """The command line's parser; with ``only``, a command's name, one that knows
    that command alone, which is all its arguments need (argparse makes a parser
    per command, and start-up counts)."""
    parser = Parser(prog="lockscan", description="Static lock analysis of Linux kernel "
                    "patches: mails, mboxes, quoted replies, git and quilt diffs.")
    parser.add_argument("--version", action="version", version=f"lockscan {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands = {name: subparsers.add_parser(name, help=text) for name, text in COMMANDS.items()
                if only in (None, name)}
    for name in ("check", "patches"):
        if name in commands:
            commands[name].add_argument("inputs", nargs="*", metavar="INPUT",
                                        help="mail, mbox or diff; - or nothing for stdin")
            commands[name].add_argument("--tree", metavar="DIR",
                                        help="kernel tree to read whole functions from "
                                        "(default: the current directory when it is a git "
                                        "checkout)")
    if "patches" in commands:
        add_output_options(commands["patches"], ("text", "json"))
    if "git" in commands:
        commands["git"].add_argument("range", nargs="?", default="@{upstream}..HEAD",
                                     help="as checkpatch.pl --git: a revision is that one "
                                     "commit, -N the last N commits, a range (A..B) the "
                                     "commits in it (default: @{upstream}..HEAD)")
    if "scan" in commands:
        commands["scan"].add_argument("paths", nargs="+", metavar="PATH",
                                      help="a .c file or a directory")
    if "index" in commands:
        index = commands["index"]
        index.add_argument("tree", nargs="?", default=".", metavar="TREE",
                           help="the kernel tree (default: the current directory)")
        index.add_argument("--scope", metavar="PATH", nargs="+",
                           help="index only these files or directories of the tree "
                           "(default: what its last index covered, else all of it)")
        index.add_argument("--export-guards", metavar="FILE",
                           help="write the guard beliefs to FILE as a rule set (rules/ format)")
        index.add_argument("--dask", metavar="ADDRESS",
                           help="run the per-file work on the Dask scheduler at ADDRESS "
                           "(pip install 'lockscan[dask]')")
        add_output_options(index, ("text", "json"))
    if "rules" in commands:
        commands["rules"].add_argument("--docs", metavar="DIR", help="write one markdown file "
                                       "per rule into DIR instead (docs/rules)")
    for name in ("check", "git", "scan", "index"):
        if name not in commands:
            continue
        command = commands[name]
        command.add_argument("--rules", metavar="DIR", action="append", default=[],
                             help="also load the rule sets (*.toml) in DIR")
        work = {"scan": "files", "index": "files"}.get(name, "patches")
        command.add_argument("--jobs", "-j", type=positive, default=os.cpu_count() or 1,
                             metavar="N", help=f"processes to share the {work} among "
                             f"(default: the number of cores)")
        if name == "index":
            continue
        add_output_options(command, REPORT_FORMATS)
        command.add_argument("--fail-on", choices=("note", "warning", "error", "never"),
                             default="warning", help="exit 1 when a (new) finding is at or "
                             "above this level (default: warning)")
        command.add_argument("--baseline", metavar="OLD.sarif",
                             help="report only findings whose fingerprint is not in this "
                             "earlier SARIF output")
        command.add_argument("--all-files", action="store_true",
                             help="check every C file, not only those the rule sets cover")
        command.add_argument("--trace-states", metavar="FUNCTION",
                             help="print to standard error the lock states the analysis "
                             "finds at each control-flow node of FUNCTION")
    return parser


def add_output_options(command, formats):
    command.add_argument("--format", choices=formats, default="text",
                         help="text (default), " + ", ".join(formats[1:]))
    command.add_argument("-o", "--output", metavar="FILE",
                         help="write the report to FILE instead of standard output")


def json_text(value):
    import json     # here: most runs write text
    return json.dumps(value, indent=2) + "\n"


def write_output(arguments, text):
    if arguments.output is None:
        sys.stdout.write(text)
        return
    try:
        with open(arguments.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"-o {arguments.output}: {error.strerror or error}") from None


def console():
    """The ``lockscan`` command: main(), and out without tearing anything down.

    A run keeps what it builds to its end: collector passes over it find
    nothing to free, and freeing it object by object at exit costs a tenth
    of a check on one mail.  So the collector is off (workers inherit that;
    a scan collects after each file) from before the modules a command needs
    are imported (this one imports almost nothing), and once the output is
    flushed the process just ends.
    """
    gc.disable()
    status = guarded(main)
    try:
        sys.stdout.flush()
    except OSError:     # a reader that went away (lockscan ... | head)
        pass
    sys.stderr.flush()
    os._exit(status)


def guarded(command, *arguments):
    """``command(*arguments)``'s status; for an exception it did not expect (a bug:
    nothing else escapes main()), one line saying so and INTERNAL_ERROR, never 1,
    which means findings to CI and b4."""
    try:
        return command(*arguments)
    except Exception as error:      # noqa: BLE001 - the last line of defence
        place = error.__traceback__
        while place.tb_next is not None:
            place = place.tb_next
        where = f"{os.path.basename(place.tb_frame.f_code.co_filename)}:{place.tb_lineno}"
        detail = " ".join(str(error).split())[:200]
        print(f"lockscan: internal error ({type(error).__name__} at {where}: {detail}); "
              f"please report it, with the input, to {ISSUES}", file=sys.stderr)
        return INTERNAL_ERROR


def main(argv=None):
    try:
        return run(argv)
    except UsageError as error:
        print(f"lockscan: {error}", file=sys.stderr)
        return 2
    except (InputError, RulesError, DaskError) as error:
        print(f"lockscan: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def run(argv):
    words = sys.argv[1:] if argv is None else argv
    # a command named first needs no other command's parser; anything else
    # (--help, --version, a misspelt command) gets them all
    arguments = build_parser(words[0] if words and words[0] in COMMANDS else None
                             ).parse_args(argv)
    if arguments.command is None:
        raise UsageError("no command given; try 'lockscan check MAIL' or 'lockscan --help'")
    if arguments.command == "scan":
        return run_scan(arguments)
    if arguments.command == "rules":
        return run_rules(arguments)
    if arguments.command == "index":
        return run_index(arguments)
    if arguments.command == "git":
        from analyzer.intake import read_text
        intake = read_text(f"git {arguments.range}", commits_as_mbox(arguments.range))
        arguments.once_each = True
        return run_check(arguments, intake, ".")
    inputs = arguments.inputs or ["-"]
    if inputs.count("-") > 1:
        raise UsageError("standard input (-) given more than once")
    # imported here: a scan needs none of the mail machinery, and start-up counts
    from analyzer.intake import read_inputs
    intake = read_inputs(inputs, sys.stdin.buffer)
    tree = source_tree(arguments.tree, intake)
    if arguments.command == "check":
        return run_check(arguments, intake, tree)
    from analyzer.report.patches import patches_json, patches_text
    if arguments.format == "json":
        write_output(arguments, json_text(patches_json(intake, tree)))
    else:
        write_output(arguments, patches_text(intake, tree))
    return 0


def format_patch_arguments(commits):
    """What git format-patch is given for ``lockscan git COMMITS``, read as
    checkpatch.pl --git reads it: ``-N`` the last N commits, a range (``A..B``,
    ``A...B``, ``^A B``) as given, any other revision that one commit."""
    if commits[1:].isdigit() and commits.startswith("-"):
        return [commits, "HEAD"]
    if ".." in commits or commits.startswith("^"):
        return ["--end-of-options", commits]
    return ["-1", "--end-of-options", commits]


def commits_as_mbox(commits):
    """The commits as git format-patch writes them, or UsageError with git's own
    reason ("unknown revision ...") in one line."""
    import subprocess
    try:
        process = subprocess.run(["git", "format-patch", "--stdout", "--no-color",
                                  *format_patch_arguments(commits)], capture_output=True)
    except OSError as error:
        raise UsageError(f"cannot run git: {error.strerror or error}") from None
    if process.returncode != 0:
        said = process.stderr.decode(errors="replace").strip().splitlines()
        # git's reason is its fatal:/error: line; hints and usage follow it
        reason = next((line for line in said if line.startswith(("fatal:", "error:"))),
                      said[0] if said else f"failed with status {process.returncode}")
        raise UsageError(f"git {commits}: {reason}")
    return process.stdout.decode("utf-8", errors="replace")


def run_check(arguments, intake, tree):
    from analyzer.locks.rules import load_rules
    from analyzer.report.results import check_results
    from analyzer.review import review_patches
    rules = load_rules(arguments.rules, arguments.all_files)
    if tree is not None:
        from analyzer.review import with_tree_index
        rules = with_tree_index(rules, tree, arguments.rules, arguments.jobs,
                                [file.path for patch in intake.patches for file in patch.files
                                 if file.path])
    reviews = review_patches(intake.patches, rules, tree, arguments.all_files, arguments.jobs,
                             arguments.trace_states)
    if getattr(arguments, "once_each", False):
        from analyzer.review import once_each
        reviews = list(once_each(reviews))
    known = baseline(arguments)
    if known:
        for review in reviews:
            review.findings = [f for f in review.findings if f.fingerprint not in known]
    return report(arguments, check_results(intake, reviews))


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


def run_index(arguments):
    from analyzer.index.build import index_tree
    from analyzer.index.report import index_text
    from analyzer.locks.rules import load_rules
    if not os.path.isdir(arguments.tree):
        raise UsageError(f"{arguments.tree}: not a directory")
    rules = load_rules(arguments.rules, True) if arguments.export_guards else None
    try:
        knowledge, result = index_tree(arguments.tree, arguments.rules, arguments.scope,
                                       arguments.jobs, arguments.dask)
    except FileNotFoundError as error:
        raise UsageError(f"--scope {error.args[0]}: not in {arguments.tree}") from None
    if arguments.export_guards:
        from analyzer.index.use import guards_rule_file
        try:
            with open(arguments.export_guards, "w", encoding="utf-8") as handle:
                handle.write(guards_rule_file(knowledge, rules, result["scope"]))
        except OSError as error:
            raise UsageError(f"--export-guards {arguments.export_guards}: "
                             f"{error.strerror or error}") from None
    write_output(arguments, json_text(result) if arguments.format == "json"
                 else index_text(result))
    return 0


def run_rules(arguments):
    from analyzer.report.rules import rules_text, write_rule_docs
    if arguments.docs is None:
        sys.stdout.write(rules_text())
        return 0
    try:
        write_rule_docs(arguments.docs)
    except OSError as error:
        raise UsageError(f"--docs {arguments.docs}: {error.strerror or error}") from None
    return 0


def run_scan(arguments):
    from analyzer.locks.rules import load_rules
    from analyzer.report.results import scan_results
    from analyzer.report.text import finding_json
    from analyzer.scan import scan
    rules = load_rules(arguments.rules, arguments.all_files)
    try:
        result, findings = scan(arguments.paths, rules, arguments.all_files, arguments.jobs,
                                 arguments.trace_states)
    except FileNotFoundError as error:
        raise InputError(f"cannot read {error.args[0]}: No such file or directory") from None
    known = baseline(arguments)
    if known:
        findings = [f for f in findings if f.fingerprint not in known]
    if arguments.format == "json":
        # the scan's own JSON: its metrics and unparsed functions with the findings
        result["findings"] = [finding_json(finding) for finding in findings]
        write_output(arguments, json_text(result))
        return exit_status(arguments, findings)
    return report(arguments, scan_results(result, findings))


def baseline(arguments):
    """The fingerprints of --baseline's findings, which are not reported again."""
    if not arguments.baseline:
        return set()
    from analyzer.report.sarif import baseline_fingerprints
    return baseline_fingerprints(arguments.baseline)


def report(arguments, results):
    """Write ``results`` in the chosen format; the exit status of the findings reported."""
    # each output imports only what it needs: start-up is most of a run on one mail
    from analyzer.report.text import b4_text, finding_json, results_text
    if arguments.format == "sarif":
        from analyzer.report.sarif import sarif_json
        text = sarif_json(results)
    elif arguments.format == "b4":
        text = b4_text(results)
    elif arguments.format == "json":
        text = json_text([finding_json(finding, section.patch) for section in results.sections
                          for finding in section.findings])
    else:
        colour = arguments.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = results_text(results, colour)
    write_output(arguments, text)
    return exit_status(arguments, results.findings)


def exit_status(arguments, findings):
    from analyzer.checks.finding import at_least
    return 1 if any(finding.state == "new" and at_least(finding.level, arguments.fail_on)
                    for finding in findings) else 0
