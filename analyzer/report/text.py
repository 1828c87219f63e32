"""Findings as text, like checkpatch and compilers print them.

Each finding is ``path:line:col: level: message [LOCKnnn]``, what the patch
did to it, the code line with a caret under the column when the line is at
hand, the trail (where the other locks were taken), and for deadlocks the
scenario as lockdep draws it.  ``b4_text`` is the one-line-per-finding form
b4's check commands read.
"""

import re

from analyzer.checks.finding import LEVELS
from analyzer.report.results import side_of

STATES = {"new": "introduced by the patch", "unchanged": "kept by the patch",
          "absent": "fixed by the patch (pre-image line)"}
LINK = re.compile(r"\[([^\]]*)\]\((\d+)\)")     # [text](N): N-th related location
# Rules whose finding is two locks taken in an order two CPUs can deadlock on:
# the finding's related location is the lock held, the finding the one taken.
DEADLOCK_RULES = ("LOCK003", "LOCK004")
TAB_SIZE = 8
COLOURS = {"error": "1;31", "warning": "1;35", "note": "1;36", "place": "1", "caret": "1;32"}


def plain(message):
    """The message without its SARIF links: [text](1) -> text."""
    return LINK.sub(r"\1", message)


def paint(text, style, colour):
    return f"\033[{COLOURS[style]}m{text}\033[0m" if colour else text


def finding_lines(finding, section=None, differential=True, colour=False):
    state = f" ({STATES[finding.state]})" if differential else ""
    out = [paint(f"{finding.path}:{finding.line}:{finding.column}:", "place", colour)
           + " " + paint(f"{finding.level}:", finding.level, colour)
           + f" {plain(finding.message)} [{finding.rule}]{state}"]
    source = section.source_line(finding.path, finding.line, side_of(finding)) \
        if section is not None else None
    if source is not None:
        out.extend(code_with_caret(finding.line, finding.column, source, colour))
    for line, column, text in finding.related:
        out.append(f"  {finding.path}:{line}:{column}: note: {text}")
    if finding.rule in DEADLOCK_RULES and finding.related:
        out.extend(scenario(finding.related[0][2], finding.code))
    return out


def code_with_caret(line, column, source, colour):
    """The line as gcc shows it: tabs expanded, a caret under ``column``."""
    number = f"{line:5} | "
    margin = " " * (len(number) - 2) + "| "
    before = source[:max(column - 1, 0)].expandtabs(TAB_SIZE)
    return [number + source.expandtabs(TAB_SIZE).rstrip(),
            margin + " " * len(before) + paint("^", "caret", colour)]


def lock_name(call):
    """What a lock call takes: spin_lock(&vma->lock) -> &vma->lock."""
    opening, closing = call.find("("), call.rfind(")")
    return call[opening + 1:closing] if 0 <= opening < closing else call


def scenario(held_call, taken_call):
    """Lockdep's "possible unsafe locking scenario" for a lock taken while another is
    held: each CPU holds one and waits for the other.  Locks are named as this
    code names them."""
    held, taken = f"lock({lock_name(held_call)});", f"lock({lock_name(taken_call)});"
    column = 31
    return ["",
            " Possible unsafe locking scenario:",
            "",
            "       CPU0                    CPU1",
            "       ----                    ----",
            "  " + held,
            " " * column + taken,
            " " * column + held,
            "  " + taken,
            "",
            " *** DEADLOCK ***",
            ""]


def note_line(path, line, text):
    place = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
    return f"{place}note: {text}"


def summary(results):
    findings = results.findings
    if not results.differential:
        metrics = results.metrics
        return (f"total: {metrics['files']} files, {metrics['lines']} lines, "
                f"{metrics['functionsParsed']} of {metrics['functions']} functions parsed, "
                f"{len(findings)} findings")
    counts = []
    for state, label in (("new", "new"), ("unchanged", "kept"), ("absent", "fixed")):
        chosen = [f for f in findings if f.state == state]
        by_level = ", ".join(f"{sum(1 for f in chosen if f.level == level)} {level}"
                             for level in reversed(LEVELS)
                             if any(f.level == level for f in chosen))
        counts.append(f"{len(chosen)} {label}" + (f" ({by_level})" if by_level else ""))
    return "total: " + ", ".join(counts)


def results_text(results, colour=False):
    out = []
    for section in results.sections:
        patch = section.patch
        if patch is not None:
            out.append(f"patch {patch.index + 1}/{results.metrics['patches']}: "
                       f"{patch.author or '(unknown author)'}: {patch.subject or '(no subject)'}")
        for finding in section.findings:
            out.extend(finding_lines(finding, section, results.differential, colour))
        out.extend(note_line(path, line, text) for path, line, text in section.notes)
    out.extend(note_line(source, line, text) for source, line, text in results.notes)
    out.append(summary(results))
    return "\n".join(out) + "\n"


def b4_text(results):
    """One line per new warning or error, ``path:line: ERROR: message``, and nothing
    at all when there is none: b4 counts any output as a problem in the patch."""
    return "".join(f"{f.path}:{f.line}: {f.level.upper()}: {plain(f.message)} [{f.rule}]\n"
                   for f in results.findings if f.state == "new" and f.level != "note")


def finding_json(finding, patch=None):
    item = {"rule": finding.rule, "level": finding.level, "path": finding.path,
            "function": finding.function, "line": finding.line, "column": finding.column,
            "message": plain(finding.message), "state": finding.state,
            "fingerprint": finding.fingerprint,
            "related": [{"line": line, "column": column, "text": text}
                        for line, column, text in finding.related]}
    if finding.rank is not None:
        item["rank"] = finding.rank
    if patch is not None:
        item["patch"] = {"index": patch.index, "author": patch.author, "subject": patch.subject}
    return item
