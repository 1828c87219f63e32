"""The configuration file: ``.lockscan.toml`` at the root of the repository or
tree checked, or ``--config FILE``.

    fail-on = "error"               # as --fail-on
    all-files = true                # as --all-files
    rules = ["lockscan-rules"]      # as --rules, relative to this file

    [[ignore]]                      # findings reviewed and accepted
    rule = "LOCK005"                # any of rule, path (a glob), function,
    path = "drivers/foo/*.c"        # at least one; a finding they all match
    function = "foo_reset"          # is ignored: counted, not reported
    reason = "the lock is dropped by the caller on this path"

The file is read as the rule files are (analyzer.rulefiles): each value is
checked as it is taken, and a wrong one is a RulesError naming the file and the
key.  Command-line options win over the file's.
"""

import os
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import NamedTuple

from analyzer.rulefiles import RuleFile

NAME = ".lockscan.toml"
KEYS = ("fail-on", "all-files", "rules", "ignore")
IGNORE_KEYS = ("rule", "path", "function", "reason")


class FailOn(StrEnum):
    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"
    NEVER = "never"


class Ignore(NamedTuple):
    """A finding the configuration sets apart: those that match every part given."""
    rule: str | None
    path: str | None        # a glob over the tree-relative path (* also matches /)
    function: str | None    # a glob over the function's name
    reason: str

    def matches(self, finding, path):
        """Whether it matches ``finding``, whose path from the configuration's
        directory is ``path``."""
        return ((self.rule is None or finding.rule == self.rule)
                and (self.path is None or fnmatchcase(path, self.path))
                and (self.function is None or fnmatchcase(finding.function or "", self.function)))


class Config(NamedTuple):
    path: str | None        # the file read, None when there is none
    fail_on: str | None     # None: not set here
    all_files: bool | None
    rules: list             # directories, made relative to the current directory
    ignores: list           # Ignore


    def ignored(self, finding, scanned):
        """The reason of the first [[ignore]] entry that matches ``finding``, or None.
        A check's paths are the tree's, as the entries' are; a scan's are as given,
        from the current directory, and are taken from the configuration's instead."""
        path = finding.path or ""
        if scanned and self.path is not None:
            root = os.path.dirname(os.path.abspath(self.path))
            path = os.path.relpath(os.path.abspath(path), root)
        return next((entry.reason for entry in self.ignores if entry.matches(finding, path)), None)


NO_CONFIG = Config(None, None, None, [], [])


def root_of(directory):
    """The root of the git checkout holding ``directory``, else None."""
    directory = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def find_config(directory):
    """The configuration at ``directory`` itself, or NO_CONFIG when there is none."""
    path = os.path.join(directory, NAME)
    return read_config(path) if os.path.isfile(path) else NO_CONFIG


def read_config(path):
    """The Config in ``path``; RulesError, naming the file and the key, for anything wrong."""
    from analyzer.checks import CHECKS
    file = RuleFile(path)
    data = file.table(file.data, "", KEYS)
    fail_on = data.get("fail-on")
    if fail_on is not None:
        fail_on = str(file.choice(fail_on, "fail-on", FailOn))
    all_files = data.get("all-files")
    if all_files is not None:
        all_files = file.flag(all_files, "all-files")
    here = os.path.dirname(path)
    rules = [os.path.relpath(os.path.join(here, directory))
             for directory in file.texts(data.get("rules", []), "rules")]
    for directory in rules:
        if not os.path.isdir(directory):
            raise file.error("rules", f"{directory}: not a directory")
    known_rules = [module.ID for module in CHECKS]
    ignores = []
    for number, entry in enumerate(file.tables(data.get("ignore", []), "ignore", IGNORE_KEYS,
                                               ("reason",)), 1):
        key = f"ignore[{number}]"
        values = {name: file.text(entry[name], f"{key}.{name}")
                  for name in IGNORE_KEYS if name in entry}
        if not values["reason"].strip():
            raise file.error(f"{key}.reason", "say why the findings are ignored")
        if not any(name in values for name in ("rule", "path", "function")):
            raise file.error(key, "give at least one of rule, path, function")
        if values.get("rule", known_rules[0]) not in known_rules:
            raise file.error(f"{key}.rule", f"{values['rule']!r} is not one of "
                             f"{', '.join(known_rules)}")
        ignores.append(Ignore(values.get("rule"), values.get("path"), values.get("function"),
                              values["reason"]))
    return Config(path, fail_on, all_files, rules, ignores)
