"""Reading a hunk body back from a damaged copy, using the ``@@`` counts.

Mail archives and mailers eat the leading space of context lines, collapse
indentation and turn an empty context line into an empty line.  A damaged
line can then be read more than one way: ``--count;`` is a removed line
``-count;`` or a context line ``--count;``.  Each line gets its possible
readings with a cost, and the cheapest sequence of readings whose old and new
line counts match the header wins; on a tie, the shortest (the hunk ends as
soon as its counts are met).

Costs: the plain reading of an intact line costs nothing; reading a ``+`` or
``-`` line as context costs 1; a ``+``/``-`` reading whose remaining text would
start a statement with a bare unary sign (``+i;``) costs 2, because C code
does not look like that while ``++i;`` does.
"""

import re
from typing import NamedTuple

CONTEXT_COST = 1
BROKEN_C_COST = 2
# A limit on states times lines, so that a hostile hunk cannot take long.
BUDGET = 2_000_000
UNARY_STATEMENT = re.compile(r"^[+-][A-Za-z_(]")


class Reading(NamedTuple):      # a tuple: made for every body line, so cheap
    kind: str       # ' ', '+', '-', '\\'
    text: str
    cost: int
    damaged: bool   # the line was not a well-formed diff line


def readings(content):
    """The ways one body line can be read, cheapest first.

    An empty line (bare quote marks included) is an empty context line that
    lost its space; a line of one space, quoted or not (``>  ``), is that
    context line intact."""
    if not content:
        return [Reading(" ", "", 0, True)]
    first = content[0]
    if first == " ":
        return [Reading(" ", content[1:], 0, False)]
    if first == "\\":
        return [Reading("\\", content[1:], 0, False)]
    if first in "+-":
        text = content[1:]
        cost = BROKEN_C_COST if UNARY_STATEMENT.match(text.lstrip()) else 0
        plain = Reading(first, text, cost, False)
        if not text.strip():
            return [plain]
        context = Reading(" ", content, CONTEXT_COST, True)
        return [plain, context] if cost < CONTEXT_COST else [context, plain]
    return [Reading(" ", content, 0, True)]


def step(reading):
    """How a reading advances (old, new) line counts."""
    if reading.kind == " ":
        return 1, 1
    if reading.kind == "-":
        return 1, 0
    if reading.kind == "+":
        return 0, 1
    return 0, 0


def read_body(lines, old_count, new_count):
    """The readings of the first lines that make up the hunk, or None.

    ``lines`` holds the texts after the quote marks.  A no-newline marker right
    after the last line belongs to the hunk.
    """
    chosen = plain_reading(lines, old_count, new_count)
    if chosen is None:
        chosen = cheapest_reading(lines, old_count, new_count)
    if chosen is None:
        return None
    end = len(chosen)
    if end < len(lines) and lines[end].startswith("\\"):
        chosen.append(readings(lines[end])[0])
    return chosen


def plain_reading(lines, old_count, new_count):
    """The readings when every line is read the cheap way at no cost, if they fit."""
    old = new = 0
    chosen = []
    if (old, new) == (old_count, new_count):
        return chosen
    for content in lines:
        reading = readings(content)[0]
        if reading.cost:
            return None
        chosen.append(reading)
        old_step, new_step = step(reading)
        old, new = old + old_step, new + new_step
        if old > old_count or new > new_count:
            return None
        if (old, new) == (old_count, new_count):
            return chosen
    return None


def cheapest_reading(lines, old_count, new_count):
    """Dynamic programming over (old, new) counts; None when nothing fits."""
    states = {(0, 0): (0, None)}    # (old, new) -> (cost, back pointer)
    best = None     # (cost, end, state)
    history = []
    work = 0
    for position, content in enumerate(lines):
        following = {}
        for (old, new), (cost, _) in states.items():
            for reading in readings(content):
                old_step, new_step = step(reading)
                key = (old + old_step, new + new_step)
                if key[0] > old_count or key[1] > new_count:
                    continue
                total = cost + reading.cost
                if key not in following or total < following[key][0]:
                    following[key] = (total, ((old, new), reading))
        work += len(states)
        if not following or work > BUDGET:
            break
        history.append(following)
        states = following
        done = following.get((old_count, new_count))
        if done and (best is None or done[0] < best[0]):
            best = (done[0], position + 1)
    if best is None:
        return None
    chosen = []
    key = (old_count, new_count)
    for position in range(best[1] - 1, -1, -1):
        _, (key, reading) = history[position][key]
        chosen.append(reading)
    chosen.reverse()
    return chosen
