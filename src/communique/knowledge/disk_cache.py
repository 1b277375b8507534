"""Derived knowledge kept on disk, so that a process starts in milliseconds instead of seconds.

Some knowledge is expensive to derive and cheap to store: the gazetteer's index folds about
170,000 place names, and the lexicon's phrase patterns are tokenised by spaCy. Both depend only
on their inputs (data files, library versions, the code that derives them), so they are built
once and pickled into the user's cache folder (``platformdirs.user_cache_dir("communique")``, or
``$COMMUNIQUE_CACHE_DIR``; ``COMMUNIQUE_CACHE_DIR=off`` turns the cache off).

A cache file is named by a hash of everything its value derives from, so a changed data file,
library upgrade or edit of the deriving module yields a new name and a rebuild; a stale file is
never read. Files are written to a temporary name and renamed into place, so processes starting
together (Dask workers) never read a half-written file. A cache that cannot be read or written
is not an error: the value is built in memory, as it would be without a cache.

The files are pickles: the folder belongs to the user who runs communique, like any cache.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from communique import __version__

CACHE_ENV = "COMMUNIQUE_CACHE_DIR"
FORMAT = 1
"""Bumped when the layout of any cached value changes."""

STALE_SECONDS = 7 * 24 * 3600
"""Other versions of a cache file are removed once unused for this long."""

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder cache files live in, or ``None`` when caching is off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() in {"off", "0", "none", "false"}:
        return None
    if configured:
        return Path(configured)
    # The user's cache folder, as platformdirs names it; written out for Linux and macOS, where
    # importing platformdirs would cost a cold start some 40 ms.
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg if os.path.isabs(xdg) else os.path.expanduser("~/.cache")) / "communique"
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Caches")) / "communique"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("communique", appauthor=False))


def fingerprint(parts: Iterable[bytes | str]) -> str:
    """A short hash of everything a cached value derives from."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:20]


def source_of(*modules: str) -> list[bytes]:
    """The source bytes of modules (by dotted name), so that editing them invalidates the cache."""
    out = []
    for name in modules:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        out.append(Path(path).read_bytes() if path else name.encode())
    return out


def package_version(distribution: str) -> str:
    """The installed version of a package whose import name is its distribution name.

    Read from the name of its ``.dist-info`` folder beside it (a directory listing), which is
    much faster than :func:`importlib.metadata.version` scanning every entry of ``sys.path``.
    """
    from importlib.util import find_spec

    spec = find_spec(distribution)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        prefix = f"{distribution.replace('-', '_').lower()}-"
        for entry in os.scandir(site):
            if entry.name.lower().startswith(prefix) and entry.name.endswith(".dist-info"):
                return entry.name[len(prefix) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The value cached as ``name`` under ``key``; built (and stored) when there is none."""
    folder = cache_dir()
    if folder is None:
        with no_collection():
            return build()
    path = folder / f"{name}-{key}.pickle"
    with no_collection():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing, truncated or foreign: rebuild and replace it
            pass
        value = build()
    _store(folder, name, path, value)
    return value


@contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection while a large structure is built or loaded: it allocates
    hundreds of thousands of containers that all survive, and each collection in between would
    walk the whole heap (spaCy's included) for nothing. Afterwards the heap is frozen
    (``gc.freeze``): the knowledge lives as long as the process, and later collections need not
    walk it again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    """Write ``value`` atomically; versions of the same cache unused for a week are removed
    (not at once: worktrees or installs of other versions may share the folder)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        stale = time.time() - STALE_SECONDS
        for old in folder.glob(f"{name}-*.pickle"):
            if (
                old != path
                and len(old.name) == len(path.name)
                and max(old.stat().st_atime, old.stat().st_mtime) < stale
            ):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the value still serves this process
