"""Steckbrief: one social space (or district, or planning area) in full for the selected year."""

import pandas as pd
import streamlit as st

from sozialraum.analysis.budget import AID_TYPE_LABELS, plan_actual_by, plan_actual_total
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.profile import ancestors, district_name, goals_with_latest, goals_with_status, profile_rows
from sozialraum.charts.profile import locator_map_figure
from sozialraum.formatting import format_date, format_euro, format_number, format_percent
from sozialraum.ui import data, profile_data
from sozialraum.ui.area_choice import LEVEL_LABELS, area_labels, choose_area, choose_level
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.profile_view import goals_table, render_topic

url, info, selection = page_context()

st.title(f"Steckbrief {selection.year}")
demo_badge(info)
level_column, area_column = st.columns([1, 2])
with level_column:
    level = choose_level("steckbrief")
with area_column:
    area = choose_area(url, level, selection, "steckbrief")
if area is None:
    st.info(
        f"Der Steckbrief zeigt ein Gebiet im Detail. Bitte oben einen {LEVEL_LABELS[level]} wählen "
        "(in der Seitenleiste ist die Gesamtstadt ausgewählt)."
    )
    source_footer(info)
    st.stop()

catalogue = data.indicators(url)
periods = [p for p in data.periods(url) if p <= selection.period]
keys = tuple(catalogue.index)
level_values = data.values(url, keys, tuple(periods), level)
city_values = data.values(url, keys, tuple(periods), "city")
rows = profile_rows(level_values, city_values, catalogue, area.id, selection.period, periods)
all_areas = data.areas(url)
# The city of the boundary version valid for the year (Berlin has one per LOR version).
city_id = int(data.areas(url, "city", selection.period)["id"].iloc[0])

# Header: who, how many, how big, where.
st.header(area.label)
add_to_deck_button(
    "steckbrief", {"ebene": level, "gebiet": area.key, "jahr": selection.year}, f"Steckbrief {area.label}"
)
population_key = choose_population_indicator(catalogue)
population = rows.set_index("indicator_key")["value"].get(population_key) if population_key else None
area_km2 = all_areas.set_index("id").loc[area.id, "area_km2"]
facts, locator = st.columns([3, 2])
with facts:
    district = district_name(all_areas, area.id)
    in_district = f" · Bezirk {district}" if district and level != "district" else ""
    st.caption(f"{LEVEL_LABELS[level]} {area.key}{in_district} · Stichtag {format_date(selection.period)}")
    first, second, third = st.columns(3)
    first.metric("Einwohner", format_number(population), border=True)
    second.metric("Fläche", f"{format_number(area_km2, 2)}\u00a0km²", border=True)
    third.metric(
        "Einwohner je km²",
        format_number(population / area_km2) if population and area_km2 else "–",
        border=True,
    )
    ranked = int(rows["rank_count"].max()) if rows["rank_count"].notna().any() else 0
    rank_note = f"Rang unter allen {ranked} Gebieten der Ebene {LEVEL_LABELS[level]}"
    st.caption(
        f"Je Kennzahl: Wert, Veränderung, Gesamtstadt (gewichtet aus Zählern und Nennern), {rank_note} "
        "(1 = günstigster Wert), Verlauf aller Jahre. :green[Grün = günstig], :red[rot = ungünstig] nach der "
        "Richtung der Kennzahl. Definition und Quelle stehen im aufklappbaren Abschnitt unter jeder Tabelle."
    )
with locator:
    st.plotly_chart(
        locator_map_figure(profile_data.area_outlines(url, level), [area.id]),
        width="stretch",
        key="locator_map",
        config={"displayModeBar": False},
    )

# Every indicator, grouped by topic.
previous, earlier = rows["previous"].iloc[0], rows["earlier"].iloc[0]
for topic, topic_rows in rows.groupby("topic", sort=False):
    render_topic(topic, topic_rows, previous, earlier)

