"""The seed's French is a correct translation: our checks must pass it clean (pofilter raises 8 false failures)."""
from __future__ import annotations

import pytest

from workbench.checks.runner import check_text
from workbench.declarations.models import Declaration

pytestmark = pytest.mark.django_db


def test_the_seeds_french_passes_every_check(seoul: Declaration) -> None:
    passages = list(seoul.passages.order_by("position"))
    checked = [p for p in passages if p.text_in("fr").strip()]
    assert len(checked) == len(passages) == 3  # every passage has its French, so every one is checked
    failures = {
        passage.key: [failure.message() for failure in check_text(passage.source_text, passage.text_in("fr"),
                                                                     source_language="en", target_language="fr")]
        for passage in checked
    }  # fmt: skip
    assert {key: found for key, found in failures.items() if found} == {}


def test_the_same_seed_fails_once_a_number_is_changed(seoul: Declaration) -> None:
    """The clean result above is not a checker that finds nothing: alter one year in the seed and it is caught."""
    passage = next(p for p in seoul.passages.order_by("position") if "2004" in p.text_in("fr"))
    altered = passage.text_in("fr").replace("2004", "2005", 1)
    found = check_text(passage.source_text, altered, source_language="en", target_language="fr")
    assert {failure.check for failure in found} & {"numbers", "dates"}
