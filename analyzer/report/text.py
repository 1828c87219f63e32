"""Findings as text, one line each like checkpatch and compilers print them:
``path:line:col: level: message [LOCKnnn]``, then what the patch did to it."""

import re

from analyzer.checks.finding import LEVELS

STATES = {"new": "introduced by the patch", "unchanged": "kept by the patch",
          "absent": "fixed by the patch (pre-image line)"}
LINK = re.compile(r"\[([^\]]*)\]\(\d+\)")


def plain(message):
    """The message without its SARIF links: [text](1) -> text."""
    return LINK.sub(r"\1", message)


def finding_lines(finding, differential=True):
    state = f" ({STATES[finding.state]})" if differential else ""
    out = [f"{finding.path}:{finding.line}:{finding.column}: {finding.level}: "
           f"{plain(finding.message)} [{finding.rule}]{state}"]
    for line, column, text in finding.related:
        out.append(f"  {finding.path}:{line}:{column}: note: {text}")
    return out


def summary(findings, differential=True):
    counts = []
    for state in (("new", "unchanged", "absent") if differential else ("new",)):
        chosen = [f for f in findings if f.state == state]
        by_level = ", ".join(f"{sum(1 for f in chosen if f.level == level)} {level}"
                             for level in reversed(LEVELS)
                             if any(f.level == level for f in chosen))
        label = {"new": "new", "unchanged": "kept", "absent": "fixed"}[state] \
            if differential else "findings"
        counts.append(f"{len(chosen)} {label}" + (f" ({by_level})" if by_level else ""))
    return "total: " + ", ".join(counts)


def reviews_text(reviews):
    out = []
    for review in reviews:
        patch = review.patch
        out.append(f"patch {patch.index + 1}/{len(reviews)}: {patch.author or '(unknown author)'}"
                   f": {patch.subject or '(no subject)'}")
        for finding in review.findings:
            out.extend(finding_lines(finding))
        for path, line, function, reason in review.not_analyzed:
            out.append(f"{path}:{line or 0}: note: {function or '(unknown function)'}() not "
                       f"analyzed: {reason}")
        for path, line, reason in review.notes:
            out.append(f"note: {reason}")
    out.append(summary([f for review in reviews for f in review.findings]))
    return "\n".join(out) + "\n"


def finding_json(finding, patch=None):
    item = {"rule": finding.rule, "level": finding.level, "path": finding.path,
            "function": finding.function, "line": finding.line, "column": finding.column,
            "message": plain(finding.message), "state": finding.state,
            "fingerprint": finding.fingerprint,
            "related": [{"line": line, "column": column, "text": text}
                        for line, column, text in finding.related]}
    if patch is not None:
        item["patch"] = {"index": patch.index, "author": patch.author, "subject": patch.subject}
    return item
