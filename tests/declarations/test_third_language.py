"""The model layer with a third language: nothing in the code may assume English and French only.

modeltranslation fixes its columns when Django starts, so this runs in a fresh interpreter whose settings add
Spanish (as the README's "add a language" steps do) and builds the tables from the models.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
call_command("migrate", run_syncdb=True, verbosity=0)

from workbench.declarations.changes import add_passage, record_change
from workbench.declarations.languages import language_codes
from workbench.declarations.models import Action, Declaration, Passage, Revision, State

declaration = Declaration.objects.create(
    slug="tres", source_language="en", issued_on="2004-06-03", title_es="Declaración de Seúl"
)
passage = add_passage(
    declaration=declaration,
    position=0,
    texts={"en": "Hello.", "fr": "Bonjour.", "es": "Hola."},
    states={"en": State.APPROVED, "fr": State.DRAFT, "es": State.TRANSLATED},
)
stale_before = passage.is_stale("es")
record_change(passage=passage, language="en", text="Hello!", state=State.APPROVED, action=Action.SOURCE_CHANGED)
print(json.dumps({
    "languages": language_codes(),
    "targets": declaration.target_languages(),
    "columns": sorted(f.name for f in Passage._meta.get_fields() if f.name.startswith("text_")),
    "es_text": passage.text_in("es"),
    "es_state": int(passage.state_in("es")),
    "es_title": declaration.title_in("es"),
    "stale_before": stale_before,
    "stale_after": {code: passage.is_stale(code) for code in ("fr", "es")},
    "es_revisions": Revision.objects.filter(language="es").count(),
}))
"""

SETTINGS = """
from workbench.settings import *  # noqa: F403

LANGUAGES = [*LANGUAGES, ("es", "Spanish")]  # noqa: F405
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# The committed migrations know two languages; build the three-language tables from the models directly (and the
# apps whose migrations depend on the content model's, from theirs).
MIGRATION_MODULES = {"declarations": None, "jobs": None, "memory": None, "checks": None, "terms": None,
                     "documents": None, "planning": None, "notifications": None, "discussion": None,
                     "lexicon": None}
"""


def test_model_layer_works_with_a_third_language(tmp_path: Path) -> None:
    (tmp_path / "three_languages.py").write_text(SETTINGS, encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "three_languages",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["languages"] == ["en", "fr", "es"]
    assert report["targets"] == ["fr", "es"]
    assert report["columns"] == ["text_en", "text_es", "text_fr"]
    assert report["es_text"] == "Hola."
    assert report["es_state"] == 20
    assert report["es_title"] == "Declaración de Seúl"
    assert report["stale_before"] is False
    assert report["stale_after"] == {"fr": True, "es": True}
    assert report["es_revisions"] == 1
