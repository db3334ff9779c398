from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.declarations.seeding import load_seeds

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client: Client, django_user_model: type[User]) -> Client:
    user = django_user_model.objects.create_superuser("coordinator", password="pw-for-tests")
    client.force_login(user)
    return client


@pytest.fixture
def seoul(seeds_dir: Path) -> Declaration:
    load_seeds(seeds_dir)
    return Declaration.objects.get(slug="seoul-declaration-2004")


def test_change_page_shows_both_language_tabs_and_the_passages_in_order(
    coordinator_client: Client, seoul: Declaration
) -> None:
    response = coordinator_client.get(reverse("admin:declarations_declaration_change", args=[seoul.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("title_en", "title_fr", "organisation_en", "organisation_fr"):
        assert f'name="{name}"' in html
    # modeltranslation's tabs: the script is there and each translated field carries its language class.
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert "mt-field-title-en" in html and "mt-field-title-fr" in html
    numbers = [int(v) for v in re.findall(r'name="passages-\d+-number"[^>]*value="(\d+)"', html)]
    assert numbers == [1, 2, 3]  # numbered from 1, as the desk numbers them
    assert "Coalition coréenne pour la diversité culturelle" in html


def test_admin_loads_nothing_from_the_internet(coordinator_client: Client, seoul: Declaration) -> None:
    html = coordinator_client.get(reverse("admin:declarations_declaration_change", args=[seoul.pk])).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert any(a.endswith("vendor/jquery-ui/jquery-ui.min.js") for a in assets)
    external = [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert external == []
    # And the vendored file really is served from static/.
    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")


def form_data(response: Any) -> dict[str, Any]:
    """The POST data the admin change form would send back unchanged, built from the rendered forms."""
    data: dict[str, Any] = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, management[name].value())
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and value is not False:
                    data[f"{form.prefix}-{name}"] = value
    return data


def test_editing_a_passage_in_the_admin_records_a_revision(coordinator_client: Client, seoul: Declaration) -> None:
    url = reverse("admin:declarations_declaration_change", args=[seoul.pk])
    data = form_data(coordinator_client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-number") and str(v) == "2").removesuffix("-number")
    data[f"{prefix}-text_fr"] = "Les délégués ont adopté une déclaration finale révisée."
    data[f"{prefix}-state_fr"] = str(State.TRANSLATED)
    before = Revision.objects.count()

    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    passage = seoul.passages.get(position=1)
    assert passage.text_in("fr") == "Les délégués ont adopté une déclaration finale révisée."
    assert passage.state_in("fr") == State.TRANSLATED
    assert Revision.objects.count() == before + 1
    revision = Revision.objects.latest("pk")
    assert (revision.language, revision.action, revision.author.username) == ("fr", Action.EDITED, "coordinator")


def test_editing_the_source_in_the_admin_makes_the_translation_stale(
    coordinator_client: Client, seoul: Declaration
) -> None:
    url = reverse("admin:declarations_declaration_change", args=[seoul.pk])
    data = form_data(coordinator_client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-number") and str(v) == "1").removesuffix("-number")
    data[f"{prefix}-text_en"] = data[f"{prefix}-text_en"].replace("400 delegates", "four hundred delegates")
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    passage = seoul.passages.get(position=0)
    assert passage.is_stale("fr")
    assert Revision.objects.filter(passage=passage, action=Action.SOURCE_CHANGED).count() == 1


def test_a_text_without_a_state_is_refused_and_nothing_changes(
    coordinator_client: Client, seoul: Declaration
) -> None:
    url = reverse("admin:declarations_declaration_change", args=[seoul.pk])
    data = form_data(coordinator_client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-number") and str(v) == "3").removesuffix("-number")
    data[f"{prefix}-state_fr"] = str(State.MISSING)
    before = (Revision.objects.count(), Passage.objects.get(pk=seoul.passages.get(position=2).pk).state_in("fr"))
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "A text needs a state other than “missing”." in response.content.decode()
    after = (Revision.objects.count(), Passage.objects.get(pk=seoul.passages.get(position=2).pk).state_in("fr"))
    assert after == before


def test_revisions_are_read_only_in_the_admin(coordinator_client: Client, seoul: Declaration) -> None:
    revision = Revision.objects.first()
    assert revision is not None
    change = coordinator_client.get(reverse("admin:declarations_revision_change", args=[revision.pk]))
    assert change.status_code == 200
    assert 'name="text"' not in change.content.decode()  # shown, not editable
    assert coordinator_client.get(reverse("admin:declarations_revision_add")).status_code == 403
    delete = coordinator_client.post(reverse("admin:declarations_revision_delete", args=[revision.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Revision.objects.filter(pk=revision.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, seoul: Declaration) -> None:
    response = client.get(reverse("admin:declarations_declaration_change", args=[seoul.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_passage_moved_in_the_admin_takes_its_number_and_the_others_follow(
    coordinator_client: Client, seoul: Declaration
) -> None:
    keys = list(seoul.passages.order_by("position").values_list("key", flat=True))
    url = reverse("admin:declarations_declaration_change", args=[seoul.pk])
    data = form_data(coordinator_client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-number") and str(v) == "3").removesuffix("-number")
    data[f"{prefix}-number"] = "1"
    assert coordinator_client.post(url, data).status_code == 302
    passages = list(seoul.passages.order_by("position"))
    assert [p.key for p in passages] == [keys[2], keys[0], keys[1]]
    assert [p.number for p in passages] == [1, 2, 3]
    assert str(passages[0]) == f"{seoul.slug} §1 ({keys[2]})"  # the admin's own lists number from 1 too


def test_a_passage_added_in_the_admin_is_noted_as_such_in_the_readers_language(
    coordinator_client: Client, seoul: Declaration
) -> None:
    url = reverse("admin:declarations_declaration_change", args=[seoul.pk])
    data = form_data(coordinator_client.get(url))
    total = int(data["passages-TOTAL_FORMS"])
    data["passages-TOTAL_FORMS"] = str(total + 1)
    data.update({f"passages-{total}-declaration": seoul.pk, f"passages-{total}-number": "2",
                 f"passages-{total}-text_en": "An inserted paragraph.",
                 f"passages-{total}-state_en": str(State.APPROVED),
                 f"passages-{total}-state_fr": str(State.MISSING)})  # fmt: skip
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"]
    passages = list(seoul.passages.order_by("position"))
    assert [p.number for p in passages] == [1, 2, 3, 4]
    assert passages[1].source_text == "An inserted paragraph."
    revision = passages[1].revisions.get()
    assert (revision.comment, revision.note_messages()) == ("", ["edited in the admin"])
    with translation.override("fr"):
        assert revision.note_messages() == ["modifié dans l’administration"]
