"""Text edits that remember where every column came from.

Most rewrites of kernel C keep their length (blanking an attribute); a few
cannot (``list_for_each_entry(...) {`` becomes ``while (list_for_each_entry(...)) {``).
``apply`` returns the new text and, for lines whose length changed, the
shifts needed to map a column of the new text back to the file.
"""

import bisect


class Edits:
    def __init__(self, text):
        self.text = text
        self.edits = []     # (start, end, replacement)

    def replace(self, start, end, replacement):
        self.edits.append((start, end, replacement))

    def blank(self, start, end):
        self.edits.append((start, end, blank_span(self.text[start:end])))

    def apply(self):
        """(new text, ColumnMap) with the edits applied; overlapping edits are dropped."""
        if not self.edits:
            return self.text, ColumnMap()
        pieces = []
        position = 0
        columns = ColumnMap()
        line = 1
        line_start_old = 0
        line_shift = {}     # line -> accumulated shift so far on that line
        for start, end, replacement in sorted(self.edits):
            if start < position:
                continue
            pieces.append(self.text[position:start])
            line += self.text.count("\n", line_start_old, start)
            line_start_old = start
            pieces.append(replacement)
            change = len(replacement) - (end - start)
            if change and "\n" not in self.text[start:end] and "\n" not in replacement:
                shift = line_shift.get(line, 0)
                column = start - (self.text.rfind("\n", 0, start) + 1) + 1
                columns.add(line, column + shift + len(replacement), shift + change)
                line_shift[line] = shift + change
            position = end
        pieces.append(self.text[position:])
        return "".join(pieces), columns


def blank_span(text):
    """Spaces for every character but newlines."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


class ColumnMap:
    """Per changed line: sorted new-text columns after which the shift changes."""

    def __init__(self):
        self.lines = {}

    def add(self, line, new_column, shift):
        entry = self.lines.setdefault(line, ([], []))
        entry[0].append(new_column)
        entry[1].append(shift)

    def real_column(self, line, column):
        entry = self.lines.get(line)
        if not entry:
            return column
        index = bisect.bisect_right(entry[0], column) - 1
        return column if index < 0 else column - entry[1][index]

    def __bool__(self):
        return bool(self.lines)