# Budget: budgets are kept per social space, so a planning area shows its social space's budget.
st.subheader(f"Budget {selection.year}")
if level == "planning_area":
    parent_id = int(all_areas.set_index("id").loc[area.id, "parent_id"])
    budget_area_ids = [parent_id]
    budget_label = area_labels(url, "social_space").set_index("id").loc[parent_id, "label"]
    st.caption(f"Budgets werden je Sozialraum geführt; gezeigt wird der Sozialraum {budget_label}.")
elif level == "district":
    budget_area_ids = all_areas.loc[all_areas["parent_id"] == area.id, "id"].astype(int).tolist()
else:
    budget_area_ids = [area.id]
budget = profile_data.budget_for_areas(url, (selection.year,), tuple(budget_area_ids))
if budget.empty:
    st.info(f"Für {selection.year} liegen zu diesem Gebiet keine Budgetdaten vor.")
else:
    budget_population = data.values(url, (population_key,), (selection.period,), "social_space")
    residents = budget_population[budget_population["area_id"].isin(budget_area_ids)]["value"].sum(min_count=1)
    total = plan_actual_total(budget)
    planned_col, actual_col, rate_col, resident_col = st.columns(4)
    planned_col.metric("Ansatz (Soll)", format_euro(total["planned"]), border=True)
    actual_col.metric(
        "Ist",
        format_euro(total["actual"]),
        delta=format_euro(total["actual"] - total["planned"]) + " ggü. Ansatz",
        delta_color="red" if total["actual"] > total["planned"] else "green",
        border=True,
    )
    rate_col.metric("Ausschöpfung", format_percent(total["execution_rate"]), border=True, help="Ist in % des Ansatzes.")
    resident_col.metric(
        "Ist je Einwohner",
        format_euro(total["actual"] / residents, compact=False) if residents else "–",
        border=True,
        help="Ist aller Produkte geteilt durch die Einwohnerzahl am Stichtag.",
    )
    products = data.budget_products(url).set_index("code")["name"]
    by_aid = plan_actual_by(budget, ["product", "aid_type"])
    st.dataframe(
        {
            "Produkt": [f"{code} {products.get(code, '')}" for code in by_aid["product"]],
            "Hilfeart": [AID_TYPE_LABELS.get(a, a) for a in by_aid["aid_type"]],
            "Ansatz": [format_euro(v, compact=False) for v in by_aid["planned"]],
            "Ist": [format_euro(v, compact=False) for v in by_aid["actual"]],
            "Ausschöpfung": [format_percent(v) for v in by_aid["execution_rate"]],
            "Ist je Einwohner": [
                format_euro(v / residents, compact=False) if residents else "–" for v in by_aid["actual"]
            ],
            "Fälle": [format_number(v) for v in by_aid["cases"]],
            "Kosten je Fall": [format_euro(v, compact=False) for v in by_aid["cost_per_case"]],
        },
        hide_index=True,
        width="stretch",
        key="budget_by_aid",
    )

# Outcome goals set for this area, the areas above it and the whole city.
st.subheader("Wirkungsziele")
chain = ancestors(all_areas, area.id)
goals = profile_data.goals_for_areas(url, tuple(chain))
if goals.empty:
    st.info("Für dieses Gebiet, seine übergeordneten Gebiete und die Gesamtstadt sind keine Wirkungsziele hinterlegt.")
else:
    goal_keys = tuple(sorted(set(goals["indicator_key"])))
    goal_levels = {"city", *goals["area_level"].dropna()}
    goal_values = [data.values(url, goal_keys, tuple(periods), goal_level) for goal_level in sorted(goal_levels)]
    all_goal_values = pd.concat(goal_values, ignore_index=True)
    goals = goals_with_latest(goals, all_goal_values, city_id, selection.period, all_areas)
    goals = goals_with_status(goals, all_goal_values, catalogue, city_id, selection.year, all_areas)
    # A static table: goal titles are long and must wrap rather than be cut off.
    st.table(goals_table(goals, catalogue).set_index("Wirkungsziel"))
    st.caption(
        "Fortschritt: Anteil des Wegs vom Ausgangs- zum Zielwert, den der aktuelle Wert zurückgelegt hat "
        "(über 100 % = Ziel übertroffen, unter 0 % = vom Ziel entfernt)."
    )

source_footer(info)
