"""Tags differ: the inline tags of a document's paragraph (documents/tags.py) carried into the translation, each
one, well formed. Where they sit is the translator's choice (word order differs); which there are is not."""
from __future__ import annotations

from django.utils.translation import gettext_noop

from workbench.checks.registry import Failure
from workbench.declarations.inline import problems, signature


def check_tags(source: str, target: str) -> list[Failure]:
    if "<" not in source and "<" not in target:
        return []
    wanted, found = signature(source), signature(target)
    failures = [Failure("tags", gettext_noop("The tag %(tag)s of the source is missing from the translation."),
                        {"tag": tag}) for tag in sorted((wanted - found).elements())]  # fmt: skip
    failures += [Failure("tags", gettext_noop("The translation has the tag %(tag)s, which is not in the source."),
                         {"tag": tag}) for tag in sorted((found - wanted).elements())]  # fmt: skip
    if not failures and (wrong := problems(target)) and not problems(source):
        failures.append(Failure("tags", gettext_noop("The tags of the translation are not well formed: %(problem)s."),
                                {"problem": wrong[0]}))  # fmt: skip
    return failures
