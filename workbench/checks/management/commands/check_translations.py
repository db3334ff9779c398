"""`manage.py check_translations SLUG LANGUAGE [--json]`: a declaration's check failures, for people and pipelines.

Exits 1 while any failure is not overridden, 0 when clean, so a pipeline can stop on it. `--recompute` refills
every stored finding instead (after an archive import, or an upgrade that changed the checks)."""
from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workbench.checks.findings import failures_for, recompute, switched_off
from workbench.checks.models import Override
from workbench.declarations.languages import is_language
from workbench.declarations.models import Declaration, digest


class Command(BaseCommand):
    help = (
        "Print the check failures of one declaration in one language (check, passage key, message); exit 1 when "
        "any is not overridden. `--recompute` refills the stored findings of every declaration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="the declaration's slug")
        parser.add_argument("language", nargs="?", help="the target language, e.g. fr")
        parser.add_argument("--json", action="store_true", help="print a JSON list of {check, passage, message}")
        parser.add_argument("--recompute", action="store_true", help="refill the stored findings of everything")

    def handle(self, *args: Any, slug: str | None, language: str | None, **options: Any) -> None:
        if options["recompute"]:
            count = recompute()
            self.stdout.write(ngettext("%(count)s check failure found and stored.",
                                       "%(count)s check failures found and stored.", count) % {"count": count})
            return
        if not slug or not language:
            raise CommandError(_("Name a declaration and a language, e.g. check_translations my-slug fr."))
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(_("No declaration has the slug %(slug)r.") % {"slug": slug})
        if not is_language(language) or language == declaration.source_language:
            raise CommandError(
                _("%(language)r is not a target language of %(slug)s.") % {"language": language, "slug": slug}
            )
        # Run afresh rather than read the stored findings: the answer holds even if they were not refilled.
        disabled = switched_off([declaration.pk]).get(declaration.pk, set())
        covered = set(Override.objects.filter(passage__declaration=declaration, language=language)
                      .values_list("passage_id", "check_name", "target_digest"))  # fmt: skip
        results = []
        blocking = 0
        for passage in declaration.passages.order_by("position", "pk").select_related("declaration"):
            target_digest = digest(passage.text_in(language))
            for failure in failures_for(passage, language, disabled):
                overridden = (passage.pk, failure.check, target_digest) in covered
                blocking += not overridden
                results.append({"check": failure.check, "passage": passage.key, "message": failure.message(),
                                "overridden": overridden})  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for item in results:
                mark = _(" (overridden)") if item["overridden"] else ""
                self.stdout.write(f"{item['passage']}\t{item['check']}{mark}\t{item['message']}")
            self.stdout.write(
                _("%(count)s failures, %(blocking)s not overridden.") % {"count": len(results), "blocking": blocking}
            )
        if blocking:
            raise SystemExit(1)
