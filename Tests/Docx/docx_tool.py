#!/usr/bin/env python3
"""Word documents for Accord's tests, made and read with python-docx.

  docx_tool.py draft KIND OUT.docx      a draft: list, typed, french, table, formatted
  docx_tool.py inspect FILE.docx        what python-docx reads: JSON on standard output
  docx_tool.py markup IN.docx OUT.docx SPEC.json
                                        tracked changes and comments on a copy of Accord's text export

`inspect` gives the body's paragraphs (Subtitle paragraphs, which say what the
document is, left out) with every tracked change accepted and with every one
rejected, computed here from the XML, independently of Accord; the bookmarks
with their paragraph's text; the authors and dates of tracked changes; the
comments; the tables.
"""
import copy
import json
import sys

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def local(tag):
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def style_name(paragraph):
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except Exception:
        return ""


def inside(element, names, stop):
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if local(parent.tag) in names:
            return True
        parent = parent.getparent()
    return False


def paragraph_text(p, mode):
    out = []
    for element in p.iter():
        name = local(element.tag)
        if name == "t" and not (mode == "reject" and inside(element, {"ins", "moveTo"}, p)):
            out.append(element.text or "")
        elif name == "delText" and mode == "reject":
            out.append(element.text or "")
        elif name == "tab" and element.getparent() is not None and local(element.getparent().tag) == "r":
            out.append("\t")
    return "".join(out)


def mark(p):
    ppr = p.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
    if rpr is None:
        return None
    if rpr.find(qn("w:ins")) is not None:
        return "ins"
    if rpr.find(qn("w:del")) is not None:
        return "del"
    return None


def view(document, mode):
    """The paragraphs as Word shows them with every change accepted (or rejected):
    a paragraph whose mark is removed runs on into the next one."""
    result, carry = [], None
    for paragraph in document.paragraphs:
        if style_name(paragraph) == "Subtitle":
            continue
        text = paragraph_text(paragraph._p, mode)
        if carry is not None:
            text, carry = carry + text, None
        removed = (mode == "accept" and mark(paragraph._p) == "del") or (mode == "reject" and mark(paragraph._p) == "ins")
        if removed:
            carry = text
            continue
        result.append(text)
    if carry:
        result.append(carry)
    return result


