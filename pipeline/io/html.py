"""HTML pages: headings, paragraphs, furniture and captions as blocks."""

from __future__ import annotations

import re

from pipeline.io.document import Block, Document

_DROP_TAGS = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head"}
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form", "menu", "button", "select", "dialog"}
_FURNITURE_HINT = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumb|crumb|share|social|footer|header|sidebar|comment|"
    r"related|recommend|advert|ads?|banner|copyright|toolbar|pagination|pager)([-_ ]|$)",
    re.I,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "br",
    "hr",
    "body",
    "center",
    "address",
    "caption",
    "tbody",
    "thead",
}


def html_to_document(html: str, doc_id: str, source: str) -> Document:
    """Parse HTML with BeautifulSoup (lxml): headings, paragraphs, furniture and captions as blocks.

    The title is the first ``<h1>`` (consumed from the body), else ``<title>`` with a trailing
    site name (``标题_某某网``) removed.
    """
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(html, "lxml")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()

    blocks: list[Block] = []
    buffer: list[str] = []

    def flush(heading: int | None = None, kind: str | None = None) -> None:
        text = re.sub(r"\s+", " ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            blocks.append(Block(text, len(blocks) + 1, heading=heading, kind=kind))

    def is_furniture(tag: Tag) -> bool:
        if tag.name in _FURNITURE_TAGS:
            return True
        attrs = " ".join([str(tag.get("id") or ""), *map(str, tag.get("class") or [])])
        return bool(attrs and _FURNITURE_HINT.search(attrs))

    def walk(node: Tag, kind: str | None) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            child_kind = kind
            if kind is None and is_furniture(child):
                child_kind = "furniture"
            elif kind is None and name == "figcaption":
                child_kind = "caption"
            if name in _BLOCK_TAGS or child_kind != kind:
                flush(kind=kind)
                level = int(name[1]) if name in {"h1", "h2", "h3"} else None
                if level is not None and child_kind is None:
                    buffer.append(child.get_text(" ", strip=True))
                    flush(heading=level)
                else:
                    walk(child, child_kind)
                    flush(kind=child_kind)
            else:
                walk(child, kind)

    walk(soup.body or soup, None)
    flush()

    title = None
    for i, block in enumerate(blocks):
        if block.heading == 1:
            title = block.text
            del blocks[i]
            break
    if title is None and page_title:
        parts = [p.strip() for p in re.split(r"\s*[_|｜–—-]{1,2}\s*", page_title) if p.strip()]
        title = parts[0] if parts else None  # site names trail: 标题_某某网
    return Document(doc_id, source, blocks, title=title, meta={"format": "html"})
