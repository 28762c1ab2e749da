"""CSL-JSON and BibTeX: the items of `reports.citations` for reference managers."""

from __future__ import annotations

import json
from typing import Any

from raqqa_cli.render.jsonfmt import AS_ESCAPES
from raqqa_cli.render.text import neutralise
from raqqa_cli.reports.citations import sentences


def render_csl_json(items: list[dict[str, Any]]) -> str:
    """A CSL-JSON array, as `--bibliography refs.json` and Zotero's import read it."""
    return json.dumps(items, ensure_ascii=False, indent=2).translate(AS_ESCAPES) + "\n"


# What TeX would act on inside a braced BibTeX value, as text. Braces are spelled out:
# BibTeX balances braces even after a backslash, so `\{` alone would unbalance the entry.
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_TABLE = str.maketrans(_TEX)
# The entry types classic BibTeX styles format with every field we have, where the item has
# what they require (an author and a year); any other item is a `@misc`, which requires
# neither and shows its publisher as `howpublished` (docs/decisions/0053).
_BIBTEX_TYPE = {"article-newspaper": "article", "report": "techreport"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def tex_text(text: str) -> str:
    """Text as a BibTeX value shows it: TeX's special characters escaped, one line."""
    return " ".join(neutralise(text).translate(_TEX_TABLE).split())


def _url(address: str) -> str:
    """A web address for `url = {...}`: as it is, with braces percent-encoded."""
    return neutralise(address).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _iso(parts: list[int]) -> str:
    """CSL date parts as an ISO date at their precision, as biblatex reads `date`."""
    return "-".join(f"{p:02d}" if n else f"{p:04d}" for n, p in enumerate(parts))


def _bibtex_name(name: dict[str, str]) -> str:
    """A CSL name as BibTeX's `von Last, Jr, First`, an institution in braces (never split)."""
    if "literal" in name:
        return "{" + tex_text(name["literal"]) + "}"
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name["family"])))
    return ", ".join(tex_text(part) for part in (family, name.get("suffix"), name["given"]) if part)


def bibtex_entry(item: dict[str, Any]) -> str:
    """One CSL item as a BibTeX entry keyed by its id."""
    kind = _BIBTEX_TYPE.get(item["type"], "misc")
    if "author" not in item or "issued" not in item:
        kind = "misc"
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", " and ".join(map(_bibtex_name, item["author"]))))
    fields.append(("title", "{" + tex_text(item["title"]) + "}"))  # capitals kept
    publisher = tex_text(item["publisher"])
    if kind == "article":
        fields += [("journal", publisher), ("entrysubtype", "newspaper")]  # biblatex's word
    elif kind == "techreport":
        fields.append(("institution", publisher))
    else:  # styles show `howpublished`; reference managers read `publisher`
        fields += [("howpublished", publisher), ("publisher", publisher)]
    if "issued" in item:
        parts = item["issued"]["date-parts"][0]
        fields.append(("year", f"{parts[0]:04d}"))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1]))
        fields.append(("date", _iso(parts)))
    notes = [item["note"]] if "note" in item else []  # the locator, the site read on
    if "URL" in item:
        fields.append(("url", _url(item["URL"])))
        if "accessed" in item:  # shown after the address, as "visited on" or "accessed"
            fields.append(("urldate", _iso(item["accessed"]["date-parts"][0])))
    elif "accessed" in item:  # no address for a `urldate` to follow
        notes.append(f"Accessed {_iso(item['accessed']['date-parts'][0])}")
    if notes:
        fields.append(("note", tex_text(sentences(notes))))
    fields.append(("type", tex_text(item["genre"])))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{item['id']},\n{body}\n}}\n"


def render_bibtex(items: list[dict[str, Any]]) -> str:
    """Every item as a BibTeX entry, a blank line between them."""
    return "\n".join(bibtex_entry(item) for item in items)