def inspect(path):
    document = docx.Document(path)
    body = document.element.body
    paragraphs = [{"style": style_name(p), "text": paragraph_text(p._p, "accept"), "mark": mark(p._p)} for p in document.paragraphs]
    bookmarks = []
    for paragraph in document.paragraphs:
        for start in paragraph._p.iter(qn("w:bookmarkStart")):
            bookmarks.append({"name": start.get(qn("w:name")), "text": paragraph_text(paragraph._p, "accept")})
    revisions = []
    for name in ("ins", "del"):
        for element in body.iter(qn("w:" + name)):
            text = "".join(t.text or "" for t in element.iter(qn("w:t"), qn("w:delText")))
            revisions.append({"kind": name, "author": element.get(qn("w:author")), "date": element.get(qn("w:date")), "text": text})
    comments = []
    part = document.part
    for rel in part.rels.values():
        if rel.reltype.endswith("/comments"):
            from lxml import etree
            root = etree.fromstring(rel.target_part.blob)
            for comment in root.iter(qn("w:comment")):
                comments.append({"author": comment.get(qn("w:author")), "date": comment.get(qn("w:date")),
                                 "text": "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in comment.iter(qn("w:p")))})
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    language = document.core_properties.language
    styles = document.styles.element
    default_lang = styles.find(".//" + qn("w:rPrDefault") + "//" + qn("w:lang"))
    print(json.dumps({
        "paragraphs": paragraphs,
        "accepted": view(document, "accept"),
        "rejected": view(document, "reject"),
        "bookmarks": bookmarks,
        "revisions": revisions,
        "comments": comments,
        "tables": tables,
        "title": document.core_properties.title,
        "language": language,
        "defaultLanguage": default_lang.get(qn("w:val")) if default_lang is not None else None,
        "sections": [{"width": s.page_width, "height": s.page_height} for s in document.sections],
    }, ensure_ascii=False, indent=1))


# Drafts -----------------------------------------------------------------------

def lettered_numbering(document):
    """A list numbered A., B., C. in the document's numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for name, value in (("w:start", "1"), ("w:numFmt", "upperLetter"), ("w:lvlText", "%1."), ("w:lvlJc", "left")):
        child = OxmlElement(name)
        child.set(qn("w:val"), value)
        level.append(child)
    abstract.append(level)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def number_paragraph(paragraph, num_id):
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), num_id)
    numpr.append(ilvl)
    numpr.append(numid)
    ppr.append(numpr)


def set_language(document, tag):
    styles = document.styles.element
    rpr = styles.find(".//" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def draft(kind, out):
    document = docx.Document()
    if kind == "french":
        set_language(document, "fr-FR")
        document.add_paragraph("Résolution sur l’œuvre « commune » des villes & <régions>", style="Title")
        document.add_paragraph("Le Conseil des communes et régions d’Europe,")
        document.add_paragraph("Considérants", style="Heading 1")
        document.add_paragraph("A. considérant que l’œuvre « commune » des collectivités dépasse les frontières ;")
        document.add_paragraph("B. considérant que « 2 < 3 » & que les villes coopèrent ;")
        document.add_paragraph("Décisions", style="Heading 1")
        document.add_paragraph("1. Appelle à une coopération renforcée entre les villes et les régions ;")
        document.add_paragraph("2. Demande à la Commission européenne d’associer les collectivités ;")
        document.save(out)
        return
    document.add_paragraph("Resolution on shared services", style="Title")
    document.add_paragraph("The Council of European Municipalities and Regions,")
    letters = lettered_numbering(document) if kind == "list" else None
    document.add_paragraph("Reasons", style="Heading 1")
    recitals = ["Whereas towns share services;", "Whereas costs rise & budgets shrink;"]
    paragraphs = ["Calls for shared services between neighbouring towns;", "Asks the Commission to fund them;",
                  "Invites members to report by 2027."]
    for index, text in enumerate(recitals):
        if kind == "list":
            number_paragraph(document.add_paragraph(text), letters)
        else:
            document.add_paragraph(f"{chr(65 + index)}. {text}")
    document.add_paragraph("Decisions", style="Heading 2")
    for index, text in enumerate(paragraphs):
        if kind == "list":
            document.add_paragraph(text, style="List Number")
        elif kind == "formatted" and index == 0:
            paragraph = document.add_paragraph(f"{index + 1}. ")
            paragraph.add_run("Calls").bold = True
            paragraph.add_run(" for shared services between ")
            paragraph.add_run("neighbouring").italic = True
            paragraph.add_run(" towns;")
        else:
            document.add_paragraph(f"{index + 1}. {text}")
        if kind == "table" and index == 1:
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text = "Budget line"
            table.cell(0, 1).text = "Amount"
    document.save(out)


# Markup -----------------------------------------------------------------------

def revision(name, author, date, ident):
    element = OxmlElement("w:" + name)
    element.set(qn("w:id"), str(ident))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), date)
    return element


def run(text, deleted=False):
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def paragraph_by_bookmark(document, id_):
    name = id_.replace("-", "_")
    for paragraph in document.paragraphs:
        for start in paragraph._p.iter(qn("w:bookmarkStart")):
            if start.get(qn("w:name")) == name:
                return paragraph
    raise SystemExit(f"no paragraph with the bookmark {name}")


def add_comment(document, paragraph_element, first, last, text, author, ident):
    """A comment anchored from `first` to `last` (elements of the paragraph), as Word writes it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree
    part = document.part
    comments_part = None
    for rel in part.rels.values():
        if rel.reltype == RT.COMMENTS:
            comments_part = rel.target_part
    if comments_part is None:
        xml = f'<w:comments xmlns:w="{W}"/>'.encode()
        comments_part = Part(PackURI("/word/comments.xml"),
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml", xml, part.package)
        part.relate_to(comments_part, RT.COMMENTS)
    root = etree.fromstring(comments_part.blob)
    comment = etree.SubElement(root, qn("w:comment"))
    comment.set(qn("w:id"), str(ident))
    comment.set(qn("w:author"), author)
    comment.set(qn("w:date"), "2026-12-10T09:00:00Z")
    p = etree.SubElement(comment, qn("w:p"))
    r = etree.SubElement(p, qn("w:r"))
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    comments_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), str(ident))
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), str(ident))
    first.addprevious(start)
    last.addnext(end)
    reference = OxmlElement("w:r")
    ref = OxmlElement("w:commentReference")
    ref.set(qn("w:id"), str(ident))
    reference.append(ref)
    end.addnext(reference)


