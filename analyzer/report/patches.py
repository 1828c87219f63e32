"""Output of ``lockscan patches``: what intake and extract found, as text or JSON."""

from analyzer.extract import C_SUFFIXES, touched_in_patch
from analyzer.extract.tree import tree_of


def touched_by_hunk(intake, tree=None, problems=None):
    """For each hunk (by id), the touched functions and structs it shows; ``tree``
    may be a Series (the patches read in order, each against what those before
    it left)."""
    found = {}
    for patch in intake.patches:
        for touched in touched_in_patch(patch, tree_of(tree, patch), problems):
            for hunk in touched.hunks:
                found.setdefault(id(hunk), []).append(touched)
    return found


def hunk_json(hunk, path, touched):
    functions = [item for item in touched.get(id(hunk), []) if item.kind == "function"]
    extra = {}
    if path and path.endswith(C_SUFFIXES) and hunk.status == "ok":
        extra = {"function": functions[0].name if functions else None,
                 "functions": [item.name for item in touched.get(id(hunk), [])],
                 "parsed": all(item.parsed for item in touched.get(id(hunk), [])),
                 "parse_errors": [error for item in touched.get(id(hunk), [])
                                  for error in item.errors],
                 "left_out": [{"function": item.name, "line": first, "end_line": last,
                               "reason": why} for item in functions
                              for first, last, why in left_out(item)],
                 "branches": [{"line": branch.line, "directive": branch.directive,
                               "taken": branch.taken}
                              for item in functions for image in (item.new or item.old,)
                              if image is not None and not image.chosen
                              for branch in image.branches],
                 # the same functions read in #if branches the configuration leaves out
                 "other_branches": [{"function": item.name, "chosen": image.chosen,
                                     "parsed": item.parsed}
                                    for item in functions for image in (item.new or item.old,)
                                    if image is not None and image.chosen]}
    return extra | {"old_start": hunk.old_start, "old_count": hunk.old_count,
            "new_start": hunk.new_start, "new_count": hunk.new_count,
            "added": hunk.added, "removed": hunk.removed,
            "repaired": hunk.repaired, "rejoined": hunk.rejoined,
            "status": hunk.status, "reason": hunk.reason,
            "section": hunk.section, "mail_lines": hunk.mail_lines}


def patches_json(intake, tree=None):
    problems = []
    touched = touched_by_hunk(intake, tree, problems)
    return {
        "patches": [{"index": patch.index, "source": patch.source, "author": patch.author,
                     "subject": patch.subject, "quote_depth": patch.quote_depth,
                     "mail_lines": patch.mail_lines,
                     "files": [{"path": file.path, "old_path": file.old_path,
                                "hunks": [hunk_json(hunk, file.path, touched)
                                          for hunk in file.hunks]}
                               for file in patch.files]}
                    for patch in intake.patches],
        "skipped": [{"source": item.source, "mail_lines": item.mail_lines,
                     "reason": item.reason} for item in intake.skipped],
        "notes": [{"path": path, "line": line, "reason": reason}
                  for path, line, reason in problems],
    }


def hunk_state(hunk):
    words = [hunk.status]
    if hunk.repaired:
        words.append("repaired")
    if hunk.rejoined:
        words.append("rejoined")
    state = ", ".join(words)
    return f"{state}: {hunk.reason}" if hunk.reason else state


def patches_text(intake, tree=None):
    problems = []
    touched = touched_by_hunk(intake, tree, problems)
    out = []
    total = len(intake.patches)
    for patch in intake.patches:
        first, last = patch.mail_lines
        out.append(f"patch {patch.index + 1}/{total}: {patch.author or '(unknown author)'}: "
                   f"{patch.subject or '(no subject)'}")
        out.append(f"  {patch.source} lines {first}-{last}, quote depth {patch.quote_depth}")
        for file in patch.files:
            out.append(f"  {file.path or '(no file header)'}")
            for hunk in file.hunks:
                header = (f"@@ -{hunk.old_start},{hunk.old_count} "
                          f"+{hunk.new_start},{hunk.new_count} @@")
                names = ", ".join(touched_name(item) for item in touched.get(id(hunk), []))
                out.append(f"    {header}  +{hunk.added} -{hunk.removed}  "
                           f"line {hunk.header_line}  {hunk_state(hunk)}"
                           + (f"  in {names}" if names else ""))
    for item in intake.skipped:
        first, last = item.mail_lines
        out.append(f"skipped: {item.source}:{first}-{last}: {item.reason}")
    for path, line, reason in problems:
        out.append(f"note: {reason}")
    hunks = [hunk for patch in intake.patches for hunk in patch.hunks()]
    ok = sum(1 for hunk in hunks if hunk.status == "ok")
    files = sum(len(patch.files) for patch in intake.patches)
    out.append(f"total: {total} patches, {files} files, {len(hunks)} hunks "
               f"({ok} ok, {len(hunks) - ok} skipped), {len(intake.skipped)} other regions skipped")
    return "\n".join(out) + "\n"


def touched_name(item):
    name = item.name or "(unknown)"
    name = f"struct {name}" if item.kind == "struct" else name + "()"
    image = item.new or item.old
    if item.kind == "function" and image is not None and image.chosen:
        name += f" [read with {image.chosen}]"
    name += "".join(f" [{lines(first, last)} not read: {why}]" for first, last, why
                    in left_out(item))
    return name if item.parsed else f"{name} [not parsed: {'; '.join(item.errors)}]"


def lines(first, last):
    return f"line {first}" if first == last else f"lines {first}-{last}"


def left_out(item):
    """(first line, last line, why) of the code in view that mail mode did not read:
    in the post-image's numbering, unless the patch deletes the function."""
    if item.kind != "function":
        return []
    return item.left_out["new" if item.new is not None else "old"]
