"""What one invocation found, in the one form every output format reads.

``lockscan check`` gives a section per patch, ``lockscan scan`` one section
without a patch.  A section also knows the source lines it can show: the hunk
lines of its patch, or whole files (the tree's file with the patch applied,
a scanned file), and only whole files get GitHub's line hash.
"""

from analyzer.extract.fragments import image_lines
from analyzer.report.line_hash import line_hashes


class Section:
    __slots__ = ("patch", "findings", "notes", "lines", "whole", "hashes")

    def __init__(self, patch, findings, notes=None, lines=None, whole=None, hashes=None):
        self.patch = patch              # the intake Patch, None for a scan
        self.findings = findings
        self.notes = [] if notes is None else notes     # (path, line or None, text): not analyzed
        self.lines = {} if lines is None else lines     # (path, side) -> {line number: text}
        self.whole = set() if whole is None else whole  # (path, side) known line by line, all of it
        self.hashes = {} if hashes is None else hashes  # (path, side) -> line hashes, when asked

    def source_line(self, path, number, side):
        return self.lines.get((path, side), {}).get(number)

    def line_hash(self, path, number, side):
        """GitHub's hash of a line, when the whole file is at hand."""
        if (path, side) not in self.whole:
            return None
        if (path, side) not in self.hashes:
            numbered = self.lines[(path, side)]
            self.hashes[(path, side)] = line_hashes("\n".join(numbered[n] for n in sorted(numbered)))
        hashes = self.hashes[(path, side)]
        return hashes[number - 1] if 0 < number <= len(hashes) else None


class Results:
    __slots__ = ("sections", "metrics", "differential", "notes")

    def __init__(self, sections, metrics, differential, notes=None):
        self.sections = sections
        self.metrics = metrics
        self.differential = differential    # findings are new, unchanged or absent (patch input)
        self.notes = [] if notes is None else notes   # (source, line, text) about the input itself

    @property
    def findings(self):
        return [finding for section in self.sections for finding in section.findings]


def side_of(finding):
    """Which image a finding's lines number: the pre-image for what the patch removed."""
    return "old" if finding.state == "absent" else "new"


def check_results(intake, reviews):
    sections = []
    for review in reviews:
        section = Section(review.patch, review.findings)
        for path, line, function, reason in review.not_analyzed:
            section.notes.append((path, line, f"{function or '(unknown function)'}() not "
                                  f"analyzed: {reason}"))
        for _, _, reason in review.notes:
            section.notes.append((None, None, reason))     # the reason names the file
        for file in review.patch.files:
            for hunk in file.hunks:
                if hunk.status != "ok":
                    section.notes.append((file.path, None, f"hunk @@ -{hunk.old_start},"
                                          f"{hunk.old_count} +{hunk.new_start},{hunk.new_count}"
                                          f" @@ (input line {hunk.header_line}) skipped: "
                                          f"{hunk.reason}"))
            add_patch_lines(section, file, review.images)
        sections.append(section)
    hunks = [hunk for patch in intake.patches for hunk in patch.hunks()]
    analyzed = sum(1 for hunk in hunks if hunk.status == "ok")
    metrics = {"patches": len(intake.patches),
               "files": sum(len(patch.files) for patch in intake.patches),
               "hunks": len(hunks), "hunksAnalyzed": analyzed,
               "hunksSkipped": len(hunks) - analyzed,
               "functions": sum(review.functions for review in reviews),
               "functionsParsed": sum(review.functions_parsed for review in reviews)}
    notes = [(item.source, item.mail_lines[0], f"lines {item.mail_lines[0]}-"
              f"{item.mail_lines[1]} skipped: {item.reason}") for item in intake.skipped]
    return Results(sections, metrics, True, notes)


def add_patch_lines(section, file, images):
    """The lines of one file of a patch: whole when extract read it from the tree
    (``images``: path -> pre- and post-image lines), else the lines the hunks show."""
    if file.path in images:
        for side, lines in zip(("old", "new"), images[file.path]):
            section.lines[(file.path, side)] = dict(enumerate(lines, 1))
            section.whole.add((file.path, side))
        return
    for hunk in file.hunks:
        if hunk.status == "ok":
            for side in ("old", "new"):
                numbered, _ = image_lines(hunk, side)
                section.lines.setdefault((file.path, side), {}).update(numbered)


def scan_results(result, findings):
    section = Section(None, findings, [(item["path"], item["line"], f"{item['function']}() "
                                        + (item["reason"] if item["reason"].startswith("not ")
                                           else f"not parsed: {item['reason']}"))
                                       for item in result["unparsed"]]
                      + [(item["path"], None, item["reason"])
                         for item in result.get("skipped", [])])
    for path in sorted({finding.path for finding in findings}):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        section.lines[(path, "new")] = dict(enumerate(text.split("\n"), 1))
        section.whole.add((path, "new"))
    metrics = {"patches": 0, "files": result["metrics"]["files"],
               "lines": result["metrics"]["lines"], "hunks": 0,
               "hunksAnalyzed": 0, "hunksSkipped": 0,
               "functions": result["metrics"]["functions"],
               "functionsParsed": result["metrics"]["functionsParsed"]}
    return Results([section], metrics, False)
