"""The rules' documentation, as ``lockscan rules`` prints it and as docs/rules/
holds it: one source, the ID, NAME, LEVEL, SHORT and DOC of each check module."""

import os

from analyzer.checks import CHECKS


def rule_markdown(module):
    return (f"# {module.ID} {module.NAME}\n\n"
            f"Default level: {module.LEVEL}.\n\n"
            f"{module.SHORT}\n\n"
            f"{module.DOC.rstrip()}\n")


def rules_text():
    return "\n".join(rule_markdown(module) for module in CHECKS)


def write_rule_docs(directory):
    """docs/rules/LOCKnnn.md for every rule; the paths written."""
    os.makedirs(directory, exist_ok=True)
    written = []
    for module in CHECKS:
        path = os.path.join(directory, f"{module.ID}.md")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(rule_markdown(module))
        written.append(path)
    return written
