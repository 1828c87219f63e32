"""The Linux 6.1 source the corpus tests read: mm, kernel, fs and include.

They come from Debian's linux-source-6.1 package (scripts/test installs it),
unpacked once into ${XDG_CACHE_HOME:-~/.cache}/lockscan/linux-source-6.1 and
reused from there.  Without the package the tests fail: CI installs it, so a
missing tarball is a broken setup, not a reason to skip.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")
TOP = "linux-source-6.1"            # the tarball's top directory
FOLDERS = ("mm", "kernel", "fs", "include")


def cache_dir():
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "lockscan" / TOP


def unpack(tarball, target):
    """Unpack FOLDERS of ``tarball`` as ``target``.  They are unpacked beside it
    and renamed into place, so an interrupted run leaves no half tree behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".unpack-") as scratch:
        subprocess.run(["tar", "-xJf", str(tarball), "-C", scratch,
                        *(f"{TOP}/{folder}" for folder in FOLDERS)], check=True)
        os.rename(Path(scratch) / TOP, target)


@pytest.fixture(scope="session")
def kernel_source():
    """The root of the unpacked tree (it holds mm/, kernel/, fs/, include/)."""
    target = cache_dir()
    if all((target / folder).is_dir() for folder in FOLDERS):
        return target
    if not TARBALL.exists():
        pytest.fail(f"{TARBALL} is missing: install the Debian package linux-source-6.1 "
                    f"(scripts/test does, as root: apt-get install -y linux-source-6.1)",
                    pytrace=False)
    if target.exists():
        pytest.fail(f"{target} lacks some of {', '.join(FOLDERS)}: remove it to unpack "
                    f"{TARBALL} again", pytrace=False)
    unpack(TARBALL, target)
    return target
