"""A small RSS 2.0 and Atom reader: one Document per item or entry.

Each item's HTML (``content:encoded`` in RSS, ``content`` in Atom, else the description or
summary) goes through newsvet's HTML reader, so feed articles are extracted like pages;
a fragment too short for main-text extraction falls back to its text without markup.
The item's own title, link, date and author win over what extraction finds, and the
feed's title is the outlet.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from newsvet.document import ArticleMeta, Document, Span
from newsvet.errors import InputError
from newsvet.read import read_text

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 50 * 1024 * 1024
FEED_EXTENSIONS = (".rss", ".atom", ".xml")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b")


@dataclass
class FeedItem:
    title: str | None
    link: str | None
    published: dt.date | None
    author: str | None
    content: str  # HTML or text
    outlet: str | None
    language: str | None


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a file open an RSS or Atom document."""
    return bool(_FEED_ROOT.search(head[:2048]))


def read_feed(path: Path) -> list[Document]:
    """Every item of the feed at ``path``; an item without text is skipped with a warning."""
    where = str(path)
    root = _parse(path, where)
    items = _atom_entries(root) if root.tag == f"{ATOM}feed" else _rss_items(root, where)
    documents = []
    for number, item in enumerate(items, start=1):
        item_where = f"{where}, item {number}"
        if not item.content.strip() and not item.title:
            log.warning("%s: no text; skipped", item_where)
            continue
        documents.append(_document(item, where, item_where))
    return documents


def _parse(path: Path, where: str) -> ET.Element:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(f"cannot read {where}: {err.strerror or err}") from err
    if size > MAX_FEED_BYTES:
        raise InputError(f"{where} is too large for a feed: {size:,} bytes")
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as err:
        line, column = err.position
        raise InputError(f"{where} is not well-formed XML: line {line}, column {column}") from None
    except OSError as err:
        raise InputError(f"cannot read {where}: {err.strerror or err}") from err


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    value = " ".join(element.text.split())
    return value or None


def _rss_items(root: ET.Element, where: str) -> list[FeedItem]:
    channel = root.find("channel")
    if (
        root.tag not in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF")
        or channel is None
    ):
        raise InputError(
            f"{where} is XML but neither an RSS 2.0 nor an Atom feed (root <{root.tag}>)"
        )
    outlet = _text(channel.find("title"))
    language = _text(channel.find("language"))
    items = channel.findall("item") or root.findall("item")
    return [
        FeedItem(
            title=_text(item.find("title")),
            link=_text(item.find("link")) or _text(item.find("guid")),
            published=_date(_text(item.find("pubDate")) or _text(item.find(DC_DATE))),
            author=_text(item.find(DC_CREATOR)) or _text(item.find("author")),
            content=_raw(item.find(CONTENT_ENCODED)) or _raw(item.find("description")) or "",
            outlet=outlet,
            language=language,
        )
        for item in items
    ]


def _atom_entries(root: ET.Element) -> list[FeedItem]:
    outlet = _text(root.find(f"{ATOM}title"))
    language = root.get(XML_LANG)
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        content = entry.find(f"{ATOM}content")
        summary = entry.find(f"{ATOM}summary")
        entries.append(
            FeedItem(
                title=_text(entry.find(f"{ATOM}title")),
                link=_atom_link(entry),
                published=_date(
                    _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
                ),
                author=_text(entry.find(f"{ATOM}author/{ATOM}name")),
                content=_atom_content(content) or _atom_content(summary) or "",
                outlet=outlet,
                language=entry.get(XML_LANG) or language,
            )
        )
    return entries


def _atom_link(entry: ET.Element) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _atom_content(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    if element.get("type") == "xhtml":
        # The markup is inline XML: serialise the children back to HTML.
        return "".join(ET.tostring(child, encoding="unicode") for child in element)
    if element.get("type") in (None, "text"):
        return html.escape(element.text or "")
    return element.text


def _raw(element: ET.Element | None) -> str | None:
    if element is None or not (element.text or "").strip():
        return None
    return element.text


def _date(value: str | None) -> dt.date | None:
    """RFC 822 (RSS) or ISO 8601 (Atom); an unreadable date is left empty."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass  # not ISO 8601: RSS dates are RFC 822
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        log.warning("cannot read the feed date %r; leaving it empty", value)
        return None


def _document(item: FeedItem, source: str, where: str) -> Document:
    title = item.title or ""
    page = (
        f"<html><head><title>{html.escape(title)}</title></head><body><article>"
        f"<h1>{html.escape(title)}</h1>{item.content}</article></body></html>"
    )
    try:
        doc = read_text(page, format="html", name=where)
    except InputError:
        # Main-text extraction drops very short fragments (a one-line description).
        doc = _plain_document(title, _strip_markup(item.content))
    doc.meta = ArticleMeta(
        title=item.title or doc.meta.title,
        url=item.link or doc.meta.url,
        outlet=item.outlet or doc.meta.outlet,
        byline=item.author or doc.meta.byline,
        published=item.published or doc.meta.published,
        language=item.language or doc.meta.language,
        source_path=source,
        format="feed",
    )
    return doc


def _plain_document(title: str, body: str) -> Document:
    if not body:
        return Document(text=title, headline=Span(0, len(title)), body=Span(len(title), len(title)))
    if not title:
        return Document(text=body, body=Span(0, len(body)))
    text = f"{title}\n\n{body}"
    return Document(text=text, headline=Span(0, len(title)), body=Span(len(title) + 2, len(text)))


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _strip_markup(fragment: str) -> str:
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())
