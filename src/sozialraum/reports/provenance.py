"""Where a report's figures come from, read once from ``dataset_info`` and stated by every channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sozialraum.export import provenance
from sozialraum.reports.source import Source


@dataclass(frozen=True)
class Provenance:
    source: str
    as_of: date | None
    demo: bool

    @classmethod
    def of(cls, source: Source) -> Provenance:
        info = source.dataset_info()
        return cls(provenance.source_text(info), provenance.as_of_date(info), provenance.is_demo(info))
