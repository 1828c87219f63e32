"""The clean unified diff of a patch, parsed by unidiff.

unidiff cannot read damaged or quoted diffs, so intake writes the hunks it
recovered as a well-formed diff and lets unidiff parse that, when a patch's
``patchset`` is first asked for.  Each ``unidiff.patch.Line`` gets a
``mail_line`` attribute: its line in the input.
"""

import unidiff

# Name written for hunks that came without file headers (a quoted fragment).
UNKNOWN_PATH = "<unknown>"


def clean_text(patch):
    """The diff text of the ok hunks."""
    out = []
    for file in patch.files:
        hunks = [hunk for hunk in file.hunks if hunk.status == "ok"]
        if not hunks:
            continue
        path = file.path or UNKNOWN_PATH
        old_path = "a/" + file.old_path if file.old_path else (
            "/dev/null" if file.path else "a/" + UNKNOWN_PATH)
        out.extend(("--- " + old_path, "+++ b/" + path))
        for hunk in hunks:
            out.append(f"@@ -{hunk.old_start},{hunk.old_count} "
                       f"+{hunk.new_start},{hunk.new_count} @@ {hunk.section}".rstrip())
            for line in hunk.lines:
                out.append(line.kind + line.text)
    return "\n".join(out) + "\n" if out else ""


def parse_patchset(patch):
    """unidiff's PatchSet of the clean text, its hunks linked to ours."""
    patchset = unidiff.PatchSet(clean_text(patch))
    parsed = iter(hunk for file in patchset for hunk in file)
    for hunk in patch.hunks():
        if hunk.status != "ok":
            continue
        hunk.unidiff = next(parsed)
        # unidiff holds our lines in our order; pairing them (rather than
        # going by diff_line_no) also covers the no-newline marker after a
        # hunk, which unidiff appends without a diff_line_no.
        for line, ours in zip(hunk.unidiff, hunk.lines):
            line.mail_line = ours.mail_line
    return patchset
