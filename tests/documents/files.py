"""Real documents made in the tests by each format's own library."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import A, H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, Span


def add_link(paragraph: docx.text.paragraph.Paragraph, url: str, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    node = OxmlElement("w:t")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def seoul_docx() -> bytes:
    document = docx.Document()
    document.add_heading("The Seoul Declaration", 1)
    paragraph = document.add_paragraph("The ministers met in ")
    paragraph.add_run("Seoul").bold = True
    paragraph.add_run(" on ")
    run = paragraph.add_run("June 3, 2004")
    run.italic = True
    paragraph.add_run(". See ")
    add_link(paragraph, "https://www.incd.net/", "the network")
    paragraph.add_run(".")
    paragraph.add_run().add_break()
    paragraph.add_run("A second line.")
    document.add_paragraph("Cultural diversity is a common heritage.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Members"
    table.cell(0, 1).text = "72"
    document.add_paragraph("")  # an empty paragraph makes no passage
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seoul_odt() -> bytes:
    document = OpenDocumentText()
    bold = Style(name="Bold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(H(outlinelevel=1, text="The Seoul Declaration"))
    paragraph = P(text="The ministers met in ")
    paragraph.addElement(Span(stylename=bold, text="Seoul"))
    paragraph.addText(". See ")
    paragraph.addElement(A(href="https://www.incd.net/", text="the network"))
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="Held from June 1 to 4, 2004."))
    note.addElement(body)
    paragraph.addElement(note)
    paragraph.addElement(LineBreak())
    paragraph.addText("A second line.")
    document.text.addElement(paragraph)
    items = List()
    item = ListItem()
    item.addElement(P(text="Cultural diversity is a common heritage."))
    items.addElement(item)
    document.text.addElement(items)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("Members", "72"):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The zip with one more part (or one part replaced)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()
