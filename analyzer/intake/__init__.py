"""Stage 1: input bytes to clean patches.

mail (messages, MIME) -> quotes (depths) -> diff (patches, hunks, repair)
-> unidiff (clean text parsed by unidiff when a patch's ``patchset`` is first
used, each line mapped to its input line).
"""

from analyzer.inputs import read_input
from analyzer.intake.diff import find_patches
from analyzer.intake.mail import read_messages, split_lines
from analyzer.intake.model import Intake
from analyzer.intake.quotes import split_quotes


def read_text(source, text, first_index=0):
    """The patches and skipped regions found in one input's text, the patches
    numbered from ``first_index``."""
    result = Intake()
    for message in read_messages(split_lines(text)):
        patches, skipped = find_patches(source, message, split_quotes(message.body))
        result.patches.extend(patches)
        result.skipped.extend(skipped)
    for index, patch in enumerate(result.patches, first_index):
        patch.index = index
    return result


def read_inputs(names, stdin=None):
    """Intake over several inputs, patches numbered in input order."""
    result = Intake()
    for name in names:
        found = read_text("<stdin>" if name == "-" else name, read_input(name, stdin),
                          len(result.patches))
        result.patches.extend(found.patches)
        result.skipped.extend(found.skipped)
    return result
