"""vCard 4.0 (RFC 6350) for a person or a post, holding only what the viewer may see."""

from __future__ import annotations

from .. import queries
from ..models import PHONE_KINDS, ContactPoint
from ..visibility import Viewer


def escape(value: str) -> str:
    """Text value escaping (RFC 6350 §3.4): backslash, comma, semicolon, newline."""
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 6350 §3.2), never inside a UTF-8
    character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, size = [], "", 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _tel(contact: ContactPoint) -> str:
    kinds = {"phone": "work,voice", "mobile": "cell", "fax": "fax"}
    uri = f"tel:{contact.value}" + (f";ext={contact.extension}" if contact.extension else "")
    return f"TEL;VALUE=uri;TYPE={kinds[contact.kind]}:{uri}"


def _contacts(contacts) -> list[str]:
    lines = []
    for contact in contacts:
        if contact.kind in PHONE_KINDS:
            lines.append(_tel(contact))
        elif contact.kind == ContactPoint.Kind.EMAIL:
            lines.append(f"EMAIL;TYPE=work:{escape(contact.value)}")
        elif contact.kind == ContactPoint.Kind.URL:
            lines.append(f"URL:{escape(contact.value)}")
    return lines


def _card(lines: list[str]) -> str:
    return (
        "\r\n".join(fold(line) for line in ["BEGIN:VCARD", "VERSION:4.0", *lines, "END:VCARD"])
        + "\r\n"
    )


def _org(unit, breadcrumbs) -> str:
    """ORG: the organisation, then its units down to the post's own (RFC 6350 §6.6.4)."""
    names = [u.name for u in breadcrumbs if u.depth > 1] + [unit.name]
    return "ORG:" + ";".join(escape(n) for n in names)


def person_card(viewer: Viewer, person, record, base_url: str) -> str:
    """``record`` is ``queries.person_record(viewer, person)``."""

    lines = [
        f"FN:{escape(person.full_name)}",
        f"N:{escape(person.family_name)};{escape(person.given_name)};{escape(person.patronymic)};;",
        f"UID:{base_url}{person.get_absolute_url()}",
        f"SOURCE:{base_url}{person.get_absolute_url()}vcard/",
    ]
    if record.current:
        appointment = record.current[0]
        unit = appointment.post.unit
        lines.append(f"TITLE:{escape(appointment.post.title)}")
        lines.append(_org(unit, queries.breadcrumbs(unit)))
    lines += _contacts(record.contacts)
    return _card(lines)


def post_card(viewer: Viewer, post, holders, breadcrumbs, base_url: str) -> str:
    """A post (loaded by ``queries.posts_with_holders``): the office, with its holder's
    name when the viewer may see them."""
    lines = [f"UID:{base_url}{post.get_absolute_url()}"]
    holder = holders[0].person if holders else None
    if holder is not None:
        lines.append(f"FN:{escape(holder.full_name)}")
        lines.append(
            f"N:{escape(holder.family_name)};{escape(holder.given_name)};{escape(holder.patronymic)};;"
        )
    else:
        lines.append(f"FN:{escape(post.title)}")
        lines.append("KIND:org")
    lines.append(f"TITLE:{escape(post.title)}")
    lines.append(_org(post.unit, breadcrumbs))
    lines += _contacts(post.visible_contacts)
    if holder is not None:
        lines += _contacts(holder.visible_contacts)
    return _card(lines)
