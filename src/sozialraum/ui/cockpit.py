"""The four panels of the leadership cockpit (Übersicht): goals, early warning, budget, key figures.

Every item links to the page that explains it, with the selection in the link's query parameters.
Pages built on other branches (map, profile, budget) are linked once their file exists.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sozialraum.analysis.budget import budget_gap_text, plan_actual_total, plan_overrun
from sozialraum.analysis.early_warning import EarlyWarningRules, early_warnings_at_own_periods
from sozialraum.analysis.gaps import explain_gaps
from sozialraum.analysis.goals import STATUS_ORDER, GoalStatus, status_counts
from sozialraum.analysis.keyfigures import periods_for_keys, wanted_periods
from sozialraum.formatting import format_date, format_euro, format_number, format_percent, format_value
from sozialraum.ui import data, profile_data
from sozialraum.ui import goals as goal_ui
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
ATTENTION_STATUSES = (GoalStatus.OFF_TRACK, GoalStatus.AT_RISK)


def _year_params(selection: Selection, **extra: str) -> dict[str, str]:
    params = {YEAR_PARAM: str(selection.year), **extra}
    return {name: value for name, value in params.items() if value}  # the whole city has an empty area key


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def goals_panel(url: str, selection: Selection) -> None:
    st.markdown("**Wirkungsziele**")
    assessed = goal_ui.assessed_goals(url, selection.year, goal_ui.trend_periods())
    if assessed.empty:
        st.caption("Noch keine Ziele angelegt.")
        goal_ui.link(GOALS_PAGE, "Ziel anlegen", _year_params(selection), icon=":material/add:")
        return
    counts = status_counts(assessed)
    for status in STATUS_ORDER:
        if counts[status] or status != GoalStatus.NO_DATA:
            goal_ui.link(
                GOALS_PAGE,
                f":{goal_ui.STATUS_BADGE_COLOUR[status]}[**{counts[status]}** {status.value}]",
                _year_params(selection, **{goal_ui.STATUS_PARAM: status.value}),
                icon=goal_ui.STATUS_ICON[status],
            )
    attention = assessed[assessed["status"].isin(ATTENTION_STATUSES)]
    attention = attention.sort_values("status", key=lambda s: s.map({v.value: i for i, v in enumerate(STATUS_ORDER)}))
    if attention.empty:
        st.caption("Kein Ziel ist gefährdet oder nicht auf Kurs.")
        return
    st.caption("Nicht auf Kurs und gefährdet:")
    for goal in attention.itertuples():
        goal_ui.link(
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


def _early_warning_rules(catalogue: pd.DataFrame, indicator_keys: list[str]) -> EarlyWarningRules:
    """The rules, adjustable in a popover so the panel itself stays short."""
    defaults = EarlyWarningRules()
    # Icon only: the column is narrow; the tooltip names it.
    with st.popover("", icon=":material/tune:", help="Regeln der Frühwarnung einstellen", width="stretch"):
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


def early_warning_panel(url: str, selection: Selection, indicator_keys: list[str]) -> None:
    catalogue = data.indicators(url)
    title, settings = st.columns([3, 1], vertical_alignment="center", gap="small")
    title.markdown("**Frühwarnung**")
    with settings:
        rules = _early_warning_rules(catalogue, indicator_keys)
    # Each indicator at its own Stichtag of the year against its own one of an earlier year.
    inventory = profile_data.observation_inventory(url)
    own_periods = periods_for_keys(inventory, indicator_keys, selection.period)
    comparable = {key: pair for key, pair in own_periods.items() if None not in pair}
    if not comparable:
        known = inventory[inventory["indicator_key"].isin(indicator_keys) & (inventory["period"] <= selection.period)]
        last = f" (zuletzt erhoben zum {format_date(known['period'].max())})" if len(known) else ""
        st.caption(
            f"Keine Kennzahl der Frühwarnung hat {selection.year} einen Wert und einen früheren zum Vergleich{last}."
        )
        return
    values = data.values(url, tuple(comparable), wanted_periods(comparable), "social_space")
    warnings = early_warnings_at_own_periods(values, catalogue["polarity"].to_dict(), comparable, rules)
    previous_years = sorted({previous.year for _, previous in comparable.values()})
    since = "/".join(str(year) for year in previous_years)
    st.caption(
        f"Sozialräume: stärkste Verschlechterung ggü. {since} "
        f"(ab {format_percent(rules.min_adverse_change_percent, 0)}) oder Schwelle überschritten."
    )
    if warnings.empty:
        st.caption("Keine Auffälligkeiten.")
        return
    names = data.areas(url, "social_space").set_index("id")[["key", "name"]]
    for warning in warnings.itertuples():
        meta = catalogue.loc[warning.indicator_key]
        value = format_value(warning.value, meta["unit"], int(meta["decimals"]))
        change = format_percent(warning.adverse_change_percent, 0, signed=True)
        reason = f"über Schwelle {format_number(warning.threshold)}" if warning.crossed_threshold else change
        label = markdown_literal(f"{names.loc[warning.area_id, 'name']}: {meta['short_name']} {value} ({reason})")
        area_key = names.loc[warning.area_id, "key"]
        params = _year_params(selection, **{AREA_PARAM: area_key, INDICATOR_PARAM: warning.indicator_key})
        icon = ":material/report:" if warning.crossed_threshold else ":material/trending_down:"
        # The profile page explains a space; until it exists the cockpit of that space does.
        if not goal_ui.link(PROFILE_PAGE, label, params, icon=icon):
            goal_ui.link(OVERVIEW_PAGE, label, params, icon=icon)


def budget_panel(url: str, selection: Selection) -> None:
    st.markdown(f"**Budgetausschöpfung {selection.year}**")
    products = data.budget_products(url)
    budget = data.budget(url, (selection.year,))
    if selection.level == "social_space":
        budget = budget[budget["area_id"] == selection.area_id]
    if budget.empty:
        st.caption(f"Für {selection.year} liegen keine Budgetdaten vor.")
        return
    for product in products.itertuples():
        lines = budget[budget["product"] == product.code]
        if lines.empty:
            continue
        total = plan_actual_total(lines)
        # A plan year has no Ist yet (Berlin 2026/27), some budgets no Ansatz: then there is nothing to compare.
        overrun = plan_overrun(total["planned"], total["actual"])
        st.metric(
            markdown_literal(f"{product.code} {product.name}"),
            format_percent(total["execution_rate"])
            if overrun is not None
            else format_euro(total["planned"] if pd.notna(total["planned"]) else total["actual"]),
            delta=None if overrun is None else f"{format_euro(overrun)} ggü. Ansatz",
            delta_color="red" if overrun is not None and overrun > 0 else "green",
            help="Ausschöpfung: Ist in Prozent des Ansatzes (Soll)."
            if overrun is not None
            else "Ohne Ist und Ansatz zugleich ist keine Ausschöpfung berechenbar; gezeigt wird der vorhandene Betrag.",
        )
        if (gap := budget_gap_text(total, selection.year)) is not None:
            st.caption(gap)
        cases = lines.dropna(subset=["cases"])
        cost = format_euro(cases["actual"].sum() / cases["cases"].sum(), compact=False) if cases["cases"].sum() else "–"
        st.caption(f"Ansatz {format_euro(total['planned'])} · Ist {format_euro(total['actual'])} · je Fall {cost}")
        goal_ui.link(
            BUDGET_PAGE,
            "Budget im Detail",
            _year_params(selection, **{PRODUCT_PARAM: product.code, AREA_PARAM: selection.area_key}),
            icon=":material/euro:",
        )


def figure_notes(
    figures: pd.DataFrame,
    values: pd.DataFrame,
    catalogue: pd.DataFrame,
    selection: Selection,
    inventory: pd.DataFrame,
    area_version: str | None,
) -> dict[str, str]:
    """Per key figure a German note: why it has no value, how complete its sum is, its own older Stichtag."""
    notes: dict[str, str] = {}
    for row in figures.itertuples():
        period = row.period if row.period is not None and not pd.isna(row.period) else selection.period
        found = explain_gaps(
            values, catalogue, selection.area_id, selection.level, period, inventory, area_version, [row.indicator_key]
        )
        note = found.get(row.indicator_key, "")
        if period != selection.period and not pd.isna(row.value):
            note = "; ".join(part for part in (f"Stand {format_date(period)}", note) if part)
        if note:
            notes[row.indicator_key] = note
    return notes


def key_figures_panel(
    url: str, selection: Selection, figures: pd.DataFrame, unavailable: list[str], notes: dict[str, str] | None = None
) -> None:
    previous_year = selection.previous_period.year if selection.previous_period else None
    notes = notes or {}
    st.markdown(
        "**Kennzahlen**",
        help="Veränderung ggü. dem Vorjahr der jeweiligen Kennzahl: grün günstig, rot ungünstig."
        if previous_year
        else None,
    )
    catalogue = data.indicators(url)
    for _, row in figures.iterrows():
        key_figure_metric(row, catalogue.loc[row["indicator_key"], "definition"], previous_year, border=False)
        if note := notes.get(row["indicator_key"]):
            st.caption(note)
    if unavailable:
        # Each with its reason: not computable without numerators, not collected then, suppressed …
        names = dict(zip(figures_keys(catalogue, unavailable), unavailable, strict=True))
        reasons = [markdown_literal(f"{name}: {notes[key]}" if key in notes else name) for key, name in names.items()]
        st.caption(f"Für {markdown_literal(selection.area_name)} ohne Wert – " + "; ".join(reasons) + ".")
    # One select instead of a link per figure keeps the panel within one screen; counts of residents are
    # not a map topic. A choice opens the map with that indicator (see ``follow_map_choice``).
    mappable = figures[figures["unit"] != "Personen"]
    if goal_ui.page_exists(MAP_PAGE) and len(mappable):
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
        st.switch_page(str(goal_ui.VIEWS_DIR / MAP_PAGE), query_params=target)


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
