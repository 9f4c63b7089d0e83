"""Zusammensetzung nach Hilfeart: each area's actual spending split by aid type."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sozialraum.analysis.space_budget import RESIDENTIAL, aid_type_composition
from sozialraum.formatting import format_percent
from sozialraum.reports.budget.base import BudgetFrame, BudgetParams, SlideText, load_frame
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.source import Source


@dataclass(frozen=True)
class Params(BudgetParams):
    """``produkt`` and ``jahr``."""


@dataclass(frozen=True)
class HilfeartenReport:
    params: Params
    frame: BudgetFrame
    composition: pd.DataFrame  # aid_type_composition per area_key, area_name; the figure's input
    chart_title: str
    deck_title: str
    slide: SlideText
    provenance: Provenance


def build(source: Source, params: Params) -> HilfeartenReport:
    frame = load_frame(source, params.product, params.year)
    year = frame.year
    composition = aid_type_composition(frame.year_lines, ["area_key", "area_name"]).sort_values("area_key")
    residential = composition[composition["aid_type"] == RESIDENTIAL].sort_values("share", ascending=False)
    notes = (
        "Höchster Anteil stationärer Hilfen: "
        + ", ".join(
            f"{n} {format_percent(s)}"
            for n, s in zip(residential["area_name"][:3], residential["share"][:3], strict=True)
        )
        + "."
        if len(residential)
        else "Keine stationären Hilfen."
    )
    return HilfeartenReport(
        params=Params(frame.product, year),
        frame=frame,
        composition=composition,
        chart_title=f"Anteile am Ist {year}",
        deck_title=f"Hilfearten {year}: {frame.product}",
        slide=SlideText(
            title=f"Hilfearten {year}: {frame.product_label}",
            subtitle=f"Anteile am Ist je {frame.level_label} in %",
            notes=notes,
            method="Anteil jeder Hilfeart am Ist des Sozialraums (ohne zentral gebuchte Mittel).",
        ),
        provenance=frame.provenance,
    )
