"""What lockscan keeps from one run to the next (the parsed rule files), as
files under CACHE_HOME.  Removing it is always safe: a cache that cannot be
read or written only costs time.

A kept file is one entry, checked against its own bytes before it is used:

    HEADER                   b"lockscan kept 2 marshal <marshal.version>\\n"
    checksum                 CRC-32 of the payload, 4 bytes, big-endian
    payload                  marshal.dumps(value)

A file that is missing, truncated, written in another format, or whose
payload does not match its checksum, is no entry at all
(load_kept gives None), and the caller rebuilds it and keeps it again.
CRC-32 finds every error of up to 32 consecutive bits, so every single-bit
flip; it is what zlib (0.4 ms to import) has, where hashlib loads OpenSSL
(3 ms, a twentieth of a check on one mail).
"""

import marshal
import os
import zlib

CACHE_HOME = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                          "lockscan")
HEADER = b"lockscan kept 2 marshal %d\n" % marshal.version
CHECKSUM_SIZE = 4


def load_kept(path):
    """The value kept in ``path``, or None when there is no intact entry there
    (None itself is never kept)."""
    try:
        with open(path, "rb") as handle:
            # read() then loads(): marshal.load reads a file a few bytes at a time
            data = handle.read()
    except OSError:
        return None
    payload_start = len(HEADER) + CHECKSUM_SIZE
    if not data.startswith(HEADER) or len(data) <= payload_start:
        return None
    payload = data[payload_start:]
    if int.from_bytes(data[len(HEADER):payload_start], "big") != zlib.crc32(payload):
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None     # intact, but not a value this interpreter reads


def entry(value):
    """The bytes of a kept file holding ``value``; ValueError when marshal
    cannot write it (a TOML date, for one)."""
    payload = marshal.dumps(value)
    return HEADER + zlib.crc32(payload).to_bytes(CHECKSUM_SIZE, "big") + payload


def keep(path, value):
    """Keep ``value`` in ``path``, if it can be: marshal refuses some values,
    and the directory may not be writable."""
    try:
        data = entry(value)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # written aside and renamed: a concurrent run reads the old file or the new one
        temporary = f"{path}.{os.getpid()}"
        try:
            with open(temporary, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except OSError:
            if os.path.exists(temporary):
                os.remove(temporary)
            raise
    except (OSError, ValueError):
        pass
