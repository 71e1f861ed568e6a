"""One kind of registry for every catalogue that apps fill from ``AppConfig.ready()``
(import formats, indicator measures, page sections, site sections, followable lists,
searchable kinds, personal data).

One policy for a key registered twice: ``register`` raises. Two features claiming
the same key is a programming error, found at start-up rather than by a page that
silently shows the wrong one. Tests that register temporary entries use ``replaced``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class AlreadyRegistered(ValueError):
    """A key was registered twice in one registry."""


class Registry(Generic[T]):
    """Entries by key, in the order they were registered."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, key: str, entry: T) -> T:
        if key in self._entries:
            raise AlreadyRegistered(f"{self.name}: {key!r} is already registered")
        self._entries[key] = entry
        return entry

    def unregister(self, key: str) -> None:
        del self._entries[key]

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def __getitem__(self, key: str) -> T:
        return self._entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return list(self._entries)

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    @contextmanager
    def replaced(self, key: str, entry: T):
        """Register ``entry`` under ``key`` for the duration of a block (tests),
        putting back what was there before."""
        previous = self._entries.get(key)
        self._entries[key] = entry
        try:
            yield entry
        finally:
            if previous is None:
                self._entries.pop(key, None)
            else:
                self._entries[key] = previous
