"""CSL-JSON and BibTeX: the items of `reports.citations` for reference managers."""

from __future__ import annotations

import json
from typing import Any

from raqqa_cli.render.jsonfmt import AS_ESCAPES
from raqqa_cli.render.text import neutralise


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
_BIBTEX_TYPE = {"article-newspaper": "article", "report": "techreport"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def tex_text(text: str) -> str:
    """Text as a BibTeX value shows it: TeX's special characters escaped, one line."""
    return " ".join(neutralise(text).translate(_TEX_TABLE).split())


def _url(address: str) -> str:
    """A web address for `url = {...}`: as it is, with braces percent-encoded."""
    return neutralise(address).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def bibtex_entry(item: dict[str, Any]) -> str:
    """One CSL item as a BibTeX entry keyed by its id."""
    kind = _BIBTEX_TYPE.get(item["type"], "misc")
    fields: list[tuple[str, str]] = []
    if "author" in item:
        # An institution as the author, in double braces: never split into names.
        fields.append(("author", "{" + tex_text(item["author"][0]["literal"]) + "}"))
    fields.append(("title", "{" + tex_text(item["title"]) + "}"))  # capitals kept
    if kind == "article":
        fields.append(("journal", tex_text(item["container-title"])))
    elif kind == "techreport":
        fields.append(("institution", tex_text(item["publisher"])))
    else:
        fields.append(("publisher", tex_text(item["publisher"])))
    if "issued" in item:
        parts = item["issued"]["date-parts"][0]
        fields.append(("year", f"{parts[0]:04d}"))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1]))
        fields.append(
            ("date", "-".join(f"{p:02d}" if n else f"{p:04d}" for n, p in enumerate(parts)))
        )
    if "URL" in item:
        fields.append(("url", _url(item["URL"])))
    if "note" in item:
        fields.append(("note", tex_text(item["note"])))
    fields.append(("type", tex_text(item["genre"])))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{item['id']},\n{body}\n}}\n"


def render_bibtex(items: list[dict[str, Any]]) -> str:
    """Every item as a BibTeX entry, a blank line between them."""
    return "\n".join(bibtex_entry(item) for item in items)
