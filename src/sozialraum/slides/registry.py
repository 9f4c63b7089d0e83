"""The slide registry: a slide is a view kind plus that view's settings, rendered from the current data.

A page makes its view presentable by registering one function::

    @register("sozialindex", "Sozialindex")
    def sozialindex(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide: ...

``render_slide`` never raises: an unknown kind, a deleted indicator or area, or any other failure
becomes a slide that says so in German, so one stale slide cannot break a council presentation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from sozialraum.formatting import format_date
from sozialraum.periods import periods_by_year
from sozialraum.reports import provenance
from sozialraum.reports.source import Source

#: Type size of slide figures: readable from the back of a council chamber.
SLIDE_FONT_SIZE = 18
_log = logging.getLogger(__name__)


class StaleSlideError(LookupError):
    """The slide's settings name something the data no longer hold; the message is German."""


@dataclass
class RenderedSlide:
    title: str
    subtitle: str = ""
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None  # display strings, German formats
    notes: str = ""  # speaker notes: the figures a presenter says aloud
    method: str = ""  # definitions and method, for the footer
    message: str | None = None  # why the slide cannot show its view (German)
    source: str = ""
    as_of: date | None = None
    demo: bool = False
    kind: str = ""

    @property
    def ok(self) -> bool:
        return self.message is None

    def source_line(self) -> str:
        """``Quelle: … · Datenstand: 31.12.2025 · fiktive Beispieldaten`` (as far as known)."""
        parts = [f"Quelle: {self.source or provenance.NO_SOURCE}"]
        if self.as_of:
            parts.append(f"Datenstand: {format_date(self.as_of)}")
        if self.demo:
            parts.append(provenance.DEMO_LABEL)
        return " · ".join(parts)


@dataclass
class SlideContext:
    """What every renderer needs, loaded once per slide: the engine, the dataset facts, the catalogue."""

    engine: Engine
    info: dict[str, str] = field(default_factory=dict)

    @cached_property
    def source(self) -> Source:
        return Source(self.engine)

    @cached_property
    def catalogue(self) -> pd.DataFrame:
        return self.source.indicators()

    @cached_property
    def periods(self) -> list[date]:
        return self.source.periods()

    @cached_property
    def all_areas(self) -> pd.DataFrame:
        return self.source.areas()

    def indicator(self, key: object) -> pd.Series:
        if not isinstance(key, str) or key not in self.catalogue.index:
            raise StaleSlideError(f"Die Kennzahl »{key}« ist nicht mehr in der Datenbank.")
        return self.catalogue.loc[key]

    def period_of_year(self, year: object) -> date:
        by_year = periods_by_year(self.periods, self.source.budget_years())
        try:
            return by_year[int(year)]  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            raise StaleSlideError(f"Für das Jahr {year} liegen keine Daten mehr vor.") from None

    def previous_period(self, period: date) -> date | None:
        earlier = [p for p in self.periods if p < period]
        return max(earlier) if earlier else None

    def area(self, level: str, key: object) -> pd.Series:
        """The newest area of ``level`` with ``key`` (keys repeat across boundary versions)."""
        found = self.all_areas[(self.all_areas["level"] == level) & (self.all_areas["key"] == str(key))]
        if found.empty:
            raise StaleSlideError(f"Das Gebiet »{key}« gibt es nicht mehr.")
        return found.iloc[-1]


Renderer = Callable[[SlideContext, Mapping[str, Any]], RenderedSlide]


@dataclass(frozen=True)
class SlideKind:
    kind: str
    label: str  # German, shown in the deck's list
    render: Renderer


_REGISTRY: dict[str, SlideKind] = {}


def register(kind: str, label: str) -> Callable[[Renderer], Renderer]:
    """Decorator: make ``kind`` renderable as a slide (label German, e.g. »Karte«)."""

    def decorate(render: Renderer) -> Renderer:
        _REGISTRY[kind] = SlideKind(kind, label, render)
        return render

    return decorate


def registered_kinds() -> dict[str, str]:
    return {kind: entry.label for kind, entry in _REGISTRY.items()}


def kind_label(kind: str) -> str:
    entry = _REGISTRY.get(kind)
    return entry.label if entry else kind


def slide_figure(figure: go.Figure) -> go.Figure:
    """A view's figure made for a slide: no title of its own (the slide has one), large type, no fixed size."""
    figure.update_layout(
        title_text=None,
        height=None,
        width=None,
        font={"size": SLIDE_FONT_SIZE},
        margin={"t": 50, "l": 10, "r": 30, "b": 10},
        paper_bgcolor="white",
    )
    figure.update_annotations(font_size=SLIDE_FONT_SIZE - 2)
    # The small bottom margin is a minimum: larger type must still leave room for tick labels and axis titles.
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def _problem(kind: str, title: str, message: str) -> RenderedSlide:
    return RenderedSlide(title=title or "Folie nicht verfügbar", message=message, kind=kind)


def render_slide(
    engine: Engine, kind: str, params: Mapping[str, Any], title: str = "", info: dict[str, str] | None = None
) -> RenderedSlide:
    """The slide for ``kind`` with ``params``, from the current data; ``title`` is the stored fallback."""
    info = info if info is not None else Source(engine).dataset_info()
    entry = _REGISTRY.get(kind)
    if entry is None:
        slide = _problem(kind, title, f"Diese Folienart (»{kind}«) kennt diese Version des Sozialraum-Monitors nicht.")
    else:
        try:
            slide = entry.render(SlideContext(engine, info), params)
            slide.kind = kind
        except StaleSlideError as error:
            slide = _problem(kind, title, f"{error} Die Folie kann nicht mehr gezeigt werden; bitte neu hinzufügen.")
        except Exception as error:  # one broken slide must not stop a presentation
            _log.exception("slide %s with %s failed", kind, params)
            slide = _problem(
                kind,
                title,
                f"Die Folie konnte nicht erstellt werden ({error.__class__.__name__}). Bitte neu hinzufügen.",
            )
    if slide.figure is not None:
        slide.figure = slide_figure(slide.figure)
    # The same reading as every other export: a free-text Datenstand from an import recipe is no date.
    return replace(
        slide,
        source=provenance.source_text(info),
        as_of=provenance.as_of_date(info),
        demo=provenance.is_demo(info),
    )
