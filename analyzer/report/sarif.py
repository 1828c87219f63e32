"""SARIF 2.1.0 for code scanning, built from sarif-om's classes.

One run per invocation (GitHub refuses two runs of one tool and category),
every rule declared whether it fired or not, each result with one location
relative to the checkout (``%SRCROOT%``), the other locations of the finding
as related locations its message links to, and our line-independent
fingerprint, which ``--baseline`` reads back.
"""

import json
import os
import re
from urllib.parse import quote

import attr
import sarif_om as om

from analyzer import __version__
from analyzer.checks import CHECKS
from analyzer.inputs import InputError
from analyzer.report.json_report import write_json
from analyzer.report.results import side_of
from analyzer.report.text import LINK

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# TODO(owner): the project's public address, once it has one.
INFORMATION_URI = "https://github.com/lockscan/lockscan"
FINGERPRINT_KEY = "lockscan/v1"
AUTOMATION_ID = "lockscan/"
# No rule can say more than "likely" yet: mail mode sees fragments of functions.
PRECISION = "medium"
TAGS = ["concurrency", "locking", "correctness"]
SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
MARKDOWN_HEADING = re.compile(r"^## (.*)$", re.MULTILINE)


class SarifReport:
    """The SARIF log, written at the end: each section's results and notifications
    are made as it goes by (they need its source lines, which are then dropped)."""

    def __init__(self, write, differential):
        self.write = write
        self.differential = differential
        self.rule_index = {module.ID: index for index, module in enumerate(CHECKS)}
        self.results = []
        self.notifications = []

    def section(self, section):
        # each result as JSON values at once: sarif-om's objects hold a slot for every
        # property of the schema, and a stream of patches may have thousands of results
        self.results.extend(plain_json(sarif_result(finding, section, self.rule_index,
                                                    self.differential))
                            for finding in section.findings)
        self.results.extend(plain_json(sarif_result(finding, section, self.rule_index,
                                                    self.differential, reason))
                            for finding, reason in section.ignored)
        self.notifications.extend(notification(text, "warning", path, line)
                                  for path, line, text in section.skipped)
        self.notifications.extend(notification(text, "note", path, line)
                                  for path, line, text in section.notes)

    def end(self, summary):
        notifications = self.notifications + [notification(f"{source}:{line}: {text}", "warning")
                                              for source, line, text in summary.notes]
        write_json(self.write, plain_json(sarif_log(self.results, notifications, summary.metrics)),
                   ensure_ascii=False)


