"""What one invocation found, in the one form every output format reads.

``lockscan check`` gives a section per patch, made and written as its review
comes back, ``lockscan scan`` one section without a patch.  A section also
knows the source lines it can show: the hunk lines of its patch, or whole files
(the tree's file with the patch applied, a scanned file), and only whole files
get GitHub's line hash.  A report format takes the sections one at a time
(``section``) and the Summary at the end (``end``): a section is dropped once
written, so that a stream of patches is reported in the memory of one.
"""

from analyzer.checks.finding import LEVELS, at_least
from analyzer.extract.fragments import image_lines
from analyzer.locks.rules import LockRules
from analyzer.report.line_hash import line_hashes

PATCH_METRICS = ("patches", "files", "hunks", "hunksAnalyzed", "hunksSkipped", "functions",
                 "functionsParsed")
SCAN_METRICS = ("files", "lines", "functions", "functionsParsed")
STATES = ("new", "unchanged", "absent")


class Section:
    __slots__ = ("patch", "findings", "ignored", "skipped", "notes", "metrics", "lines", "whole",
                 "hashes")

    def __init__(self, patch, findings, metrics):
        self.patch = patch              # the intake Patch, None for a scan
        self.findings = findings
        self.ignored = []               # (finding, reason): matched by the configuration
        self.skipped = []               # (path, line or None, text): hunks, functions not analyzed
        self.notes = []                 # (path, line or None, text): anything else worth saying
        self.metrics = metrics          # its part of the run's metrics (PATCH_, SCAN_METRICS)
        self.lines = {}                 # (path, side) -> {line number: text}
        self.whole = set()              # (path, side) known line by line, all of it
        self.hashes = {}                # (path, side) -> line hashes, when asked

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


class Summary:
    """What the end of a report needs: the metrics, the findings counted by state
    and level (ignored ones apart), and the notes about the input itself."""
    __slots__ = ("differential", "metrics", "counts", "ignored", "notes")

    def __init__(self, differential):
        self.differential = differential    # findings are new, unchanged or absent (patch input)
        self.metrics = dict.fromkeys(PATCH_METRICS if differential else SCAN_METRICS, 0)
        self.counts = {(state, level): 0 for state in STATES for level in LEVELS}
        self.ignored = 0
        self.notes = []     # (source, line, text) about the input itself

    def add(self, section):
        for name, value in section.metrics.items():
            self.metrics[name] += value
        for finding in section.findings:
            self.counts[(finding.state, finding.level)] += 1
        self.ignored += len(section.ignored)

    def fails(self, fail_on):
        """Whether a new finding is at or above ``fail_on``: exit status 1."""
        return any(count for (state, level), count in self.counts.items()
                   if state == "new" and at_least(level, fail_on))


def write_report(form, sections, summary, config):
    """Each section to the report format ``form`` as it comes, with the findings
    the configuration's [[ignore]] entries match set apart, counted in ``summary``;
    then the end."""
    for section in sections:
        reported = []
        for finding in section.findings:
            reason = config.ignored(finding, scanned=not summary.differential)
            if reason is None:
                reported.append(finding)
            else:
                section.ignored.append((finding, reason))
        section.findings = reported
        summary.add(section)
        form.section(section)
    form.end(summary)


def side_of(finding):
    """Which image a finding's lines number: the pre-image for what the patch removed."""
    return "old" if finding.state == "absent" else "new"


def patch_section(review):
    """The section of one patch's review."""
    patch = review.patch
    hunks = patch.hunks()
    analyzed = sum(1 for hunk in hunks if hunk.status == "ok")
    section = Section(patch, review.findings, {
        "patches": 1, "files": len(patch.files), "hunks": len(hunks), "hunksAnalyzed": analyzed,
        "hunksSkipped": len(hunks) - analyzed, "functions": review.functions,
        "functionsParsed": review.functions_parsed})
    for file in patch.files:
        for hunk in file.hunks:
            if hunk.status != "ok":
                section.skipped.append((file.path, hunk.new_start or hunk.old_start,
                                        f"hunk skipped: {hunk.reason} (@@ -{hunk.old_start},"
                                        f"{hunk.old_count} +{hunk.new_start},{hunk.new_count} "
                                        f"@@, input line {hunk.header_line})"))
    for path, line, function, reason in review.not_analyzed:
        section.skipped.append((path, line, f"{function or '(unknown function)'}() not "
                                f"analyzed: {reason}"))
    for _, _, reason in review.notes:
        section.notes.append((None, None, reason))     # the reason names the file
    for file in patch.files:
        add_patch_lines(section, file, review.images)
    return section


def skipped_regions(regions):
    """The notes of intake's skipped regions (lines that read as diff lines but
    belong to no hunk)."""
    return [(item.source, item.mail_lines[0], f"lines {item.mail_lines[0]}-"
             f"{item.mail_lines[1]} skipped: {item.reason}") for item in regions]


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


def scan_section(result, findings):
    """The one section of a scan: its findings, the functions not analyzed, the
    files not read or not checked, and the scanned files' lines."""
    section = Section(None, findings, result["metrics"])
    section.skipped = [(item["path"], item["line"], f"{item['function']}() "
                        + (item["reason"] if item["reason"].startswith("not ")
                           else f"not parsed: {item['reason']}"))
                       for item in result["unparsed"]]
    section.skipped += [(item["path"], None, item["reason"]) for item in result.get("skipped", [])]
    uncovered = result.get("uncovered", [])
    if uncovered:
        section.notes.append((None, None, f"{len(uncovered)} files {LockRules.BASE_RULES_ONLY} "
                              f"them"))
    for path in sorted({finding.path for finding in findings}):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        section.lines[(path, "new")] = dict(enumerate(text.split("\n"), 1))
        section.whole.add((path, "new"))
    return section
