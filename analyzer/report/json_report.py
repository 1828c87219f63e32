"""The report as JSON, one shape for check, git and scan: an object with the
findings, those the configuration ignored (with its reason), the metrics and
the notes; ``check`` and ``git`` add the patches (each with its own notes),
``scan`` the functions it did not analyze and the files it could not read.

Only these records are kept while the sections go by: the object is written
at the end.
"""

from analyzer.report.text import plain


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


def note_json(path, line, text, kind):
    return {"path": path, "line": line, "text": text, "kind": kind}


def section_notes(section):
    """A section's notes; kind "skipped" for what was not analyzed (a hunk, a function)."""
    return [note_json(path, line, text, "skipped") for path, line, text in section.skipped] + \
        [note_json(path, line, text, "note") for path, line, text in section.notes]


def write_json(write, value, ensure_ascii=True):
    """``value`` as indented JSON text, handed to ``write`` a few thousand pieces at a
    time: the text of a log of thousands of results is never held whole (and the
    encoder that indents makes a piece of every token)."""
    import json     # here: most runs write text
    pieces = []
    for piece in json.JSONEncoder(indent=2, ensure_ascii=ensure_ascii).iterencode(value):
        pieces.append(piece)
        if len(pieces) == PIECES_WRITTEN:
            write("".join(pieces))
            pieces.clear()
    write("".join(pieces) + "\n")


PIECES_WRITTEN = 8192


class JsonReport:
    """``extra``: keys of the command's own (a scan's unparsed functions)."""

    def __init__(self, write, differential, extra=None):
        self.write = write
        self.findings = []
        self.ignored = []
        self.patches = [] if differential else None
        self.notes = []
        self.extra = {} if extra is None else extra

    def section(self, section):
        patch = section.patch
        self.findings.extend(finding_json(finding, patch) for finding in section.findings)
        self.ignored.extend(finding_json(finding, patch) | {"reason": reason}
                            for finding, reason in section.ignored)
        if patch is None:
            self.notes.extend(section_notes(section))
        else:
            self.patches.append({"index": patch.index, "source": patch.source,
                                 "author": patch.author, "subject": patch.subject,
                                 "notes": section_notes(section)})

    def end(self, summary):
        value = {"findings": self.findings, "ignored": self.ignored, "metrics": summary.metrics}
        if self.patches is not None:
            value["patches"] = self.patches
        value["notes"] = self.notes + [note_json(source, line, text, "skipped")
                                       for source, line, text in summary.notes]
        write_json(self.write, value | self.extra)
