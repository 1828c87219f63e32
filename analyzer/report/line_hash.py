"""GitHub code scanning's ``primaryLocationLineHash``, computed as its upload
action computes it (github/codeql-action, src/fingerprints.ts), so that alerts
keep their identity when lines move.

Each line's hash is a rolling polynomial hash (base 37, 64-bit wrap-around)
of the next 100 characters counted from the start of the line, spaces and
tabs left out and line endings read as one LF; the text is followed by an
end mark and zeros so the last lines have 100 characters too.  Equal hashes
are told apart by a count: "hash:1", "hash:2", ...
"""

WINDOW = 100
BASE = 37
MASK = (1 << 64) - 1
END = 65535             # the end-of-file mark (a UTF-16 code unit no text holds)
TAB, LF, CR, SPACE = 9, 10, 13, 32


def code_units(text):
    """The UTF-16 code units of ``text``: what JavaScript's charCodeAt reads."""
    data = text.encode("utf-16-le", errors="surrogatepass")
    return [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]


def line_hashes(text):
    """The hash of every line of ``text``, first line first."""
    hashes = []
    counts = {}
    window = [0] * WINDOW
    line_numbers = [-1] * WINDOW    # at a window position: the line starting there
    value = 0
    drop = pow(BASE, WINDOW, 1 << 64)   # the weight of the character leaving the window
    index = 0
    line = 0
    line_start = True
    previous_cr = False

    def emit():
        digest = format(value, "x")
        counts[digest] = counts.get(digest, 0) + 1
        hashes.append(f"{digest}:{counts[digest]}")
        line_numbers[index] = -1

    def push(unit):
        nonlocal value, index
        value = (BASE * value + unit - drop * window[index]) & MASK
        window[index] = unit
        index = (index + 1) % WINDOW

    for unit in code_units(text) + [END]:
        if unit in (SPACE, TAB) or (previous_cr and unit == LF):
            previous_cr = False
            continue
        previous_cr = unit == CR
        if unit == CR:
            unit = LF
        if line_numbers[index] != -1:
            emit()
        if line_start:
            line_start = False
            line += 1
            line_numbers[index] = line
        if unit == LF:
            line_start = True
        push(unit)
    for _ in range(WINDOW):
        if line_numbers[index] != -1:
            emit()
        push(0)
    return hashes
