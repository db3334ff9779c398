from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.languages import is_language, language_codes
from workbench.declarations.models import Declaration
from workbench.declarations.publishing import NotPublishable, can_publish, publish


class Command(BaseCommand):
    help = "Publish one language version of a declaration as its next edition (every passage must be approved)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the declaration's slug")
        parser.add_argument("language", help=f"the language to publish, one of {', '.join(language_codes())}")
        # Required so every edition names who published it, as one published from the web does.
        parser.add_argument("--user", required=True, help="the coordinator publishing (a username)")

    def handle(self, *args: Any, slug: str, language: str, user: str, **options: Any) -> None:
        if not is_language(language):
            raise CommandError(f"{language!r} is not a configured language; use one of {', '.join(language_codes())}")
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration has the slug {slug!r}")
        publisher = get_user_model().objects.filter(username=user).first()
        if publisher is None:
            raise CommandError(f"no user is called {user!r}")
        if not can_publish(publisher):
            raise CommandError(f"{user!r} may not publish: only coordinators and superusers publish")
        try:
            edition = publish(declaration=declaration, language=language, user=publisher)
        except NotPublishable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"published {slug} in {language}: edition {edition.number}")
