"""``lockscan scan``: the front end, the lock analysis and the checks over whole C files."""

import gc
import os
import re
import stat

from analyzer.cfront import ERROR_POSITION, parse_file
from analyzer.checks import Image, run_checks
from analyzer.extract import Touched, numbered
from analyzer.extract.fragments import fields_in_lines
from analyzer.inputs import read_input
from analyzer.locks import analyze_image, analyze_with_summaries
from analyzer.locks.rules import identifiers, learn_struct_types
from analyzer.workers import in_workers, progress


def c_files(paths):
    """(the .c files named or found under the directories named, sorted; [(path, why)]
    of those skipped as not regular files); FileNotFoundError for a name that is nothing."""
    found, skipped = [], []
    for path in paths:
        if os.path.isdir(path):
            for directory, subdirectories, names in os.walk(path):
                subdirectories.sort()
                for name in sorted(names):
                    if name.endswith(".c"):
                        take(os.path.join(directory, name), found, skipped)
        elif os.path.lexists(path):
            take(path, found, skipped)
        else:
            raise FileNotFoundError(path)
    return found, skipped


def take(path, found, skipped):
    """Add ``path`` to ``found`` when it is a regular file (or a link to one), else
    say why to ``skipped``: a FIFO would block the read, a device never end it."""
    reason = not_regular(path)
    if reason is None:
        found.append(path)
    else:
        skipped.append((path, f"skipped, {reason}"))


def not_regular(path):
    """Why ``path`` is not a regular file to read, or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except ValueError:
        return "the name holds a NUL byte"
    except OSError as error:
        if os.path.islink(path):
            return "a dangling symbolic link"
        return error.strerror or str(error)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    return "not a regular file"


def scan(paths, rules, all_files=False, jobs=1, trace=None):
    """({metrics, unparsed functions, files not covered}, findings) of the C files
    under ``paths``.

    With ``jobs`` > 1 the files are shared out to that many processes; the
    results come back in file order, so the output does not depend on it.
    ``trace`` names a function whose lock states are printed.
    """
    files, skipped = c_files(paths)
    # what is alive now lives to the end: the collections after each file skip it
    gc.freeze()
    # the largest files first, so that none starts last and holds up the end
    order = sorted(range(len(files)), key=lambda i: -file_size(files[i]))
    per_file = [None] * len(files)
    for index, result in progress(in_workers(lambda i: scan_file(files[i], rules, all_files, trace),
                                             order, jobs), len(files), "files"):
        per_file[index] = result
    metrics = {"files": 0, "lines": 0, "functions": 0, "functionsParsed": 0}
    unparsed = []
    findings = []
    uncovered = []      # files no subsystem rule set covers: only the base rules apply
    for path, (file_metrics, file_unparsed, file_findings, base_only) in zip(files, per_file):
        for name, value in file_metrics.items():
            metrics[name] += value
        unparsed.extend(file_unparsed)
        findings.extend(file_findings)
        if base_only:
            uncovered.append(path)
    result = {"metrics": metrics, "unparsed": unparsed, "uncovered": uncovered}
    if skipped:     # files not read: FIFOs, devices, dangling links
        result["skipped"] = [{"path": path, "reason": reason} for path, reason in skipped]
    return result, findings


def scan_file(path, rules, all_files, trace=None):
    """(metrics, unparsed functions, findings, whether only the base rules cover it)
    of one C file."""
    text = read_input(path)
    parsed = parse_file(path, text)
    metrics = {"files": 1, "lines": parsed.lines, "functions": len(parsed.functions),
               "functionsParsed": sum(1 for f in parsed.functions if f.ast is not None)}
    unparsed = [{"path": path, "line": f.line, "function": f.name,
                 "reason": ERROR_POSITION.sub("", f.error).lstrip()}
                for f in parsed.functions if f.ast is None]
    findings = []
    if all_files or rules.applies_to(path):
        rules = file_rules(rules, parsed)
        unconfigured = unconfigured_summaries(path, text, parsed, rules)
        if unconfigured:
            rules.tree_summaries = {**rules.tree_summaries, **unconfigured}
        image = Image(analyze_image(whole_functions(parsed), "new", rules, trace))
        findings = run_checks(image, rules)
        # a function the analysis gave up on is said, not silently clean
        lines = {f.name: f.line for f in parsed.functions}
        unparsed += [{"path": path, "line": lines.get(facts.name, 0), "function": facts.name,
                      "reason": f"not analyzed: {facts.reason}"}
                     for facts in image.functions if not facts.analyzed]
    # the file's syntax trees and flow graphs hold cycles; free them before the next file
    gc.collect()
    return metrics, unparsed, findings, not (all_files or rules.subsystem_applies_to(path))


def file_rules(rules, parsed):
    """A copy of ``rules`` that knows what one parsed file declares."""
    # struct definitions of this file give pointer types, for this file only
    rules = rules.with_own_types()
    for struct in parsed.structs:
        if struct.name:
            learn_struct_types(rules, struct.name, fields_in_lines(numbered(struct)))
    # file-scope variables of struct types: their lock members have classes
    rules.learn_names(parsed.variables)
    # functions declared with lock annotations: their calls follow them
    rules.prototypes.update(parsed.prototypes)
    return rules


def unconfigured_summaries(path, text, parsed, rules):
    """name -> Summary of the functions the configured code calls that the file
    defines only in #if branches the configuration leaves out: the definition
    its calls reach is elsewhere (a header's stub for the other configuration,
    wbc_attach_and_unlock_inode() without CONFIG_CGROUP_WRITEBACK), and the
    code must be right with either, so the one in view says what a call does."""
    defined = {f.name for f in parsed.functions}
    called = set().union(*(identifiers(f.text) for f in parsed.functions)) - defined
    lines = text.split("\n")
    # the lines of the unread branches that open a definition of one of them
    wanted = {}
    for branch in parsed.branches:
        if not branch.taken:
            for number in range(branch.line + 1, branch.end or len(lines) + 1):
                found = DEFINED.match(lines[number - 1])
                if found and found.group(1) in called:
                    wanted.setdefault(found.group(1), number)
    if not wanted:
        return {}
    others = {}
    for function in parse_file(path, text, only_lines=set(wanted.values()),
                               every_branch=True).functions:
        if function.name in wanted and function.ast is not None:
            others.setdefault(function.name, function)
    if not others:
        return {}
    _, summaries = analyze_with_summaries(
        [Touched(path, "function", f.name, f.line, new=f) for f in others.values()], "new", rules)
    return {name: summary for name, summary in summaries.items() if name in wanted}


# a function's name where a line opens its definition (or a declaration)
DEFINED = re.compile(r"^(?:[A-Za-z_][\w\s*]*?[\s*])?([A-Za-z_]\w*)\s*\(")


def whole_functions(parsed):
    """The functions of a parsed file, each whole, as analyze_image takes them."""
    return [Touched(parsed.path, "function", f.name, f.line, new=f) for f in parsed.functions]


def file_size(path):
    """The size of a file; 0 for one that cannot be read (its worker says why)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
