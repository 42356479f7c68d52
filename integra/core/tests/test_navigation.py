"""The main menu: entries registered by the apps, shown by the policy each app gives."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from integra.core import navigation
from integra.core.navigation import MenuEntry, entries_for


def test_every_app_registers_its_own_entries():
    assert {"territories", "map", "api", "users", "audit", "allocations", "catalog"} <= set(
        navigation.MENU
    )


def test_an_anonymous_visitor_sees_only_the_public_entries():
    keys = [entry.key for entry in entries_for(AnonymousUser())]
    assert keys == ["territories", "map", "public", "api"]


def test_an_entry_shows_only_when_its_policy_allows_and_in_menu_order(monkeypatch):
    monkeypatch.setattr(navigation, "MENU", {})
    navigation.register(
        MenuEntry("b", "B", "b", order=2, allowed=lambda user: user.may_b),
        MenuEntry("a", "A", "a", order=1),
        MenuEntry("c", "C", "c", order=3, allowed=lambda user: False),
    )
    user = SimpleNamespace(is_authenticated=True, may_b=True)
    assert [entry.key for entry in entries_for(user)] == ["a", "b"]
    assert [entry.key for entry in entries_for(SimpleNamespace(is_authenticated=False))] == ["a"]


def test_registering_again_replaces_the_entry(monkeypatch):
    monkeypatch.setattr(navigation, "MENU", {})
    navigation.register(MenuEntry("a", "old", "a", order=1))
    navigation.register(MenuEntry("a", "new", "a", order=1))
    assert [entry.label for entry in entries_for(None)] == ["new"]