def plain_json(value):
    """sarif-om objects as JSON values, each field under its schema_property_name.

    Every field holding a value is written, defaults included (sarif-om's own
    to_json drops a value equal to its default, such as an explicit level
    "warning", and an empty results list); only -1, which the schema uses for
    "no index" and "no rank", stands for absent.
    """
    if attr.has(type(value)):
        out = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is None or (field.default == -1 and item == -1):
                continue
            out[field.metadata["schema_property_name"]] = plain_json(item)
        return out
    if isinstance(value, (list, tuple)):
        return [plain_json(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    return value


def sarif_log(results, notifications, metrics):
    driver = om.ToolComponent(name="lockscan", semantic_version=__version__,
                              information_uri=INFORMATION_URI,
                              rules=[rule_descriptor(module) for module in CHECKS])
    run = om.Run(
        tool=om.Tool(driver=driver),
        automation_details=om.RunAutomationDetails(id=AUTOMATION_ID),
        column_kind="unicodeCodePoints",
        invocations=[om.Invocation(execution_successful=True,
                                   tool_execution_notifications=notifications)],
        results=results,
        properties={"metrics": metrics})
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def rule_descriptor(module):
    return om.ReportingDescriptor(
        id=module.ID, name=module.NAME,
        short_description=om.MultiformatMessageString(text=module.SHORT),
        full_description=om.MultiformatMessageString(text=doc_section(module.DOC,
                                                                      "What it does")),
        help=om.MultiformatMessageString(text=module.DOC, markdown=module.DOC),
        default_configuration=om.ReportingConfiguration(level=module.LEVEL),
        properties={"tags": TAGS, "precision": PRECISION,
                    "problem.severity": SEVERITY[module.LEVEL]})


UNNAMED = "(function whose name is not in the code in view)"


def doc_section(doc, title):
    """The paragraphs under ``## title`` of a rule's documentation, as one line each."""
    parts = MARKDOWN_HEADING.split(doc)
    body = parts[parts.index(title) + 1]
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in body.strip().split("\n\n"))


def sarif_result(finding, section, rule_index, differential, ignored=None):
    """The result of a finding; ``ignored``, the configuration's reason, suppresses it."""
    side = side_of(finding)
    location = om.Location(
        physical_location=physical_location(finding.path, finding.line, finding.column,
                                            section, side),
        # a fragment whose header is out of view (a hunk under a label) has no
        # name; say so rather than leave the result without a logical location
        logical_locations=[om.LogicalLocation(name=finding.function or UNNAMED,
                                              kind="function")])
    related = [om.Location(id=number, message=om.Message(text=text),
                           physical_location=physical_location(finding.path, line, column,
                                                               section, side))
               for number, (line, column, text) in enumerate(finding.related, 1)]
    fingerprints = {FINGERPRINT_KEY: finding.fingerprint}
    # GitHub hashes the file in the checkout, which is the post-image; a pre-image
    # line (a finding the patch removed) has no line there to hash.
    line_hash = section.line_hash(finding.path, finding.line, side) if side == "new" else None
    if line_hash is not None:
        fingerprints["primaryLocationLineHash"] = line_hash
    patch = section.patch
    properties = {"patch": {"index": patch.index, "author": patch.author,
                            "subject": patch.subject}} if patch is not None else {}
    # a finding the patch fixed is no problem in what the patch leaves: in SARIF's
    # terms the rule passes there (kind "pass", whose level must be "none"); the
    # level it had is kept beside
    kind, level = ("pass", "none") if finding.state == "absent" else ("fail", finding.level)
    if finding.state == "absent":
        properties["fixedLevel"] = finding.level
    return om.Result(
        rule_id=finding.rule, rule_index=rule_index[finding.rule], kind=kind, level=level,
        message=om.Message(text=message_text(finding.message)),
        locations=[location],
        related_locations=related or None,
        code_flows=[acquisition_flow(finding, related, section, side)] if related else None,
        baseline_state=finding.state if differential else None,
        rank=-1 if finding.rank is None else finding.rank,
        partial_fingerprints=fingerprints,
        # sarif-om's Suppression predates 2.1.0's "status": kind and justification only
        suppressions=[om.Suppression(kind="external", justification=ignored)]
        if ignored is not None else None,
        properties=properties or None)


def acquisition_flow(finding, related, section, side):
    """The sequence the finding is about: the related locations (where the held
    locks were taken), in the order the check lists them, then the finding's own."""
    steps = [om.ThreadFlowLocation(location=om.Location(
        physical_location=location.physical_location, message=location.message))
        for location in related]
    steps.append(om.ThreadFlowLocation(location=om.Location(
        physical_location=physical_location(finding.path, finding.line, finding.column,
                                            section, side),
        message=om.Message(text=finding.code))))
    return om.CodeFlow(thread_flows=[om.ThreadFlow(locations=steps)])


def physical_location(path, line, column, section=None, side="new"):
    region = om.Region(start_line=line) if line else None
    if region is not None and column and column > 0:
        region.start_column = column
    text = section.source_line(path, line, side) if section is not None and line else None
    if text is not None:
        region.snippet = om.ArtifactContent(text=text)
    return om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri=repository_uri(path), uri_base_id="%SRCROOT%"),
        region=region)


def repository_uri(path):
    """A path as a URI relative to the checkout: scans name files as given,
    which may be absolute or start with ./"""
    if os.path.isabs(path):
        path = os.path.relpath(path)
    return quote(os.path.normpath(path).replace(os.sep, "/"))


def message_text(message):
    """A message in SARIF's syntax: links [text](N) kept, other brackets escaped."""
    out = []
    start = 0
    for link in LINK.finditer(message):
        out.append(escape(message[start:link.start()]))
        out.append(f"[{escape(link.group(1))}]({link.group(2)})")
        start = link.end()
    out.append(escape(message[start:]))
    return "".join(out)


def escape(text):
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def notification(text, level, path=None, line=None):
    """A part of the input not analyzed (a skipped hunk, a function that did not
    parse), a warning since findings there may be missing; or a note."""
    return om.Notification(message=om.Message(text=text), level=level, locations=[
        om.Location(physical_location=physical_location(path, line, None))] if path else None)


def baseline_fingerprints(path):
    """Our fingerprints of the results in an earlier SARIF log, except those the
    earlier run reported as fixed (absent)."""
    try:
        with open(path, encoding="utf-8") as handle:
            log = json.load(handle)
        return {result["partialFingerprints"][FINGERPRINT_KEY]
                for run in log["runs"] for result in run["results"]
                if result.get("baselineState") != "absent"}
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a lockscan SARIF log ({error!r})") from None
