"""GitHub's ingestion rules on the reference mail's SARIF, with Microsoft's SARIF
Multitool (npm @microsoft/sarif-multitool), installed on first use into
${XDG_CACHE_HOME:-~/.cache}/lockscan/sarif-multitool.

``validate`` exits 0 whatever it finds; its findings are in the SARIF file it
writes, and none may be an error.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SEEDS, needs_reference_mail, run_lockscan

PACKAGE = "@microsoft/sarif-multitool@5.7.0"


def multitool():
    """The Multitool executable, installed with npm when missing."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed to install the SARIF Multitool")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    prefix = cache / "lockscan" / "sarif-multitool"
    # the package's main module is the path of the executable for this platform
    locate = ["node", "-e", "console.log(require('@microsoft/sarif-multitool'))"]
    found = subprocess.run(locate, cwd=prefix, capture_output=True, text=True) \
        if prefix.is_dir() else None
    if found is None or found.returncode != 0:
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                        "--loglevel", "error", PACKAGE], check=True, capture_output=True)
        found = subprocess.run(locate, cwd=prefix, capture_output=True, text=True, check=True)
    return found.stdout.strip()


@needs_reference_mail
def test_reference_sarif_passes_github_rules(tmp_path):
    log = tmp_path / "reference.sarif"
    status, _, err = run_lockscan("check", SEEDS / "000_7e979d24d400f308.txt",
                                  "--format", "sarif", "-o", log)
    assert (status, err) == (1, "")
    report = tmp_path / "validation.sarif"
    subprocess.run([multitool(), "validate", "--rule-kind", "Sarif;Gh", "--output", str(report),
                    str(log)], check=True, capture_output=True,
                   env=os.environ | {"DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
    [run] = json.loads(report.read_text())["runs"]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert not run["invocations"][0].get("toolExecutionNotifications")
    results = run["results"]
    errors = [(r["ruleId"], r["message"].get("arguments")) for r in results
              if r.get("level", "warning") == "error"]
    assert errors == []
