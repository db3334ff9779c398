"""The glossary and its proposals in the admin: listed, searchable, and escaped."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from workbench.terms.models import Entry, Proposal

pytestmark = pytest.mark.django_db


def test_entries_and_proposals_are_listed_and_searched(client: Client) -> None:
    client.force_login(User.objects.create_superuser("coordinator", password="pw-for-tests"))
    Entry.objects.create(source_language="en", target_language="fr", term="<b>WTO</b>", approved=["OMC"])
    Entry.objects.create(source_language="en", target_language="fr", term="tariff", approved=["droit de douane"])
    Proposal.objects.create(source_language="en", target_language="fr", source_phrase="frigate",
                            target_phrase="frégate", source_count=4, pair_count=3, score=0.75)  # fmt: skip
    listing = client.get(reverse("admin:terms_entry_changelist"), {"q": "WTO"}).content.decode()
    assert "&lt;b&gt;WTO&lt;/b&gt;" in listing and "<b>WTO</b>" not in listing and "tariff" not in listing
    proposals = client.get(reverse("admin:terms_proposal_changelist")).content.decode()
    assert "frigate" in proposals and "frégate" in proposals
    entry = Entry.objects.get(term="tariff")
    assert client.get(reverse("admin:terms_entry_change", args=[entry.pk])).status_code == 200


def test_an_admin_edit_moves_the_glossarys_version_so_other_processes_see_it(client: Client) -> None:
    client.force_login(User.objects.create_superuser("coordinator", password="pw-for-tests"))
    entry = Entry.objects.create(source_language="en", target_language="fr", term="tariff", approved=["droit"])
    before = entry.changed_at
    response = client.post(reverse("admin:terms_entry_change", args=[entry.pk]), {
        "source_language": "en", "target_language": "fr", "term": "tariff", "approved": '["droit de douane"]',
        "forbidden": "[]", "note": "", "case_sensitive": "",
    })  # fmt: skip
    assert response.status_code == 302, response.content[:800]
    entry.refresh_from_db()
    assert entry.approved == ["droit de douane"] and entry.changed_at > before
