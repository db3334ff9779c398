"""Editions in the admin: listed and readable, never added, changed or deleted there."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from workbench.declarations.models import Edition
from workbench.declarations.seeding import load_seeds

pytestmark = pytest.mark.django_db


def test_editions_are_read_only_in_the_admin(client: Client, django_user_model: type[User], seeds_dir: Path) -> None:
    load_seeds(seeds_dir)
    client.force_login(django_user_model.objects.create_superuser("admin"))
    edition = Edition.objects.get()
    listing = client.get("/admin/declarations/edition/")
    assert listing.status_code == 200 and "Third International Meeting" in listing.content.decode()
    page = client.get(f"/admin/declarations/edition/{edition.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert client.get("/admin/declarations/edition/add/").status_code == 403
    response = client.post(f"/admin/declarations/edition/{edition.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Edition.objects.filter(pk=edition.pk).exists()
