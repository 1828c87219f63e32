"""Quote levels of a reply: ``> > >``, ``>>``, ``>`` with or without a space.

Each line gets its depth and the text after the quote marks.  Mailers write
``> `` (mark and space) or ``>`` (mark only); within one quoted block the style
is decided once, so that the context lines of a quoted diff keep their
leading space when the mailer wrote ``>`` followed by the diff line as is.
"""

import re

from analyzer.intake.model import QuotedLine

QUOTE_MARKS = re.compile(r"^>(?:[ \t]?>)*")
# The line that opens a quote: "On <date>, NAME wrote:", "NAME <addr> writes:",
# "* NAME <addr> [date]:", "Quoting NAME (date):".
ATTRIBUTION_END = re.compile(r"(wrote|writes|said|schrieb|a écrit)\s*:\s*$", re.IGNORECASE)
# The two forms above that end in no verb; the address tells them from prose
# ("Quoting the documentation:").
# compiled where first used (re.compile keeps it): it is tried after ATTRIBUTION_END
ATTRIBUTION_WITHOUT_VERB = r"^\*\s.*@.*\]\s*:\s*$|^Quoting\s.*@.*:\s*$"
EMAIL = re.compile(r"<[^>]*>|\S+@\S+")


def split_quotes(lines):
    """QuotedLines for TextLines, with per-block quote style."""
    marked = []
    for line in lines:
        if not line.text.startswith(">"):     # most lines: no need for the regex
            marked.append((line, 0, line.text))
            continue
        marks = QUOTE_MARKS.match(line.text).group(0)
        marked.append((line, marks.count(">"), line.text[len(marks):]))
    spaced = block_styles(marked)
    quoted = []
    for position, (line, depth, rest) in enumerate(marked):
        if depth and spaced[position] and rest[:1] == " ":
            rest = rest[1:]
        quoted.append(QuotedLine(line.number, depth, rest))
    return quoted


def block_styles(marked):
    """For each line, whether its block writes a space after the quote marks.

    A block is a run of lines at one depth. It is written without the space when
    its diff lines start right after the marks (">+foo", ">@@").
    """
    spaced = [True] * len(marked)
    start = 0
    while start < len(marked):
        depth = marked[start][1]
        end = start
        while end < len(marked) and marked[end][1] == depth:
            end += 1
        if depth:
            bare = sum(1 for _, _, rest in marked[start:end] if rest[:1] in ("+", "-", "@"))
            with_space = sum(1 for _, _, rest in marked[start:end]
                             if rest[:1] == " " and rest[1:2] in ("+", "-", "@"))
            if bare > with_space:
                spaced[start:end] = [False] * (end - start)
        start = end
    return spaced


def attribution(quoted, position):
    """The author named by the attribution line that opens the quote around ``position``.

    Walks back to where the quote level of line ``position`` began, then reads
    the "... wrote:" line just before it (one level up), joining it with the
    line before when the name sits there.
    """
    depth = quoted[position].depth
    start = position
    while start > 0 and quoted[start - 1].depth >= depth:
        start -= 1
    above = [line for line in quoted[max(0, start - 4):start] if line.depth == depth - 1]
    above = [line for line in above if line.content.strip()]
    for index in range(len(above) - 1, -1, -1):
        text = above[index].content.strip()
        if ATTRIBUTION_END.search(text) or re.compile(ATTRIBUTION_WITHOUT_VERB).match(text):
            name = name_in_attribution(text)
            if not name and index > 0:
                name = name_in_attribution(above[index - 1].content.strip())
            if not name:
                found = EMAIL.search(text)
                name = found.group(0).strip("<>") if found else None
            return name
    return None


# "On Thu, Apr 22, 2010 at 11:40:06PM +0900, " and the like, up to the name.
DATE_PREFIX = re.compile(r"^On\b.*?\d\d?:\d\d(?::\d\d)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
                         r"(?:[+-]\d{4})?\s*(?:\([A-Z]{2,5}\)|[A-Z]{3,4}\b)?\s*,?\s*")


def name_in_attribution(text):
    text = ATTRIBUTION_END.sub("", text)
    text = EMAIL.sub("", text).strip().lstrip("*").rstrip(":").strip()
    if text.lower().startswith("quoting "):
        text = re.sub(r"\(.*\)\s*$", "", text[len("quoting "):])
    text = re.sub(r"\[[^\]]*\]\s*$", "", text).strip()
    date = DATE_PREFIX.match(text)
    if date:
        text = text[date.end():]
    elif "," in text:
        text = text.rsplit(",", 1)[1]
    text = text.strip(" :\"'")
    if not text or re.search(r"\d\d:\d\d|\d{4}", text):
        return None
    return text
