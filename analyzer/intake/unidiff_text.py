"""The clean unified diff of a patch, parsed by unidiff.

unidiff cannot read damaged or quoted diffs, so intake writes the hunks it
recovered as a well-formed diff and lets unidiff parse that.  Each
``unidiff.patch.Line`` gets a ``mail_line`` attribute: its line in the input.
"""

import unidiff

# Name written for hunks that came without file headers (a quoted fragment).
UNKNOWN_PATH = "<unknown>"


def clean_text(patch):
    """The diff text of the ok hunks, and the input line of each of its lines."""
    out = []
    mail_lines = [None]     # unidiff numbers diff lines from 1
    for file in patch.files:
        hunks = [hunk for hunk in file.hunks if hunk.status == "ok"]
        if not hunks:
            continue
        path = file.path or UNKNOWN_PATH
        old_path = "a/" + file.old_path if file.old_path else (
            "/dev/null" if file.path else "a/" + UNKNOWN_PATH)
        for text in ("--- " + old_path, "+++ b/" + path):
            out.append(text)
            mail_lines.append(file.header_line)
        for hunk in hunks:
            out.append(f"@@ -{hunk.old_start},{hunk.old_count} "
                       f"+{hunk.new_start},{hunk.new_count} @@ {hunk.section}".rstrip())
            mail_lines.append(hunk.header_line)
            for line in hunk.lines:
                out.append(line.kind + line.text)
                mail_lines.append(line.mail_line)
    return "\n".join(out) + "\n" if out else "", mail_lines


def attach_unidiff(patch):
    """Parse the clean text with unidiff and link its hunks to ours."""
    patch.text, mail_lines = clean_text(patch)
    patch.patchset = unidiff.PatchSet(patch.text)
    parsed = iter(hunk for file in patch.patchset for hunk in file)
    for hunk in patch.hunks():
        if hunk.status != "ok":
            continue
        hunk.unidiff = next(parsed)
        for line in hunk.unidiff:
            line.mail_line = mail_lines[line.diff_line_no]
