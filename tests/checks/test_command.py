"""`manage.py check_translations SLUG LANGUAGE [--json]`: what a pipeline reads, and its exit codes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.checks.test_findings import GOOD, SOURCE, WRONG_NUMBER
from workbench.checks.models import Override
from workbench.declarations.models import Declaration, digest

pytestmark = [pytest.mark.django_db]


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_translations", *args, stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_failures_exit_1_with_check_passage_and_message_then_0_once_overridden(
    make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration([SOURCE, SOURCE], translations={"fr": [GOOD, WRONG_NUMBER]})
    second = declaration.passages.get(position=1)
    code, out = run(declaration.slug, "fr", "--json")
    assert code == 1
    listed = json.loads(out)
    # 400 is missing and 450 is not in the source: two failures of one check, both on the second passage.
    assert {(item["check"], item["passage"]) for item in listed} == {("numbers", second.key)}
    assert any("400" in item["message"] for item in listed) and any("450" in item["message"] for item in listed)
    code, out = run(declaration.slug, "fr")
    assert code == 1 and second.key in out and "numbers" in out

    Override.objects.create(passage=second, language="fr", check_name="numbers", reason="Agreed.",
                            target_digest=digest(WRONG_NUMBER))  # fmt: skip
    code, out = run(declaration.slug, "fr", "--json")
    assert code == 0
    assert {item["overridden"] for item in json.loads(out)} == {True}


def test_a_clean_declaration_exits_0(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration([SOURCE], translations={"fr": [GOOD]})
    assert run(declaration.slug, "fr", "--json") == (0, "[]\n")


def test_unknown_slug_or_language_is_a_clear_error(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration([SOURCE], translations={"fr": [GOOD]})
    with pytest.raises(CommandError, match="no-such"):
        run("no-such", "fr")
    with pytest.raises(CommandError, match="xx"):
        run(declaration.slug, "xx")
    with pytest.raises(CommandError, match="en"):
        run(declaration.slug, "en")  # the source language is no target

