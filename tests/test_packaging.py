"""The distribution carries everything it needs, rules/ included."""

import subprocess
import sys
import tomllib

from conftest import ROOT


def test_every_subpackage_is_listed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts)
             for path in (ROOT / "analyzer").rglob("__init__.py")}
    assert found | {"analyzer.rules"} == listed


def test_an_installed_copy_runs_outside_the_checkout(tmp_path):
    """pip install (not editable), as pre-commit and CI images do: rules/ must come along."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True)
    assert (target / "analyzer" / "rules" / "mm.toml").is_file()
    run = subprocess.run([sys.executable, "-c", "import analyzer.rulefiles as p, "
                          "analyzer.cli as c; print(p.RULES); raise SystemExit(c.main("
                          f"['check', {str(ROOT / 'fixtures' / 'example-mail.txt')!r}]))"],
                         capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert run.stdout.startswith(str(target)), run.stdout + run.stderr
    assert run.returncode == 1 and "[LOCK003]" in run.stdout
