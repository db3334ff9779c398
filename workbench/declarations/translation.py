"""Which fields exist once per language (modeltranslation adds `<field>_<language>` columns for each)."""
from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from workbench.declarations.models import Declaration, Passage


@register(Declaration)
class DeclarationTranslationOptions(TranslationOptions):
    fields = ("title", "organisation", "topic", "category")


@register(Passage)
class PassageTranslationOptions(TranslationOptions):
    # modeltranslation makes every such column nullable; the accessors on Passage read NULL as "" / MISSING and
    # every write goes through workbench.declarations.changes, which always writes explicit values.
    fields = ("text", "state", "basis")
