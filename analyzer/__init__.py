"""lockscan: a static lock analyzer for Linux kernel C patches."""

import os

__version__ = "0.1.0"

# Where lockscan keeps what it can reuse from one run to the next (parsed rule
# files, compiled regular expressions); removing it is always safe.
CACHE_HOME = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                          "lockscan")
