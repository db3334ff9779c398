from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_failed_logins_are_limited_per_name_and_then_refused_even_with_the_right_password(client: Client) -> None:
    User.objects.create_user("reviewer-fr", password="the-right-one")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "reviewer-fr", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "reviewer-fr", "password": "the-right-one"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else is not locked out by those failures.
    User.objects.create_user("translator-fr", password="another")
    other = Client().post("/accounts/login/", {"username": "translator-fr", "password": "another"})
    assert other.status_code == 302


def test_a_successful_login_clears_the_count(client: Client) -> None:
    User.objects.create_user("coordinator", password="right")
    for _ in range(4):
        client.post("/accounts/login/", {"username": "coordinator", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "coordinator", "password": "right"}).status_code == 302
    for _ in range(4):
        assert Client().post("/accounts/login/", {"username": "coordinator", "password": "wrong"}).status_code == 200


def test_many_names_from_one_address_are_limited_too() -> None:
    client = Client()
    for number in range(20):
        client.post("/accounts/login/", {"username": f"guess-{number}", "password": "x"})
    assert client.post("/accounts/login/", {"username": "guess-new", "password": "x"}).status_code == 429
