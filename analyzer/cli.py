"""The ``lockscan`` command line.

Exit status: 0 fine, 1 findings (from the check stages), 2 usage or input
errors, reported in one line on stderr and never as a traceback; 3 an
internal error (a bug of lockscan's own), also in one line.
"""

import argparse
import gc
import itertools
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
                             help="exit 1 when a (new) finding is at or above this level "
                             "(default: the configuration's, else warning)")
        command.add_argument("--config", metavar="FILE", help="read the configuration from "
                             "FILE (default: .lockscan.toml at the root of the tree or "
                             "checkout)")
        if name == "scan":      # a scan compares with nothing: its findings are all shown
            command.set_defaults(show_kept=False, show_fixed=False, verbose=False)
        else:
            command.add_argument("--show-kept", action="store_true", help="text: also list "
                                 "the findings the patch keeps (they are always counted)")
            command.add_argument("--show-fixed", action="store_true", help="text: also list "
                                 "the findings the patch fixes")
            command.add_argument("-v", "--verbose", action="store_true",
                                 help="text: --show-kept and --show-fixed")
        command.add_argument("--show-ignored", action="store_true", help="text: also list the "
                             "findings the configuration ignores, with its reason")
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


class Output:
    """Where the report goes, opened before the work starts: standard output, or -o FILE."""

    def __init__(self, name):
        self.name = name
        try:
            self.handle = sys.stdout if name is None else open(name, "w", encoding="utf-8")
        except OSError as error:
            raise UsageError(f"-o {name}: {error.strerror or error}") from None

    def write(self, text):
        """Write ``text`` now: a report streamed patch by patch is read as it comes."""
        try:
            self.handle.write(text)
            self.handle.flush()
        except OSError as error:
            if self.name is None:
                raise
            raise UsageError(f"-o {self.name}: {error.strerror or error}") from None

    def close(self):
        if self.name is not None:
            self.handle.close()


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
        from analyzer.intake import PatchStream
        text = commits_as_mbox(arguments.range)
        stream = PatchStream([(f"git {arguments.range}", lambda: text)], patch_required=False)
        arguments.once_each = True
        return run_check(arguments, stream, series_of_commits(arguments.range),
                         checkout_root("."))
    inputs = arguments.inputs or ["-"]
    if inputs.count("-") > 1:
        raise UsageError("standard input (-) given more than once")
    # imported here: a scan needs none of the mail machinery, and start-up counts
    from analyzer.intake import input_stream
    # check refuses an input with no patch at all; patches shows what it found in it
    stream = input_stream(inputs, sys.stdin.buffer, arguments.command == "check")
    tree = source_tree(arguments.tree)
    if arguments.command == "check":
        # the configuration of --tree is at that directory, not at a checkout holding it
        return run_check(arguments, stream, tree, arguments.tree or checkout_root("."))
    from analyzer.intake.model import Intake
    from analyzer.report.json_report import write_json
    from analyzer.report.patches import patches_json, patches_text
    intake = Intake(list(stream), stream.skipped)
    output = Output(arguments.output)
    if arguments.format == "json":
        write_json(output.write, patches_json(intake, tree))
    else:
        output.write(patches_text(intake, tree))
    output.close()
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


def series_of_commits(commits):
    """The trees of ``lockscan git COMMITS``: commit N against the tree as commits
    1..N-1 left it, from the first one's parent (None when there are no commits)."""
    import subprocess
    from analyzer.extract.tree import Revision, Series
    listed = subprocess.run(["git", "rev-list", "--reverse", "--no-merges",
                             *format_patch_arguments(commits)], capture_output=True)
    first = listed.stdout.decode().split("\n", 1)[0].strip()
    return Series(Revision(".", f"{first}^")) if listed.returncode == 0 and first else None


