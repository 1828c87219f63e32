"""Stage 1: input bytes to clean patches.

mail (messages, MIME) -> quotes (depths) -> diff (patches, hunks, repair)
-> unidiff (clean text parsed by unidiff when a patch's ``patchset`` is first
used, each line mapped to its input line).
"""

from analyzer.intake.diff import find_patches
from analyzer.intake.mail import read_messages, split_lines
from analyzer.intake.model import Intake
from analyzer.intake.quotes import split_quotes


class InputError(Exception):
    """An input that cannot be read at all; the message says what and where."""


def read_input(name, stdin=None):
    """The text of a path, or of ``stdin`` (a binary stream) for ``-``."""
    try:
        if name == "-":
            data = stdin.read()
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from None
    return decode_bytes(data)


def decode_bytes(data):
    """UTF-8 when it is, else Latin-1 (which decodes any byte): never fails."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(source, text):
    """The patches and skipped regions found in one input's text."""
    result = Intake()
    for message in read_messages(split_lines(text)):
        patches, skipped = find_patches(source, message, split_quotes(message.body))
        result.patches.extend(patches)
        result.skipped.extend(skipped)
    return result


def read_inputs(names, stdin=None):
    """Intake over several inputs, patches numbered in input order."""
    result = Intake()
    for name in names:
        found = read_text("<stdin>" if name == "-" else name, read_input(name, stdin))
        result.patches.extend(found.patches)
        result.skipped.extend(found.skipped)
    for index, patch in enumerate(result.patches):
        patch.index = index
    return result
