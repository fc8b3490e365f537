"""How a work is named in lists and messages: "Dakwar et al. 2019".

One function for every place that names a work: the study pages and API (`Study.short_label`),
the matcher's reasons (`record_label`) and the citations as articles write them. Authors come
in the shapes the project holds them in: CSL dicts on a Study ({"family", "given"} or
{"literal"}), (family, given) pairs from the parser and the match index, or plain strings
for an organisation.
"""

from collections.abc import Mapping, Sequence

TITLE_LIMIT = 80


def family_name(author) -> str:
    """The family name (or an organisation's name) of one author, in any of the shapes."""
    if isinstance(author, str):
        return author
    if isinstance(author, tuple | list):  # the commonest, told apart without the ABCs
        return str(author[0] or "") if author else ""
    if isinstance(author, Mapping):
        return str(author.get("family") or author.get("literal") or "")
    if isinstance(author, Sequence) and author:
        return str(author[0] or "")
    return ""


def work_label(
    *, authors: Sequence = (), year=None, et_al: bool = False, container_title: str = "",
    title: str = "",
) -> str:
    """'Dakwar 2019', 'Dakwar & Levin 2019', 'Krupitsky et al. 2002', 'WebMD 2024'.

    A work that names no author is named by its journal or site, else by its title in
    quotes; a missing year is 'n.d.'. Never by an id, which means nothing to a reader.
    `et_al` says the written author list was cut short ("Dakwar E, et al.").
    """
    names = []
    for author in authors or ():
        name = family_name(author)
        if name:
            names.append(name)
            if len(names) > 2:
                break  # a third name makes it "et al.": the others are not read
    when = str(year) if year else "n.d."
    if names:
        name = names[0]
        if len(names) > 2 or et_al:
            name += " et al."
        elif len(names) == 2:
            name += " & " + names[1]
        return f"{name} {when}"
    if container_title:
        return f"{container_title} {when}"
    if title:
        short = title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"
        return f'"{short}" ({when})'
    return f"an untitled work ({when})"
