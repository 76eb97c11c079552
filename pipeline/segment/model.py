"""What the segmenter returns: :class:`Segmented`, its :class:`Section` s and the :class:`Piece` s
that account for every block of the input."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Piece:
    """One accounted-for span of the input: ``role`` is ``title``, ``subtitle``, ``lede``,
    ``headline``, ``kicker`` or ``deck`` (the 引题 above and the 副题 below a section's main
    headline), ``text``, ``table`` (a table's row: ``table`` is its table's number in the input,
    ``cells`` its cells), ``table-caption`` and ``table-note`` (a table's unit line above it and its
    note below it, see :class:`Table`) or ``removed``; ``sep`` is the separator that followed it inside the
    same block (for a head split off a paragraph), so ``text + sep`` of a block's pieces rebuild it."""

    line: int
    role: str
    text: str
    sep: str = ""
    kind: str | None = None
    style: str | None = None
    level: int | None = None
    table: int = 0
    cells: tuple[str, ...] = ()


@dataclass
class Table:
    """A table where it sits: ``section`` is the index of the section that holds it (None: before
    the first headline, in the lede), ``line`` its first row's source line, ``rows`` its cells row
    by row (an empty cell ``""``; rows may differ in length where cells were merged), ``caption``
    the title and unit line printed above it (``收入决算总表``, ``编制部门：某局 单位：元``) and
    ``notes`` the notes right below it (``注：本表为空表。``)."""

    line: int
    section: int | None
    rows: list[tuple[str, ...]]
    caption: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "section": self.section,
            "caption": self.caption,
            "rows": [list(r) for r in self.rows],
            "notes": self.notes,
        }


@dataclass
class Section:
    """One section: its ``headline`` (the main title, 主题, of a newspaper headline block), the
    optional ``kicker`` (引题, the line above it) and ``subtitle`` (副题, the line below it), its
    ``level`` (1 = top, relative to the article) and its body ``text``."""

    headline: str | None
    level: int
    text: str
    line: int
    style: str | None = None
    kicker: str | None = None
    subtitle: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "headline": self.headline,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "level": self.level,
            "text": self.text,
            "line": self.line,
        }


@dataclass
class Segmented:
    id: str
    source: str
    title: str | None
    subtitle: str | None
    lede: str
    sections: list[Section]
    removed: list[dict[str, object]]
    pieces: list[Piece] = field(repr=False, default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def section_tables(self, index: int | None) -> list[Table]:
        """The tables of section ``index`` (None: of the lede), in order."""
        return [t for t in self.tables if t.section == index]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "subtitle": self.subtitle,
            "lede": self.lede,
            "sections": [s.to_dict() for s in self.sections],
            "tables": [t.to_dict() for t in self.tables],
            "removed": self.removed,
        }
