"""Sozialraumbudget, Soll und Ist: the key figures of the product and the table per area with a city row."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sozialraum.analysis.budget import plan_overrun
from sozialraum.formatting import format_euro, format_number, format_percent
from sozialraum.reports.budget.base import BudgetFrame, BudgetParams, SlideText, load_frame
from sozialraum.reports.budget.tables import ReportTable, budget_gap_text, space_budget_report
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.source import Source

#: Overruns above this execution rate are named; small ones are ordinary noise.
NOTABLE_OVERRUN_PERCENT = 102.0


@dataclass(frozen=True)
class Params(BudgetParams):
    """``produkt`` and ``jahr``."""


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    delta_bad: bool = False
    label_is_data: bool = False  # the label names data (a target group): shown literally, not as markdown


@dataclass(frozen=True)
class SollIstReport:
    params: Params
    frame: BudgetFrame
    total: dict
    figures: tuple[KeyFigure, ...]
    heading: str
    gap: str | None  # what the year's budget lacks (no Ist yet, no Ansatz)
    over_plan: list[str]  # areas more than 2 % over their Ansatz
    over_plan_text: str | None
    table: ReportTable
    deck_title: str
    slide: SlideText
    provenance: Provenance


def over_plan_sentence(names: list[str]) -> str | None:
    if not names:
        return None
    return f"Mehr als {format_number(NOTABLE_OVERRUN_PERCENT - 100)} % über dem Ansatz: {', '.join(names)}."


def key_figures(total: dict, target_label: str | None) -> tuple[KeyFigure, ...]:
    # Plan years (e.g. Berlin 2026/27) have no actual yet, actual-only budgets no plan: no comparison then.
    overrun = plan_overrun(total["planned"], total["actual"])
    figures = [
        KeyFigure("Ansatz (Soll)", format_euro(total["planned"])),
        KeyFigure(
            "Ist",
            format_euro(total["actual"]),
            delta=None if overrun is None else format_euro(overrun) + " ggü. Ansatz",
            delta_bad=overrun is not None and overrun > 0,
        ),
        KeyFigure("Ausschöpfung", format_percent(total["execution_rate"]), help="Ist in % des Ansatzes."),
        KeyFigure("Fälle", format_number(total["cases"])),
        KeyFigure(
            "Kosten je Fall",
            format_euro(total["cost_per_case"], compact=False),
            help="Ist der fallbezogenen Hilfen geteilt durch ihre Fallzahl (ohne Angebote ohne Fallzahl).",
        ),
    ]
    per_head_value = total["actual_per_target_resident"] if target_label else total["actual_per_resident"]
    per_head_residents = total["target_residents"] if target_label else total["residents"]
    group = target_label or "Einwohner"
    if pd.isna(total["actual"]) and pd.notna(total["planned"]) and per_head_residents:
        # A plan year: the plan per resident says what the Ist cannot say yet.
        figures.append(
            KeyFigure(
                f"Ansatz je {group}",
                format_euro(total["planned"] / per_head_residents, compact=False),
                help="Ansatz geteilt durch die Einwohnerzahl zum letzten Stichtag vor dem Haushaltsjahr.",
                label_is_data=True,
            )
        )
    else:
        figures.append(KeyFigure(f"Ist je {group}", format_euro(per_head_value, compact=False), label_is_data=True))
    return tuple(figures)


def build(source: Source, params: Params) -> SollIstReport:
    frame = load_frame(source, params.product, params.year)
    year, this_year, total = frame.year, frame.this_year, frame.city_total
    table = ReportTable.of(
        space_budget_report(
            this_year.sort_values("area_key"), total, frame.target_label, frame.level_label, frame.parent_label
        )
    )
    over_plan = this_year[this_year["execution_rate"] > NOTABLE_OVERRUN_PERCENT]["area_name"].tolist()
    gap = budget_gap_text(total, year)
    over_text = over_plan_sentence(over_plan)
    notes = (
        f"Produkt {frame.product_label}, {year}: Ansatz {format_euro(total['planned'])}, "
        f"Ist {format_euro(total['actual'])}, Ausschöpfung {format_percent(total['execution_rate'])}. "
        + (over_text or f"Kein Gebiet liegt mehr als {format_number(NOTABLE_OVERRUN_PERCENT - 100)} % über dem Ansatz.")
        + (f" {gap}" if gap else "")
    )
    slide = SlideText(
        title=f"Budget {year}: {frame.product_label}",
        subtitle=f"Ansatz und Ist je {frame.level_label} {year} · "
        f"Ausschöpfung {format_percent(total['execution_rate'])}",
        notes=notes,
        method="Ausschöpfung = Ist in % des Ansatzes (Soll). Genannt sind Gebiete mehr als "
        f"{format_number(NOTABLE_OVERRUN_PERCENT - 100)} % über dem Ansatz; kleinere Abweichungen sind gewöhnliche "
        "Schwankung.",
    )
    return SollIstReport(
        params=Params(frame.product, year),
        frame=frame,
        total=total,
        figures=key_figures(total, frame.target_label),
        heading=f"Soll und Ist je {frame.level_label} {year}",
        gap=gap,
        over_plan=over_plan,
        over_plan_text=over_text,
        table=table,
        deck_title=f"Budget {year}: {frame.product}",
        slide=slide,
        provenance=frame.provenance,
    )
