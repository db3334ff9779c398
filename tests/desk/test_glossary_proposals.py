"""Term proposals at the desk (issue 23): a reviewer runs them over the approved bitext, accepts one into the
glossary or dismisses it for good; translators do not decide."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from workbench.memory.learning import Origin, make_unit
from workbench.memory.models import Entry as Source
from workbench.memory.models import Unit
from workbench.terms.models import Entry, Proposal, ProposalState

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

PAIRS = [
    ("The cultural diversity of nations is protected.", "La diversité culturelle des nations est protégée."),
    ("States promote cultural diversity.", "Les États promeuvent la diversité culturelle."),
    ("Cultural diversities are a common heritage.", "Les diversités culturelles sont un patrimoine commun."),
    ("The members met in Geneva.", "Les membres se sont réunis à Genève."),
]


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def url(name: str) -> str:
    return reverse(f"desk:{name}", kwargs={"other": "en", "language": "fr"})


def proposal(source: str = "cultural diversity", target: str = "diversité culturelle", **values: object) -> Proposal:
    values = {"source_count": 3, "pair_count": 3, "score": 1.0, **values}
    return Proposal.objects.create(source_language="en", target_language="fr", source_phrase=source,
                                   target_phrase=target, **values)  # fmt: skip


def test_a_reviewer_runs_the_proposals_and_sees_them_with_their_counts(people: dict) -> None:
    origin = Origin(source_language="en", target_language="fr", entry=Source.TMX)
    Unit.objects.bulk_create([make_unit(s, t, origin, whole=False) for s, t in PAIRS])
    client = logged_in("reviewer-fr")
    assert "No open proposal." in client.get(url("glossary-proposals")).content.decode()
    response = client.post(url("glossary-proposals-run"))
    assert response.status_code == 302 and response["Location"] == url("glossary-proposals")
    found = Proposal.objects.get(source_phrase="cultural diversity")
    assert (found.target_phrase, found.source_count, found.pair_count) == ("diversité culturelle", 3, 3)
    html = client.get(url("glossary-proposals")).content.decode()
    assert f"{Proposal.objects.count()} new proposal" in html
    row = html[html.index(f'id="proposal-{found.pk}"'):]
    row = row[: row.index("</tr>")]
    assert '<th scope="row" lang="en">cultural diversity</th>' in row and "diversité culturelle" in row
    assert '<td class="count">3</td>' in row and "1.00" in row
    # Running again finds nothing new: the same pairs are not proposed twice.
    client.post(url("glossary-proposals-run"))
    assert "0 new proposals." in client.get(url("glossary-proposals")).content.decode()


def test_accepting_makes_an_entry_and_dismissing_keeps_it_out(people: dict) -> None:
    accepted, dismissed = proposal(), proposal("member", "membre", score=0.5)
    proposal("heritage", "héritage", state=ProposalState.DISMISSED, score=0.4)
    client = logged_in("coordinator")
    response = client.post(url("glossary-proposals-decide"), {"proposal": accepted.pk, "decision": "accept"})
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.term, entry.approved, entry.added_by) == ("cultural diversity", ["diversité culturelle"],
                                                           people["coordinator"])  # fmt: skip
    client.post(url("glossary-proposals-decide"), {"proposal": dismissed.pk, "decision": "dismiss"})
    states = dict(Proposal.objects.values_list("source_phrase", "state"))
    assert states == {"cultural diversity": ProposalState.ACCEPTED, "member": ProposalState.DISMISSED,
                      "heritage": ProposalState.DISMISSED}  # fmt: skip
    html = client.get(url("glossary-proposals")).content.decode()
    assert "Decided before: 1 accepted, 2 dismissed." in html and "No open proposal." in html
    # A decided proposal is not decided again, and a bad decision changes nothing.
    again = client.post(url("glossary-proposals-decide"), {"proposal": dismissed.pk, "decision": "accept"},
                        follow=True)  # fmt: skip
    assert "was already decided: nothing changed." in again.content.decode()
    odd = proposal("common heritage", "patrimoine commun")
    said = client.post(url("glossary-proposals-decide"), {"proposal": odd.pk, "decision": "maybe"}, follow=True)
    assert "Choose to accept or to dismiss the proposal." in said.content.decode()
    assert Entry.objects.count() == 1 and Proposal.objects.get(pk=odd.pk).state == ProposalState.OPEN


def test_translators_do_not_see_or_decide_proposals(people: dict) -> None:
    open_one = proposal()
    client = logged_in("translator-fr")
    assert "proposals-link" not in client.get(url("glossary")).content.decode()
    assert client.get(url("glossary-proposals")).status_code == 403
    assert client.post(url("glossary-proposals-decide"), {"proposal": open_one.pk, "decision": "accept"}
                       ).status_code == 403  # fmt: skip
    assert client.post(url("glossary-proposals-run")).status_code == 403
    assert not Entry.objects.exists() and Proposal.objects.get().state == ProposalState.OPEN
    assert "proposals-link" in logged_in("reviewer-fr").get(url("glossary")).content.decode()


def test_a_proposal_of_another_pair_is_not_found(people: dict) -> None:
    other = Proposal.objects.create(source_language="fr", target_language="en", source_phrase="membre",
                                    target_phrase="member")  # fmt: skip
    response = logged_in("coordinator").post(url("glossary-proposals-decide"), {"proposal": other.pk,
                                                                                "decision": "accept"})  # fmt: skip
    assert response.status_code == 404
    assert Proposal.objects.get().state == ProposalState.OPEN
