"""The four panels of the leadership cockpit (Übersicht): goals, early warning, budget, key figures.

Each renders a part of one ``reports.uebersicht.UebersichtReport``; the slide renders the same report.

Every item links to the page that explains it, with the selection in the link's query parameters.
Pages built on other branches (map, profile, budget) are linked once their file exists.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sozialraum.analysis.early_warning import EarlyWarningRules
from sozialraum.analysis.goals import STATUS_ORDER, GoalStatus
from sozialraum.formatting import format_percent
from sozialraum.reports.uebersicht import UebersichtReport
from sozialraum.ui import goals as goal_ui
from sozialraum.ui import pages
from sozialraum.ui.components import key_figure_metric
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import AREA_PARAM, YEAR_PARAM, Selection

GOALS_PAGE = "ziele.py"
OVERVIEW_PAGE = "uebersicht.py"
PROFILE_PAGE = "steckbrief.py"
MAP_PAGE = "karte.py"
BUDGET_PAGE = "budget.py"
INDICATOR_PARAM = "kennzahl"  # the map page reads the indicator from this parameter
PRODUCT_PARAM = "produkt"
LABEL_LIMIT = 48  # characters of a goal title in a link, so each link stays on one or two lines


def _year_params(selection: Selection, **extra: str) -> dict[str, str]:
    params = {YEAR_PARAM: str(selection.year), **extra}
    return {name: value for name, value in params.items() if value}  # the whole city has an empty area key


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def goals_panel(report: UebersichtReport, selection: Selection) -> None:
    st.markdown("**Wirkungsziele**")
    if report.goals.empty:
        st.caption("Noch keine Ziele angelegt.")
        pages.link(GOALS_PAGE, "Ziel anlegen", _year_params(selection), icon=":material/add:")
        return
    counts = report.goal_counts
    for status in STATUS_ORDER:
        if counts[status] or status != GoalStatus.NO_DATA:
            pages.link(
                GOALS_PAGE,
                f":{goal_ui.STATUS_BADGE_COLOUR[status]}[**{counts[status]}** {status.value}]",
                _year_params(selection, **{goal_ui.STATUS_PARAM: status.value}),
                icon=goal_ui.STATUS_ICON[status],
            )
    if report.attention.empty:
        st.caption("Kein Ziel ist gefährdet oder nicht auf Kurs.")
        return
    st.caption("Nicht auf Kurs und gefährdet:")
    for goal in report.attention.itertuples():
        pages.link(
            GOALS_PAGE,
            markdown_literal(
                _shorten(goal.title) if goal.area_level == "city" else f"{_shorten(goal.title)} ({goal.area_name})"
            ),
            _year_params(selection, **{goal_ui.GOAL_PARAM: str(goal.id)}),
            icon=goal_ui.STATUS_ICON[goal.status],
        )


def _kept_number_input(label: str, key: str, default: float | None, **kwargs: object) -> float | None:
    """A number input whose value outlives a page switch (widget state is dropped when a page is left)."""
    kept = f"kept_{key}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(kept, default)
    value = st.number_input(label, key=key, **kwargs)
    st.session_state[kept] = value
    return value


def early_warning_rules(catalogue: pd.DataFrame, indicator_keys: list[str]) -> EarlyWarningRules:
    """The panel's title and its rules, adjustable in a popover so the panel itself stays short."""
    defaults = EarlyWarningRules()
    title, settings = st.columns([3, 1], vertical_alignment="center", gap="small")
    title.markdown("**Frühwarnung**")
    # Icon only: the column is narrow; the tooltip names it.
    with settings, st.popover("", icon=":material/tune:", help="Regeln der Frühwarnung einstellen", width="stretch"):
        minimum = _kept_number_input(
            "Verschlechterung ab (%)",
            "warning_min_change",
            defaults.min_adverse_change_percent,
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            help="Relative Veränderung gegenüber dem Vorjahr in ungünstiger Richtung.",
        )
        thresholds = {}
        for key in indicator_keys:
            meta = catalogue.loc[key]
            threshold = _kept_number_input(
                f"Schwelle {meta['short_name']} ({meta['unit']})",
                f"warning_threshold_{key}",
                defaults.thresholds.get(key),
                min_value=0.0,
                step=1.0,
                placeholder="keine Schwelle",
            )
            if threshold is not None:
                thresholds[key] = threshold
    return EarlyWarningRules(min_adverse_change_percent=minimum or 0.0, thresholds=thresholds, limit=defaults.limit)


def early_warning_panel(report: UebersichtReport, selection: Selection) -> None:
    """The list below ``early_warning_rules``: each warning links to the space's Steckbrief."""
    warnings = report.warnings
    if warnings.nothing_comparable:
        st.caption(warnings.nothing_comparable)
        return
    st.caption(
        f"Sozialräume: stärkste Verschlechterung ggü. {warnings.since} "
        f"(ab {format_percent(warnings.rules.min_adverse_change_percent, 0)}) oder Schwelle überschritten."
    )
    if warnings.rows.empty:
        st.caption("Keine Auffälligkeiten.")
        return
    for warning in warnings.rows.itertuples():
        params = _year_params(selection, **{AREA_PARAM: warning.area_key, INDICATOR_PARAM: warning.indicator_key})
        icon = ":material/report:" if warning.crossed_threshold else ":material/trending_down:"
        label = markdown_literal(warning.label)
        # The profile page explains a space; until it exists the cockpit of that space does.
        if not pages.link(PROFILE_PAGE, label, params, icon=icon):
            pages.link(OVERVIEW_PAGE, label, params, icon=icon)