def markup(source, out, spec_path):
    """Applies a list of changes as a person would with Track Changes on:
    {"replace": ID, "old": WORDS, "new": WORDS}   a tracked deletion and insertion inside a provision
    {"delete": ID}                                  the whole provision deleted, paragraph mark included
    {"deleteFromEnd": ID}                           the same selected from the end of the paragraph before
    {"insertAfter": ID, "text": TEXT}               a new paragraph typed after it
    {"insertBefore": ID, "text": TEXT}              a new paragraph typed before it
                    ("bookmarkMoves": "1": its bookmark starting in the new paragraph, as Word leaves it)
    {"untracked": ID, "text": TEXT}                 the provision's text changed without Track Changes
    {"heading": TEXT, "new": TEXT}                  a tracked change to a heading
    {"comment": ID, "text": TEXT}                   a comment on the provision's tracked change
    """
    spec = json.load(open(spec_path, encoding="utf-8"))
    document = docx.Document(source)
    author, date = spec.get("author", "Amélie Durand"), "2026-12-10T09:00:00Z"
    ident = 9000
    changed = {}
    for change in spec["changes"]:
        ident += 1
        if "replace" in change:
            paragraph = paragraph_by_bookmark(document, change["replace"])
            runs = [r for r in paragraph._p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
            full = "".join(r.find(qn("w:t")).text for r in runs)
            before, found, after = full.partition(change["old"])
            if not found:
                raise SystemExit(f"‘{change['old']}’ is not in {change['replace']}")
            first = runs[0]
            for r in runs[1:]:
                r.getparent().remove(r)
            first.find(qn("w:t")).text = before
            first.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            deletion = revision("del", author, date, ident)
            deletion.append(run(change["old"], deleted=True))
            insertion = revision("ins", author, date, ident + 500)
            insertion.append(run(change["new"]))
            first.addnext(deletion)
            deletion.addnext(insertion)
            insertion.addnext(run(after))
            changed[change["replace"]] = (deletion, insertion, paragraph)
        elif "delete" in change or "deleteFromEnd" in change:
            paragraph = paragraph_by_bookmark(document, change.get("delete") or change["deleteFromEnd"])
            for r in list(paragraph._p.iter(qn("w:r"))):
                t = r.find(qn("w:t"))
                if t is None:
                    continue
                deletion = revision("del", author, date, ident)
                ident += 1
                r.addprevious(deletion)
                deletion.append(r)
                t.tag = qn("w:delText")
            rpr = OxmlElement("w:rPr")
            rpr.append(revision("del", author, date, ident))
            if "delete" in change:
                paragraph._p.get_or_add_pPr().append(rpr)
            else:
                # Selected from the end of the paragraph before: that paragraph's mark is deleted.
                paragraph._p.getprevious().get_or_add_pPr().append(rpr)
        elif "insertAfter" in change or "insertBefore" in change:
            anchor = paragraph_by_bookmark(document, change.get("insertAfter") or change["insertBefore"])
            new = copy.deepcopy(anchor._p)
            for child in list(new):
                if local(child.tag) != "pPr":
                    new.remove(child)
            insertion = revision("ins", author, date, ident)
            insertion.append(run(change["text"]))
            new.append(insertion)
            rpr = OxmlElement("w:rPr")
            rpr.append(revision("ins", author, date, ident + 500))
            new.find(qn("w:pPr")).append(rpr)
            if "insertAfter" in change:
                anchor._p.addnext(new)
            else:
                anchor._p.addprevious(new)
                if change.get("bookmarkMoves"):
                    # As Word does for Enter at the start of a paragraph: its bookmark starts in the new one.
                    start = anchor._p.find(qn("w:bookmarkStart"))
                    new.find(qn("w:pPr")).addnext(start)
        elif "untracked" in change:
            paragraph = paragraph_by_bookmark(document, change["untracked"])
            runs = [r for r in paragraph._p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
            runs[0].find(qn("w:t")).text = change["text"]
            for r in runs[1:]:
                r.getparent().remove(r)
        elif "heading" in change:
            for paragraph in document.paragraphs:
                if paragraph.text == change["heading"]:
                    insertion = revision("ins", author, date, ident)
                    insertion.append(run(change["new"]))
                    paragraph._p.append(insertion)
                    break
        elif "comment" in change:
            deletion, insertion, paragraph = changed[change["comment"]]
            add_comment(document, paragraph._p, deletion, insertion, change["text"], author, ident)
    document.save(out)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "inspect":
        inspect(sys.argv[2])
    elif command == "draft":
        draft(sys.argv[2], sys.argv[3])
    elif command == "markup":
        markup(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(__doc__)
