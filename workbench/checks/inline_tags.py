"""Tags differ: the inline tags of a document's paragraph (declarations/inline.py) carried into the translation, each
one, well formed. Where they sit is the translator's choice (word order differs); which there are is not."""
from __future__ import annotations

from django.utils.translation import gettext_noop

from workbench.checks.registry import Failure
from workbench.declarations.inline import nesting, signature


def check_tags(source: str, target: str) -> list[Failure]:
    if "<" not in source and "<" not in target:
        return []
    wanted, found = signature(source), signature(target)
    failures = [Failure("tags", gettext_noop("The tag %(tag)s of the source is missing from the translation."),
                        {"tag": tag}) for tag in sorted((wanted - found).elements())]  # fmt: skip
    failures += [Failure("tags", gettext_noop("The translation has the tag %(tag)s, which is not in the source."),
                         {"tag": tag}) for tag in sorted((found - wanted).elements())]  # fmt: skip
    if not failures and (wrong := nesting(target)) and not nesting(source):
        problem = wrong[0]
        failures.append(Failure("tags", NESTING[problem.kind], {"tag": problem.tag, "other": problem.other}))
    return failures


# Each fault in words, translated where the failure is shown (the failure keeps the code and its values).
NESTING = {
    "closes-nothing": gettext_noop("The tags of the translation are not well formed: %(tag)s closes nothing."),
    "crosses": gettext_noop("The tags of the translation are not well formed: %(tag)s closes while %(other)s is "
                            "still open."),
    "not-closed": gettext_noop("The tags of the translation are not well formed: %(tag)s is not closed."),
}
