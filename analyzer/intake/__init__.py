"""Stage 1: input bytes to clean patches.

mail (messages, MIME) -> quotes (depths) -> diff (patches, hunks, repair)
-> unidiff (clean text parsed by unidiff when a patch's ``patchset`` is first
used, each line mapped to its input line).

Patches are read one message at a time (``PatchStream``), so that an mbox of
thousands of messages is reviewed and reported as it is read, never held whole.
"""

from analyzer.inputs import InputError, read_input
from analyzer.intake.diff import find_patches
from analyzer.intake.mail import read_messages, split_lines
from analyzer.intake.model import Intake
from analyzer.intake.quotes import split_quotes


def patches_in_text(source, text, skipped):
    """The patches of one input's text, message by message; the regions that look
    like a diff but could not be read as one are added to ``skipped``."""
    for message in read_messages(split_lines(text)):
        patches, regions = find_patches(source, message, split_quotes(message.body))
        skipped.extend(regions)
        yield from patches


class PatchStream:
    """The patches of several inputs, in input order and numbered so, read as
    they are asked for; ``skipped`` holds the regions skipped so far.

    ``texts`` gives (source, function returning its text) per input.  With
    ``patch_required``, an input with no patch at all (an empty file, a binary,
    a mail that holds none) is an InputError, raised when it has been read.
    """

    def __init__(self, texts, patch_required=True):
        self.texts = texts
        self.patch_required = patch_required
        self.skipped = []
        self.count = 0      # patches read so far

    def __iter__(self):
        for source, text_of in self.texts:
            first = self.count
            regions_before = len(self.skipped)
            for patch in patches_in_text(source, text_of(), self.skipped):
                patch.index = self.count
                self.count += 1
                yield patch
            if self.patch_required and self.count == first:
                raise InputError(no_patch_found(source, self.skipped[regions_before:]))


def no_patch_found(source, regions):
    """The one line for an input without a patch, with the first region that
    looked like one."""
    if not regions:
        return f"{source}: no patch found"
    first, last = regions[0].mail_lines
    return f"{source}: no patch found (lines {first}-{last} skipped: {regions[0].reason})"


def input_stream(names, stdin=None, patch_required=True):
    """The PatchStream of paths (``-``: ``stdin``, a binary stream)."""
    return PatchStream([("<stdin>" if name == "-" else name,
                         lambda name=name: read_input(name, stdin)) for name in names],
                       patch_required)


def read_text(source, text, first_index=0):
    """The patches and skipped regions found in one input's text, the patches
    numbered from ``first_index``."""
    result = Intake()
    result.patches = list(patches_in_text(source, text, result.skipped))
    for index, patch in enumerate(result.patches, first_index):
        patch.index = index
    return result


def read_inputs(names, stdin=None):
    """Intake over several inputs, patches numbered in input order, all read at once."""
    stream = input_stream(names, stdin, patch_required=False)
    return Intake(list(stream), stream.skipped)
