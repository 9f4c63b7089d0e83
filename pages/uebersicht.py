"""Übersicht: where we stand in the selected year, for the whole city or one social space."""

import streamlit as st

from sozialraum.analysis.budget import plan_actual_by, plan_actual_total
from sozialraum.analysis.keyfigures import POPULATION_INDICATOR, choose_key_indicators, key_figures
from sozialraum.charts.budget import budget_plan_actual_figure, budget_trend_figure
from sozialraum.formatting import format_date, format_euro, format_percent
from sozialraum.ui import data
from sozialraum.ui.components import demo_badge, key_figure_metric, source_footer

YOUTH_AID_PRODUCT = "36.3"

url = data.database_url()
info = data.dataset_info(url)
selection = st.session_state.get("selection")
if selection is None:
    st.info("Noch keine Daten: mit »sozialraum demo« die Beispielstadt laden oder Daten importieren.")
    st.stop()

st.title(f"Übersicht {selection.year}")
st.caption(f"{selection.area_name} · Stichtag {format_date(selection.period)}")
demo_badge(info)

catalogue = data.indicators(url)
figure_keys = [key for key in [POPULATION_INDICATOR] if key in catalogue.index]
figure_keys += choose_key_indicators(catalogue)
periods = tuple(p for p in (selection.period, selection.previous_period) if p is not None)
values = data.values(url, tuple(figure_keys), periods, selection.level)
figures = key_figures(values, catalogue, figure_keys, selection.area_id, selection.period, selection.previous_period)

st.subheader("Kennzahlen")
previous_year = selection.previous_period.year if selection.previous_period else None
if previous_year:
    st.caption(f"Veränderung gegenüber {previous_year}: grün = günstige, rot = ungünstige Entwicklung.")
CARDS_PER_ROW = 3  # wide enough for "280.730 Personen" and "+0,3 Pp." without truncation
for start in range(0, len(figures), CARDS_PER_ROW):
    row_figures = figures.iloc[start : start + CARDS_PER_ROW]
    for column, (_, row) in zip(st.columns(CARDS_PER_ROW), row_figures.iterrows(), strict=False):
        with column:
            key_figure_metric(row, catalogue.loc[row["indicator_key"], "definition"], previous_year)

products = data.budget_products(url)
if YOUTH_AID_PRODUCT in set(products["code"]):
    product_name = products.set_index("code").loc[YOUTH_AID_PRODUCT, "name"]
    st.subheader(f"{product_name} (Produkt {YOUTH_AID_PRODUCT}): Ansatz und Ist")
    budget = data.budget(url, tuple(range(selection.year - 9, selection.year + 1)), YOUTH_AID_PRODUCT)
    if selection.level == "social_space":
        budget = budget[budget["area_id"] == selection.area_id]
    this_year = budget[budget["year"] == selection.year]
    if this_year.empty:
        st.info(f"Für {selection.year} liegen keine Budgetdaten zu Produkt {YOUTH_AID_PRODUCT} vor.")
    else:
        total = plan_actual_total(this_year)
        planned_col, actual_col, rate_col, cost_col = st.columns(4)
        planned_col.metric("Ansatz (Soll)", format_euro(total["planned"]), border=True)
        actual_col.metric(
            "Ist",
            format_euro(total["actual"]),
            delta=format_euro(total["actual"] - total["planned"]) + " ggü. Ansatz",
            delta_color="red" if total["actual"] > total["planned"] else "green",
            border=True,
        )
        rate_col.metric(
            "Ausschöpfung", format_percent(total["execution_rate"]), border=True, help="Ist in Prozent des Ansatzes."
        )
        cases = this_year.dropna(subset=["cases"])
        cost_col.metric(
            "Kosten je Fall",
            format_euro(cases["actual"].sum() / cases["cases"].sum(), compact=False) if cases["cases"].sum() else "–",
            border=True,
            help="Ist der fallbezogenen Hilfen geteilt durch ihre Fallzahl (ohne präventive Angebote).",
        )
        by_aid = plan_actual_by(this_year, "aid_type")
        by_year = plan_actual_by(budget, "year")
        left, right = st.columns(2)
        left.plotly_chart(
            budget_plan_actual_figure(by_aid, f"Nach Hilfeart {selection.year}"),
            width="stretch",
            key="budget_by_aid",
        )
        right.plotly_chart(
            budget_trend_figure(by_year, "Entwicklung Ansatz und Ist"), width="stretch", key="budget_trend"
        )

source_footer(info)
