"""Workflows: transitions declared once; a refused step names the state and the action."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from integra.core.workflow import Transition, TransitionRefused, Workflow


class DocumentRefused(TransitionRefused):
    code = "document_transition_refused"


FLOW = Workflow(
    Transition.of("submit", {"draft", "returned"}, "submitted", "submit"),
    Transition.of("return", {"submitted"}, "returned", "return"),
    Transition.of("approve", {"submitted"}, "approved", "approve"),
    Transition.of("comment", {"submitted"}, None, "comment"),
    refused=DocumentRefused,
    describe=lambda doc, t: f"{doc.status} does not allow {t.label}",
)


def test_a_move_sets_the_new_state_and_says_where_it_came_from():
    document = SimpleNamespace(status="draft")
    assert FLOW.move(document, "submit") == ("draft", "submitted")
    assert document.status == "submitted"


def test_an_action_that_keeps_the_state_is_still_checked():
    document = SimpleNamespace(status="submitted")
    assert FLOW.move(document, "comment") == ("submitted", "submitted")
    with pytest.raises(DocumentRefused):
        FLOW.move(SimpleNamespace(status="draft"), "comment")


def test_a_refused_step_names_state_and_action_and_changes_nothing():
    document = SimpleNamespace(status="approved")
    with pytest.raises(TransitionRefused) as refused:
        FLOW.move(document, "submit")
    assert (refused.value.state, refused.value.action) == ("approved", "submit")
    assert refused.value.code == "document_transition_refused"
    assert refused.value.message == "approved does not allow submit"
    assert document.status == "approved"


def test_an_unknown_action_is_refused_like_any_other():
    with pytest.raises(DocumentRefused):
        FLOW.require(SimpleNamespace(status="draft"), "publish")


def test_the_actions_a_state_offers_in_declaration_order():
    assert FLOW.actions_from("submitted") == ["return", "approve", "comment"]
    assert FLOW.allows(SimpleNamespace(status="returned"), "submit")
    assert not FLOW.allows(SimpleNamespace(status="returned"), "approve")


def test_an_action_is_declared_once():
    with pytest.raises(ValueError):
        Workflow(Transition.of("a", {"x"}, "y"), Transition.of("a", {"y"}, "z"))
