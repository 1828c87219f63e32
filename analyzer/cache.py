"""What lockscan keeps from one run to the next (parsed rule files, compiled
regular expressions), as marshal files under CACHE_HOME.  Removing it is
always safe: a cache that cannot be read or written only costs time."""

import marshal
import os

CACHE_HOME = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                          "lockscan")


def load_kept(path):
    """The value kept in ``path``; OSError, EOFError, ValueError or TypeError when
    there is none or it is damaged."""
    with open(path, "rb") as handle:
        # loads(read()): load() reads a file a few bytes at a time, 20x slower
        return marshal.loads(handle.read())


def keep(path, value):
    """Keep ``value`` in ``path``, if it can be: marshal refuses some values
    (a TOML date), and the directory may not be writable."""
    try:
        data = marshal.dumps(value)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # written aside and renamed: a concurrent run reads the old file or the new one
        temporary = f"{path}.{os.getpid()}"
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass
