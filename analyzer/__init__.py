"""lockscan: a static lock analyzer for Linux kernel C patches."""

__version__ = "0.1.0"