def run_check(arguments, stream, tree, directory):
    """Review the patches of ``stream`` against ``tree`` and report each as it is
    done; ``directory`` is where the configuration is looked for."""
    from analyzer.locks.rules import load_rules
    from analyzer.report.results import Summary, patch_section, skipped_regions
    from analyzer.review import once_each, review_patches
    from analyzer.workers import progress
    config = configuration(arguments, directory)
    rules = load_rules(config.rules + arguments.rules, arguments.all_files)
    patches = iter(stream)
    from analyzer.extract.tree import Checkout, Series
    if isinstance(tree, Series) and not isinstance(tree, Checkout):
        # check --tree and git: the tree's index, made to cover the first patch's
        # files (a series stays in its subsystem; the index widens when a later
        # check needs more)
        from analyzer.review import with_tree_index
        first = next(patches, None)
        patches = itertools.chain([first] if first else [], patches)
        rules = with_tree_index(rules, tree, config.rules + arguments.rules, arguments.jobs,
                                [file.path for file in first.files if file.path] if first else [])
    reviews = progress(review_patches(patches, rules, tree, arguments.all_files, arguments.jobs,
                                      arguments.trace_states), None, "patches")
    if getattr(arguments, "once_each", False):
        reviews = once_each(reviews)
    known = baseline(arguments)
    summary = Summary(True)

    def sections():
        for review in reviews:
            if known:
                review.findings = [f for f in review.findings if f.fingerprint not in known]
            yield patch_section(review)
        summary.notes.extend(skipped_regions(stream.skipped))

    return report(arguments, config, sections(), summary)


def checkout_root(directory):
    """Where the configuration of a run in ``directory`` is: the root of the git
    checkout holding it, else the current directory."""
    from analyzer.config import root_of
    return root_of(directory) or "."


def configuration(arguments, directory):
    """The Config of --config, else of .lockscan.toml in ``directory``; the options
    it sets are merged into ``arguments`` (the command line's win)."""
    from analyzer.config import find_config, read_config
    config = read_config(arguments.config) if arguments.config is not None \
        else find_config(directory)
    arguments.fail_on = arguments.fail_on or config.fail_on or "warning"
    arguments.all_files = arguments.all_files or bool(config.all_files)
    return config


def source_tree(tree):
    """The trees to read the patches against: a Series over --tree, else over the
    current directory when it is a git checkout (for the patches whose files it
    holds), else None (mail mode)."""
    from analyzer.extract.tree import Checkout, Series
    if tree is not None:
        if not os.path.isdir(tree):
            raise UsageError(f"--tree {tree}: not a directory")
        return Series(tree)
    return Checkout() if os.path.exists(".git") else None


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
    output = Output(arguments.output)
    if arguments.format == "json":
        from analyzer.report.json_report import write_json
        write_json(output.write, result)
    else:
        output.write(index_text(result))
    output.close()
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
    from analyzer.report.results import Summary, scan_section
    from analyzer.scan import scan
    first = arguments.paths[0]
    config = configuration(arguments, checkout_root(first if os.path.isdir(first) else
                                                    os.path.dirname(first) or "."))
    rules = load_rules(config.rules + arguments.rules, arguments.all_files)
    try:
        result, findings = scan(arguments.paths, rules, arguments.all_files, arguments.jobs,
                                 arguments.trace_states)
    except FileNotFoundError as error:
        raise InputError(f"cannot read {error.args[0]}: No such file or directory") from None
    known = baseline(arguments)
    if known:
        findings = [f for f in findings if f.fingerprint not in known]
    # the scan's own JSON keys: the functions not analyzed, the files not read or not checked
    extra = {key: result[key] for key in ("unparsed", "skipped", "uncovered") if key in result}
    return report(arguments, config, [scan_section(result, findings)], Summary(False), extra)


def baseline(arguments):
    """The fingerprints of --baseline's findings, which are not reported again."""
    if not arguments.baseline:
        return set()
    from analyzer.report.sarif import baseline_fingerprints
    return baseline_fingerprints(arguments.baseline)


def report(arguments, config, sections, summary, extra=None):
    """Write the ``sections`` in the chosen format as they come, the findings the
    configuration ignores set apart; the exit status of the findings reported."""
    from analyzer.report.results import write_report
    output = Output(arguments.output)
    write_report(report_format(arguments, output.write, summary.differential, extra), sections,
                 summary, config)
    output.close()
    return 1 if summary.fails(arguments.fail_on) else 0


def report_format(arguments, write, differential, extra):
    # each format imports only what it needs: start-up is most of a run on one mail
    if arguments.format == "sarif":
        from analyzer.report.sarif import SarifReport
        return SarifReport(write, differential)
    if arguments.format == "json":
        from analyzer.report.json_report import JsonReport
        return JsonReport(write, differential, extra)
    if arguments.format == "b4":
        from analyzer.report.text import B4Report
        return B4Report(write)
    from analyzer.report.text import TextReport
    shown = ("new",) + (("unchanged",) if arguments.verbose or arguments.show_kept else ()) \
        + (("absent",) if arguments.verbose or arguments.show_fixed else ())
    colour = arguments.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return TextReport(write, differential, shown, arguments.show_ignored, colour)
