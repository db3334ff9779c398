"""Links into the editor, for every screen, mail and notice that points at a passage."""

from __future__ import annotations

from django.urls import reverse


def passage_url(slug: str, language: str, key: str | None = None) -> str:
    """The editor of `slug` in `language`, opened at passage `key` when given.

    The editor shows a window of a long declaration (desk/window.py), so the passage is named in the query (?p=KEY:
    the server opens the window that holds it) as well as in the fragment (#p-KEY: the browser scrolls to it and the
    editor's script puts the cursor there).
    """
    url = reverse("desk:editor", kwargs={"slug": slug, "language": language})
    return f"{url}?p={key}#p-{key}" if key else url
