"""Documents at book scale (issue 24): a 300-page DOCX (3,000 paragraphs) brought in, translated, written back and
revised, each step through the real path, timed and with its peak memory.

The document is generated with python-docx from the English side of the dev bitexts (real prose): headings (one
paragraph in 30), bold, italic and links in one paragraph in four, bullet lists, tables, line breaks. Its revision has
10% of the paragraphs edited, 5% inserted and 5% removed. Each step runs in its own process (its peak memory is its
own) against one throw-away SQLite database:

1. preview  — a coordinator posts the file to /desk/new/ and gets the page listing its passages;
2. create   — the same, confirmed: the declaration and its 3,000 passages in one transaction;
3. write    — with 60% of the passages approved in French, the French DOCX written into the original;
4. revise   — the new version posted to /desk/<slug>/new-version/: the preview of its changes;
5. apply    — the new version applied.

Peers in the same run: python-docx itself opening the file and reading every paragraph's text (the floor for a
reader that keeps runs, styles and links), and python-docx saving it (the floor for a writer).
Targets: read and preview under 10 s; written back under 10 s; memory reported.

    .venv/bin/python bench/documents.py [--paragraphs 3000]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from scratch import paragraphs, sentences

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
SLUG = "book"


def make_docx(texts: list[str]) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for text in texts:
        # What a paragraph looks like follows from its text, so the revised file formats a kept paragraph alike.
        shape = zlib.crc32(text.encode())
        if shape % 30 == 0:
            document.add_heading(text[:80], 1 + shape % 2)
            continue
        if shape % 300 == 7:
            table = document.add_table(rows=2, cols=3)
            for cell, word in zip(table._cells, text.split(), strict=False):
                cell.text = word
            continue
        style = "List Bullet" if shape % 17 in (1, 2, 3) else None
        paragraph = document.add_paragraph(style=style)
        words = text.split(" ")
        if shape % 4 == 0 and len(words) > 6:
            paragraph.add_run(" ".join(words[:2]) + " ")
            paragraph.add_run(" ".join(words[2:4]) + " ").bold = True
            paragraph.add_run(" ".join(words[4:5]) + " ").italic = True
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), document.part.relate_to(f"https://example.org/{shape % 1000}", docx.opc.constants.
                                                         RELATIONSHIP_TYPE.HYPERLINK, is_external=True))  # fmt: skip
            run = OxmlElement("w:r")
            text_element = OxmlElement("w:t")
            text_element.text = words[5]
            run.append(text_element)
            link.append(run)
            paragraph._p.append(link)
            paragraph.add_run(" " + " ".join(words[6:]))
        else:
            paragraph.add_run(text)
        if shape % 50 == 9:
            paragraph.add_run().add_break()
            paragraph.add_run("A second line.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def revise(texts: list[str], rng: random.Random) -> list[str]:
    """10% of paragraphs edited (a few words changed), 5% removed, 5% inserted."""
    pool = sentences()
    revised = []
    for text in texts:
        roll = rng.random()
        if roll < 0.05:
            continue
        elif roll < 0.15:
            words = text.split(" ")
            for _ in range(max(1, len(words) // 10)):
                words[rng.randrange(len(words))] = rng.choice(("indeed", "perhaps", "again", "still"))
            revised.append(" ".join(words))
        else:
            revised.append(text)
        if rng.random() < 0.05:
            revised.append(rng.choice(pool))
    return revised


# --- the steps, each run in its own process -------------------------------------------------------------------------


def _django(database: str) -> None:
    os.environ["WORKBENCH_SQLITE_PATH"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def _client():  # noqa: ANN202 - a logged-in django.test.Client
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-coordinator"))
    return client


def _carried(html: str) -> dict[str, str]:
    return {name: re.search(rf'name="{name}" value="([^"]*)"', html)[1] for name in ("carried", "carried_name")}


FORM = {"slug": SLUG, "source_language": "en", "issued_on": "2004-06-03", "kind": "declaration",
        "title_en": "A book-length declaration"}  # fmt: skip


def step(name: str, database: str, folder: Path) -> dict[str, object]:
    _django(database)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    original = (folder / "book.docx").read_bytes()
    started = time.perf_counter()
    result: dict[str, object] = {}
    if name == "setup":
        from django.contrib.auth.models import User

        from workbench.declarations.models import Assignment, Role

        call_command("migrate", verbosity=0)
        user = User.objects.create_user("bench-coordinator")
        Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
        started = time.perf_counter()
    elif name == "preview":
        page = _client().post("/desk/new/", {**FORM, "file": SimpleUploadedFile("book.docx", original),
                                             "action": "preview"})  # fmt: skip
        result["passages"] = int(re.search(r"<h2>([\d,]+) passages</h2>", page.content.decode())[1].replace(",", ""))
        result["status"] = page.status_code
    elif name == "create":
        client = _client()
        page = client.post("/desk/new/", {**FORM, "file": SimpleUploadedFile("book.docx", original),
                                          "action": "preview"})  # fmt: skip
        started = time.perf_counter()  # the confirming request only
        done = client.post("/desk/new/", {**FORM, **_carried(page.content.decode()), "action": "create"})
        from workbench.declarations.models import Passage

        result["status"] = done.status_code
        result["passages"] = Passage.objects.filter(declaration__slug=SLUG).count()
    elif name == "write":
        from workbench.declarations.changes import ChangeSpec, apply_changes
        from workbench.declarations.models import Action, Declaration, State
        from workbench.documents.writing import write

        declaration = Declaration.objects.get(slug=SLUG)
        rng = random.Random(3)
        apply_changes([ChangeSpec(p.pk, "en", "fr", "Traduction : " + p.source_text, State.APPROVED,
                                  p.source_digest, Action.IMPORTED)
                       for p in declaration.passages.all() if rng.random() < 0.6])  # fmt: skip
        started = time.perf_counter()
        written = write(declaration, "fr")
        (folder / "book.fr.docx").write_bytes(written.content)
        result["untranslated"] = len(written.untranslated)
        result["bytes"] = len(written.content)
    elif name == "revise":
        page = _client().post(f"/desk/{SLUG}/new-version/", {"file": SimpleUploadedFile(
            "book-v2.docx", (folder / "book-v2.docx").read_bytes()), "action": "preview"})  # fmt: skip
        html = page.content.decode()
        result["status"] = page.status_code
        result["counts"] = dict(re.findall(r'<li class="kind-(\w+)">[^:]+: (\d+)</li>', html))
        (folder / "seen.json").write_text(json.dumps({**_carried(html), "seen": re.search(
            r'name="seen" value="([^"]*)"', html)[1]}))  # fmt: skip
    elif name == "apply":
        fields = json.loads((folder / "seen.json").read_text())
        done = _client().post(f"/desk/{SLUG}/new-version/", {**fields, "action": "apply"})
        from workbench.declarations.models import Passage

        result["status"] = done.status_code
        result["passages"] = Passage.objects.filter(declaration__slug=SLUG).count()
    elif name == "peer-read":
        import docx

        result["paragraphs"] = len([p.text for p in docx.Document(io.BytesIO(original)).paragraphs])
    elif name == "peer-write":
        import docx

        document = docx.Document(io.BytesIO(original))
        started = time.perf_counter()
        document.save(io.BytesIO())
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_step(name: str, database: str, folder: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--step", name, "--database", database, "--folder",
                           str(folder)], capture_output=True, text=True, cwd=REPO)  # fmt: skip
    if done.returncode:
        sys.exit(f"The step {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=3000)
    parser.add_argument("--step")
    parser.add_argument("--database")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.database, Path(args.folder))))
        return
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        texts = paragraphs(args.paragraphs, rng)
        (folder / "book.docx").write_bytes(make_docx(texts))
        (folder / "book-v2.docx").write_bytes(make_docx(revise(texts, rng)))
        size = (folder / "book.docx").stat().st_size
        print(f"A generated DOCX of {args.paragraphs:,} paragraphs ({size / 1e6:.1f} MB), one process per step:")
        database = str(folder / "bench.sqlite3")
        run_step("setup", database, folder)
        results = {name: run_step(name, database, folder) for name in
                   ("peer-read", "preview", "create", "write", "peer-write", "revise", "apply")}  # fmt: skip
    rows = [
        ("python-docx reads every paragraph (peer)", "peer-read", f"{results['peer-read']['paragraphs']:,} paragraphs"),
        ("read and preview (/desk/new/)", "preview", f"{results['preview']['passages']:,} passages shown"),
        ("create the declaration", "create", f"{results['create']['passages']:,} passages"),
        ("write the French DOCX into the original", "write",
         f"{results['write']['untranslated']:,} left in English, {results['write']['bytes'] / 1e6:.1f} MB"),
        ("python-docx saves the document (peer)", "peer-write", ""),
        ("preview the new version", "revise", ", ".join(f"{k} {v}" for k, v in results["revise"]["counts"].items())),
        ("apply the new version", "apply", f"{results['apply']['passages']:,} passages after"),
    ]
    for label, name, detail in rows:
        result = results[name]
        print(f"  {label:<42} {result['seconds']:7.2f} s  peak {result['peak_mb']:6.0f} MB  {detail}")
    preview, write = results["preview"]["seconds"], results["write"]["seconds"]
    print(f"Read and preview: {preview:.2f} s ({preview / results['peer-read']['seconds']:.1f}× python-docx's bare "
          f"read); target < {TARGET_SECONDS:.0f} s: {'met' if preview < TARGET_SECONDS else 'NOT met'}")
    print(f"Write back: {write:.2f} s ({write / results['peer-write']['seconds']:.1f}× python-docx's save); "
          f"target < {TARGET_SECONDS:.0f} s: {'met' if write < TARGET_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
