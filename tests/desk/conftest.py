"""The desk's tests use the people and declarations defined in tests/conftest.py."""

from __future__ import annotations

from tests.conftest import PASSWORD, PEOPLE

__all__ = ["PASSWORD", "PEOPLE"]
