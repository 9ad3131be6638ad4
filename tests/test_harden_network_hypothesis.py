"""Issue 10 #16: property tests do not fail on a slow machine for taking over 200 ms."""

from __future__ import annotations

from hypothesis import settings


def test_no_property_test_has_a_per_example_deadline() -> None:
    assert settings().deadline is None
