"""The one registry of every catalogue: order kept, a key registered twice raises."""

import pytest

from scoran.lib.registry import AlreadyRegistered, Registry
from strategy import measures
from strategy.sections import ORIENTATION_SECTIONS, Section


def test_entries_keep_their_registration_order():
    registry = Registry("essais")
    registry.register("b", 2)
    registry.register("a", 1)
    assert list(registry) == [2, 1]
    assert registry.keys() == ["b", "a"]
    assert registry["a"] == 1 and registry.get("z") is None and "b" in registry


def test_a_key_registered_twice_raises_and_keeps_the_first_entry():
    registry = Registry("essais")
    registry.register("a", 1)
    with pytest.raises(AlreadyRegistered, match="essais: 'a' is already registered"):
        registry.register("a", 2)
    assert registry["a"] == 1


def test_replaced_puts_back_what_was_there():
    registry = Registry("essais")
    registry.register("a", 1)
    with registry.replaced("a", 2):
        assert registry["a"] == 2
    assert registry["a"] == 1
    with registry.replaced("b", 3):
        assert registry.keys() == ["a", "b"]
    assert "b" not in registry


def test_the_strategy_registries_refuse_a_second_registration():
    key = measures.registered()[0]
    with pytest.raises(AlreadyRegistered):
        measures.register(key, lambda: None, note="")
    section = next(iter(ORIENTATION_SECTIONS))
    with pytest.raises(AlreadyRegistered):
        ORIENTATION_SECTIONS.register(
            Section(key=section.key, title="Autre", template="x.html", rows=lambda obj: [])
        )
