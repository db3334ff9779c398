"""Whatever characters a translation holds, PO and XLIFF carry them out and back unchanged."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.declarations.changes import record_change
from workbench.declarations.inline import canonical
from workbench.declarations.models import Action, Declaration, Revision, State
from workbench.declarations.text import normalise_text
from workbench.exchange import po, xliff
from workbench.exchange.applying import apply_file

pytestmark = pytest.mark.django_db

# The characters that break naive exporters, mixed with anything printable from any script.
TRICKY = ['"', "\\", "\n", "\t", "\r", "\u00a0", "\u202f", "e\u0301", "«", "»", "’", "—", "서울", "Москва", "日本",
          "عربى", "%s", "{0}", "<b>", "&amp;", "#", "msgid",
          # inline tags (issue 24), and text that looks like their placeholders in PO
          "</b>", "<i>", "</i>", '<a href="https://www.incd.net/">', "</a>", "<br/>", '<fn n="2"/>', "<lt/>", "<sup>",
          "{b}", "{/i}", "{{", "{link1}", "{br}", "{fn2}", "{", "}"]  # fmt: skip
texts = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")))),
    min_size=1,
    max_size=12,
).map("".join).filter(lambda text: normalise_text(text) != "")

FORMATS = {
    "po": (lambda d: po.export(Declaration.objects.filter(pk=d.pk), "fr").encode("utf-8"), po),
    "xliff": (lambda d: xliff.export(d, "fr"), xliff),
}


@pytest.mark.parametrize("name", list(FORMATS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=texts, source=texts)
def test_any_text_survives_the_round_trip(seoul: Declaration, people: dict, name: str, target: str,
                                          source: str) -> None:  # fmt: skip
    export, module = FORMATS[name]
    passage = seoul.passages.get(position=0)
    record_change(passage=passage, language="en", text=source, state=State.APPROVED, action=Action.SOURCE_CHANGED)
    record_change(passage=passage, language="fr", text=target, state=State.TRANSLATED, action=Action.EDITED)
    passage.refresh_from_db()
    # Stored texts are in their stored form (tests/declarations/test_text.py shows it by hand: CRLF, invisible
    # characters, outer whitespace); whatever is stored must survive the round trip exactly.
    assert passage.text_in("fr") == normalise_text(target) and passage.source_text == normalise_text(source)
    parsed = module.parse(export(seoul))
    unit = next(u for u in parsed.units if u.key == passage.key)
    # Tags come back as references to the passage's own (placeholders.py), resolved against it when applied.
    source, target = (unit.inline.resolve(passage.source_text, passage.text_in("fr")) if unit.inline
                      else (unit.source, unit.target))  # fmt: skip
    # A "<lt/>" typed before plain words comes back as the "<" it stands for (inline.canonical): the same text.
    assert canonical(target) == canonical(passage.text_in("fr"))
    assert canonical(source) == canonical(passage.source_text)
    before = Revision.objects.count()
    report = apply_file(parsed=parsed, user=people["translator-fr"], label_for=module.label_for,
                        state_for=module.state_for)  # fmt: skip
    assert report.ok and report.applied == []
    assert Revision.objects.count() == before
