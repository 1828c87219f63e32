"""What LOCK001 and LOCK002 report of the fields the tree's index believes guarded.

A belief (analyzer.index.knowledge.Belief) is no rule book: the finding is a
note, marked learned, and its rank (SARIF's 0-100) is the belief's strength,
so a reviewer reads the strongest first.
"""

from analyzer.checks.finding import Finding


def deviant_accesses(image, rules, rule, write):
    """Findings of ``rule`` for the reads (or, with ``write``, the writes) of
    believed-guarded fields made without the lock the tree holds there."""
    findings = []
    for facts in image.functions:
        for access in facts.accesses:
            belief = rules.learned.get(access.field)
            if belief is None or access.write != write or access.fresh:
                continue
            if any(lock.lock_class == belief.lock_class for lock in access.held):
                continue
            done = "written" if write else "read"
            message = (f"{access.code} is {done} without {belief.lock_class}; {access.field} is "
                       f"accessed under {belief.lock_class} in {belief.under} of {belief.sites} "
                       f"accesses in the tree (learned: a belief, not a rule).")
            finding = Finding(rule, "note", facts.path, facts.name, access.line, access.column,
                              message, f"{access.field} learned", access.code)
            finding.rank = round(100 * belief.strength, 1)
            findings.append(finding)
    return findings
