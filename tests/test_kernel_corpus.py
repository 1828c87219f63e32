"""The front end over real kernel code: Linux 6.1's mm, kernel and fs.

Every function definition the front end finds counts; the share that parses
must stay at or above the rate set here, and no file may crash it.  The files
are parsed by a pool of processes, as they are independent.
"""

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from analyzer.cfront import parse_file
from kernel_source import kernel_source  # noqa: F401  (the fixture)

# (folder, its subfolders too, the least share of functions that must parse)
CORPORA = [("mm", False, 0.99), ("kernel", True, 0.97), ("fs", True, 0.97)]
SHOWN = 20      # unparsed functions listed when a rate is missed


def parse_counts(path):
    """(path, functions, [unparsed "path:line: name: error"], crash or None) of one file."""
    try:
        parsed = parse_file(path, Path(path).read_text(encoding="utf-8", errors="replace"))
    except Exception as error:     # a crash is a result here: the test lists them all
        return path, 0, [], f"{path}: {type(error).__name__}: {error}"
    unparsed = [f"{path}:{function.line}: {function.name}: {function.error}"
                for function in parsed.functions if function.ast is None]
    return path, len(parsed.functions), unparsed, None


@pytest.mark.parametrize("folder, recursive, rate", CORPORA, ids=[c[0] for c in CORPORA])
def test_kernel_parse_rate(kernel_source, folder, recursive, rate):  # noqa: F811
    root = kernel_source / folder
    files = sorted(str(path) for path in (root.rglob("*.c") if recursive else root.glob("*.c")))
    assert files, f"no C files under {root}"
    with ProcessPoolExecutor() as pool:
        results = list(pool.map(parse_counts, files, chunksize=8))
    crashes = [crash for *_, crash in results if crash]
    functions = sum(count for _, count, _, _ in results)
    unparsed = [item for _, _, items, _ in results for item in items]
    parsed_rate = 1 - len(unparsed) / functions
    assert not crashes, f"{len(crashes)} files crashed the front end:\n" + "\n".join(crashes)
    assert parsed_rate >= rate, (
        f"{folder}: {functions - len(unparsed)} of {functions} functions parsed "
        f"({parsed_rate:.2%} < {rate:.0%}); the first unparsed:\n" + "\n".join(unparsed[:SHOWN]))
