"""``lockscan scan``: the front end, the lock analysis and the checks over whole C files."""

import os
import re

from analyzer.cfront import parse_file
from analyzer.checks import Image, run_checks
from analyzer.extract import Touched
from analyzer.inputs import read_input
from analyzer.locks import analyze_image
from analyzer.locks.rules import learn_struct_types
from analyzer.report.text import finding_json

ERROR_POSITION = re.compile(r"^[^:]*:\d+:\d+: ")


def c_files(paths):
    """The .c files named or found under the directories named, sorted; OSError if missing."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for directory, subdirectories, names in os.walk(path):
                subdirectories.sort()
                found.extend(os.path.join(directory, name) for name in sorted(names)
                             if name.endswith(".c"))
        elif os.path.exists(path):
            found.append(path)
        else:
            raise FileNotFoundError(path)
    return found


def scan(paths, rules, all_files=False):
    """Metrics, unparsed functions and findings of the C files under ``paths``."""
    metrics = {"files": 0, "lines": 0, "functions": 0, "functionsParsed": 0}
    unparsed = []
    findings = []
    for path in c_files(paths):
        parsed = parse_file(path, read_input(path))
        metrics["files"] += 1
        metrics["lines"] += parsed.lines
        for function in parsed.functions:
            metrics["functions"] += 1
            if function.ast is not None:
                metrics["functionsParsed"] += 1
            else:
                unparsed.append({"path": path, "line": function.line, "function": function.name,
                                 "reason": ERROR_POSITION.sub("", function.error)})
        for struct in parsed.structs:
            if struct.name:
                learn_struct_types(rules, struct.name, struct.text)
        if all_files or rules.applies_to(path):
            whole = [Touched(path, "function", f.name, f.line, new=f) for f in parsed.functions]
            findings.extend(run_checks(Image(analyze_image(whole, "new", rules)), rules))
    return {"metrics": metrics, "unparsed": unparsed,
            "findings": [finding_json(finding) for finding in findings]}, findings

