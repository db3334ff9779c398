"""The glossary's pages on the desk (issue 23): who may read and change a pair's glossary, the search, and adding,
changing and deleting entries with bad input refused and nothing written."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from workbench.access import Right, glossary_pairs, has_right
from workbench.declarations.models import Assignment, Role
from workbench.terms.models import Entry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def url(name: str, source: str = "en", target: str = "fr") -> str:
    return reverse(f"desk:{name}", kwargs={"other": source, "language": target})


def entry(term: str = "World Trade Organization", approved: list[str] | None = None, **values: object) -> Entry:
    values.setdefault("source_language", "en")
    values.setdefault("target_language", "fr")
    return Entry.objects.create(term=term, approved=approved or ["Organisation mondiale du commerce"], **values)


def new_entry(**values: str) -> dict[str, str]:
    return {"term": "cultural diversity", "approved": "diversité culturelle", "forbidden": "", "note": "", **values}


# ------------------------------------------------------------------ rights
def test_who_reads_and_who_edits_a_glossary(people: dict) -> None:
    names = ("translator-fr", "reviewer-fr", "coordinator", "outsider")
    translator, reviewer, coordinator, outsider = (people[name] for name in names)
    assert [has_right(person, Right.GLOSSARY) for person in (translator, reviewer, coordinator, outsider)] == [
        True, True, True, False]  # fmt: skip
    assert not has_right(translator, Right.EDIT_GLOSSARY, "fr")
    assert has_right(reviewer, Right.EDIT_GLOSSARY, "fr")
    assert not has_right(reviewer, Right.EDIT_GLOSSARY, "en")  # the French reviewer does not own English text
    assert has_right(coordinator, Right.EDIT_GLOSSARY, "en")
    # A pair with French on either side, for a translator into French; every pair for a coordinator.
    assert sorted(glossary_pairs(translator, ["en", "fr", "es"])) == [("en", "fr"), ("es", "fr"), ("fr", "en"),
                                                                     ("fr", "es")]  # fmt: skip
    assert len(glossary_pairs(coordinator, ["en", "fr", "es"])) == 6


def test_a_visitor_goes_to_the_login_page_and_an_outsider_is_refused(people: dict) -> None:
    for address in (url("glossary"), reverse("desk:glossaries")):
        response = Client().get(address)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert logged_in("outsider").get(address).status_code == 403
    assert Client().post(url("glossary-save"), new_entry()).status_code == 302
    assert not Entry.objects.exists()


def test_a_translator_reads_the_glossary_but_cannot_change_it(people: dict) -> None:
    kept = entry()
    client = logged_in("translator-fr")
    page = client.get(url("glossary"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Organisation mondiale du commerce" in html
    assert "edit-entry" not in html and "delete-entry" not in html and url("glossary-save") not in html
    assert client.post(url("glossary-save"), new_entry()).status_code == 403
    assert client.post(url("glossary-delete"), {"entry": kept.pk}).status_code == 403
    assert client.post(url("glossary-save"), new_entry(term="WTO", entry=str(kept.pk))).status_code == 403
    assert list(Entry.objects.values_list("term", flat=True)) == ["World Trade Organization"]


def test_a_reviewer_of_another_language_is_refused(people: dict) -> None:
    spanish = User.objects.create_user("reviewer-es", password=PASSWORD)
    Assignment.objects.create(user=spanish, role=Role.REVIEWER, language="es")
    client = logged_in("reviewer-es")
    # English → French has no Spanish on either side: neither read nor written.
    assert client.get(url("glossary")).status_code == 403
    assert client.post(url("glossary-save"), new_entry()).status_code == 403
    assert not Entry.objects.exists()
    # The French reviewer edits into French, not into English.
    assert logged_in("reviewer-fr").post(url("glossary-save", "fr", "en"), new_entry()).status_code == 403
    assert not Entry.objects.exists()


def test_a_pair_that_is_not_two_languages_is_not_found(people: dict) -> None:
    client = logged_in("coordinator")
    assert client.get(url("glossary", "en", "en")).status_code == 404
    assert client.get(url("glossary", "en", "xx")).status_code == 404
    assert client.post(url("glossary-save", "xx", "fr"), new_entry()).status_code == 404
    assert not Entry.objects.exists()


def test_the_list_of_glossaries_offers_the_pairs_with_their_counts(people: dict) -> None:
    entry()
    entry("cultural diversity", ["diversité culturelle"])
    html = logged_in("translator-fr").get(reverse("desk:glossaries")).content.decode()
    assert f'href="{url("glossary")}"' in html and f'href="{url("glossary", "fr", "en")}"' in html
    assert "2 entries" in html and "0 entries" in html


# ------------------------------------------------------------------ adding, changing, deleting
def test_a_reviewer_adds_an_entry_and_who_added_it_when_is_shown(people: dict) -> None:
    client = logged_in("reviewer-fr")
    typed = "diversité culturelle\n  diversité  des cultures \n"
    response = client.post(url("glossary-save"), new_entry(approved=typed, forbidden="diversité des cultures\n",
                                                          note="UNESCO's wording."))  # both: refused
    assert response.status_code == 400
    assert "cannot be both approved and forbidden" in response.content.decode()
    assert not Entry.objects.exists()
    response = client.post(url("glossary-save"), new_entry(approved=typed, forbidden="multiculturalisme",
                                                          note="UNESCO's wording.",
                                                          case_sensitive="on"))  # fmt: skip
    assert response.status_code == 302
    saved = Entry.objects.get()
    assert (saved.source_language, saved.target_language, saved.term) == ("en", "fr", "cultural diversity")
    assert saved.approved == ["diversité culturelle", "diversité des cultures"]  # one per line, spaces tidied
    assert saved.forbidden == ["multiculturalisme"] and saved.note == "UNESCO's wording." and saved.case_sensitive
    assert saved.added_by == people["reviewer-fr"]
    assert response["Location"].endswith(f"#entry-{saved.pk}")
    html = client.get(url("glossary")).content.decode()
    row = html[html.index(f'id="entry-{saved.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "reviewer-fr" in row and saved.added_at.strftime("%Y") in row
    assert "UNESCO&#x27;s wording." in row  # escaped like every user text


def test_bad_entries_are_refused_with_a_message_and_nothing_written(people: dict) -> None:
    entry("cultural diversity", ["diversité culturelle"])
    client = logged_in("coordinator")
    cases = [
        (new_entry(term="   "), "Type the term"),
        (new_entry(term="heritage", approved=" \n "), "at least one approved translation"),
        (new_entry(term="heritage", approved="patrimoine\n" + "x" * 201), "Line 2 is longer than 200 characters"),
        (new_entry(term="heritage", approved="\n".join(f"p{n}" for n in range(21))), "At most 20 translations"),
        (new_entry(), "is already in this glossary"),
    ]
    for data, message in cases:
        response = client.post(url("glossary-save"), data)
        assert response.status_code == 400, message
        html = response.content.decode()
        assert message in html.replace("&#x27;", "'").replace("&quot;", '"'), message
        assert "<details class=\"glossary-add\" open>" in html  # the form stays open with what was typed
    assert list(Entry.objects.values_list("term", flat=True)) == ["cultural diversity"]


def test_an_entry_is_changed_in_place_and_keeps_who_added_it(people: dict) -> None:
    kept = entry(added_by=people["reviewer-fr"])
    other = entry("cultural diversity", ["diversité culturelle"])
    client = logged_in("coordinator")
    page = client.get(url("glossary") + f"?edit={kept.pk}").content.decode()
    assert f'name="entry" value="{kept.pk}"' in page and "Organisation mondiale du commerce</textarea>" in page
    # Renaming it onto another entry's term is refused, and nothing changes.
    response = client.post(url("glossary-save"), new_entry(term="cultural diversity", entry=str(kept.pk)))
    assert response.status_code == 400 and "is already in this glossary" in response.content.decode()
    kept.refresh_from_db()
    assert kept.term == "World Trade Organization"
    changed = {"entry": kept.pk, "term": "World Trade Organization", "note": "",
               "approved": "Organisation mondiale du commerce\nOMC", "forbidden": "Organisation mondiale du négoce"}
    response = client.post(url("glossary-save"), changed)
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.approved == ["Organisation mondiale du commerce", "OMC"]
    assert kept.forbidden == ["Organisation mondiale du négoce"]
    assert kept.added_by == people["reviewer-fr"] and kept.changed_at > kept.added_at
    assert Entry.objects.count() == 2 and Entry.objects.get(pk=other.pk).approved == ["diversité culturelle"]
    # An entry of another pair cannot be reached through this one.
    french = entry("diversité culturelle", ["cultural diversity"], source_language="fr", target_language="en")
    assert client.post(url("glossary-save"), new_entry(term="x", entry=str(french.pk))).status_code == 404
    assert client.post(url("glossary-delete"), {"entry": french.pk}).status_code == 404
    assert client.post(url("glossary-delete"), {"entry": "abc"}).status_code == 404
    assert Entry.objects.filter(pk=french.pk, term="diversité culturelle").exists()


def test_changed_is_shown_only_for_an_entry_changed_after_it_was_added(people: dict) -> None:
    fresh = entry()  # both dates taken by their defaults, microseconds apart
    later = entry("cultural diversity", ["diversité culturelle"])
    Entry.objects.filter(pk=later.pk).update(changed_at=later.added_at + datetime.timedelta(days=2))
    html = logged_in("translator-fr").get(url("glossary")).content.decode()
    rows = {pk: html[html.index(f'id="entry-{pk}"'):][:2000].split("</tr>")[0] for pk in (fresh.pk, later.pk)}
    assert "changed" not in rows[fresh.pk]
    assert "changed" in rows[later.pk]


def test_an_entry_is_deleted(people: dict) -> None:
    gone, kept = entry(), entry("cultural diversity", ["diversité culturelle"])
    response = logged_in("reviewer-fr").post(url("glossary-delete"), {"entry": gone.pk})
    assert response.status_code == 302
    assert list(Entry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert terms_on(logged_in("reviewer-fr").get(url("glossary")).content.decode()) == ["cultural diversity"]


# ------------------------------------------------------------------ the search
def terms_on(html: str) -> list[str]:
    return re.findall(r'<th scope="row" class="term" lang="en">([^<]+)', html)


def test_the_search_ignores_accents_and_case_and_looks_in_translations_and_notes(people: dict) -> None:
    entry("World Trade Organization", ["Organisation mondiale du commerce"], note="Say l’OMC after the first time.")
    entry("cultural diversity", ["diversité culturelle"])
    entry("cultural policy", ["politique culturelle"], forbidden=["police culturelle"])
    client = logged_in("translator-fr")
    assert terms_on(client.get(url("glossary"), {"q": "DIVERSITE"}).content.decode()) == ["cultural diversity"]
    assert terms_on(client.get(url("glossary"), {"q": "culturelle"}).content.decode()) == [
        "cultural diversity", "cultural policy"]  # fmt: skip
    assert terms_on(client.get(url("glossary"), {"q": "l’omc"}).content.decode()) == ["World Trade Organization"]
    assert terms_on(client.get(url("glossary"), {"q": "police"}).content.decode()) == ["cultural policy"]
    html = client.get(url("glossary"), {"q": "nothing like it"}).content.decode()
    assert terms_on(html) == [] and "No entry matches this search." in html
    assert len(terms_on(client.get(url("glossary")).content.decode())) == 3


def test_a_long_glossary_is_paged(people: dict) -> None:
    Entry.objects.bulk_create([Entry(source_language="en", target_language="fr", term=f"term {n:03}",
                                     approved=[f"terme {n:03}"]) for n in range(60)])  # fmt: skip
    client = logged_in("translator-fr")
    first, second = (terms_on(client.get(url("glossary"), {"page": n}).content.decode()) for n in (1, 2))
    assert len(first) == 50 and len(second) == 10 and first[0] == "term 000" and second[-1] == "term 059"
