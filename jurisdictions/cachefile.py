"""Where derived files are cached (the gazetteer index, the decoded data files) and how they are written."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/passerelle`, else `~/.cache/passerelle`."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "passerelle"


def write_atomic(path: Path, blob: bytes) -> bool:
    """Write via a temporary file and a rename, so a reader never sees half a file. False when it cannot be
    written (an unwritable cache only costs time)."""
    import tempfile  # only when writing (a cached start reads and never writes)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
        return True
    except OSError:
        return False