def budget_panel(report: UebersichtReport, selection: Selection) -> None:
    st.markdown(f"**Budgetausschöpfung {report.year}**")
    if not report.budget:
        st.caption(f"Für {report.year} liegen keine Budgetdaten vor.")
        return
    for card in report.budget:
        st.metric(
            markdown_literal(f"{card.code} {card.name}"),
            card.value,
            delta=card.delta,
            delta_color="red" if card.overrun else "green",
            help="Ausschöpfung: Ist in Prozent des Ansatzes (Soll)."
            if card.comparable
            else "Ohne Ist und Ansatz zugleich ist keine Ausschöpfung berechenbar; gezeigt wird der vorhandene Betrag.",
        )
        if card.gap is not None:
            st.caption(card.gap)
        st.caption(card.caption)
        pages.link(
            BUDGET_PAGE,
            "Budget im Detail",
            _year_params(selection, **{PRODUCT_PARAM: card.code, AREA_PARAM: selection.area_key}),
            icon=":material/euro:",
        )


def key_figures_panel(report: UebersichtReport, selection: Selection) -> None:
    previous_year = report.previous_period.year if report.previous_period else None
    notes, catalogue, figures = report.notes, report.catalogue, report.figures
    st.markdown(
        "**Kennzahlen**",
        help="Veränderung ggü. dem Vorjahr der jeweiligen Kennzahl: grün günstig, rot ungünstig."
        if previous_year
        else None,
    )
    for _, row in figures.iterrows():
        key_figure_metric(row, catalogue.loc[row["indicator_key"], "definition"], previous_year, border=False)
        if note := notes.get(row["indicator_key"]):
            st.caption(note)
    if report.unavailable:
        # Each with its reason: not computable without numerators, not collected then, suppressed …
        names = dict(zip(figures_keys(catalogue, report.unavailable), report.unavailable, strict=True))
        reasons = [markdown_literal(f"{name}: {notes[key]}" if key in notes else name) for key, name in names.items()]
        st.caption(f"Für {markdown_literal(report.area.label)} ohne Wert – " + "; ".join(reasons) + ".")
    # One select instead of a link per figure keeps the panel within one screen; counts of residents are
    # not a map topic. A choice opens the map with that indicator (see ``follow_map_choice``).
    mappable = figures[figures["unit"] != "Personen"]
    if len(mappable):
        names = dict(zip(mappable["indicator_key"], mappable["short_name"], strict=True))
        st.selectbox(
            "Auf der Karte zeigen",
            list(names),
            index=None,
            format_func=names.__getitem__,
            placeholder="Auf der Karte zeigen …",
            key=MAP_CHOICE_KEY,
            on_change=_remember_map_choice,
            args=(selection,),
            label_visibility="collapsed",
        )


def figures_keys(catalogue: pd.DataFrame, short_names: list[str]) -> list[str]:
    """The indicator keys of ``short_names`` (as ``split_unavailable`` returns names), in their order."""
    by_name = dict(zip(catalogue["short_name"], catalogue.index, strict=True))
    return [by_name.get(name, name) for name in short_names]


MAP_CHOICE_KEY = "cockpit_map_choice"
_MAP_TARGET_KEY = "cockpit_map_target"


def _remember_map_choice(selection: Selection) -> None:
    # Callbacks cannot switch pages; remember the target and clear the chip, so coming back to the
    # cockpit does not jump to the map again.
    key = st.session_state.get(MAP_CHOICE_KEY)
    st.session_state[MAP_CHOICE_KEY] = None
    if key:
        st.session_state[_MAP_TARGET_KEY] = _year_params(
            selection, **{INDICATOR_PARAM: key, AREA_PARAM: selection.area_key}
        )


def follow_map_choice() -> None:
    """Open the map for the figure chosen in the key-figures panel (call before drawing the cockpit)."""
    target = st.session_state.pop(_MAP_TARGET_KEY, None)
    if target:
        pages.switch(MAP_PAGE, query_params=target)


# Denser than Streamlit's defaults so the four panels fit a 1440×900 screen: less space above the
# title, smaller metric values, and link labels that wrap instead of being cut off.
COMPACT_STYLE = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2rem; padding-bottom: 0.5rem; }
[data-testid="stMain"] h1 { font-size: 2rem; padding: 0.25rem 0; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 1.35rem; }
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] span { white-space: normal; line-height: 1.3; }
[data-testid="stMain"] [data-testid="stColumn"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stMain"] hr { margin: 0.75rem 0; }
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] { padding-top: 0.1rem; padding-bottom: 0.1rem; }
</style>
"""


def compact_style() -> None:
    st.html(COMPACT_STYLE)
