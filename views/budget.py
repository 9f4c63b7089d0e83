"""Budget & Wirkung: money, cases and outcomes per social space in one picture for finance and social departments."""

import pandas as pd
import streamlit as st

from sozialraum.analysis import allocation as alloc
from sozialraum.analysis import budget_outcome as bo
from sozialraum.analysis.budget import budget_gap_text, comparison_years, parent_level_label, plan_overrun
from sozialraum.analysis.budget_report import (
    allocation_report,
    outcome_report,
    provider_report,
    shift_report,
    space_budget_report,
    spaces_by_quadrant,
    with_space_labels,
)
from sozialraum.analysis.budget_views import (
    ALLOCATION_FORMULA,
    SHIFT_THRESHOLD_POINTS,
    AllocationSettings,
    need_allocation,
    provider_budgets,
    redistributed,
    residential_trend,
    weights_text,
)
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.space_budget import aid_type_composition, space_budget_table, total_row
from sozialraum.charts.allocation import allocation_difference_figure
from sozialraum.charts.budget_outcome import budget_outcome_figure, space_hover_texts
from sozialraum.charts.space_budget import aid_type_mix_figure, share_over_years_figure
from sozialraum.formatting import format_euro, format_number, format_percent
from sozialraum.importing.lookup import LEVEL_NAMES
from sozialraum.store.repository import periods_by_year as selectable_periods
from sozialraum.ui import data
from sozialraum.ui.budget import (
    PRODUCT_PARAM,
    click_hint,
    clickable_chart,
    open_profile_after_click,
    population,
    product_picker,
)
from sozialraum.ui.components import demo_badge, is_demo, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads
from sozialraum.ui.goals import link as page_link
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import YEAR_PARAM
from sozialraum.ui.tables import download_buttons, german_table

PREFERRED_PRODUCT = "36.3"
PREFERRED_OUTCOME = "hze_rate"
PREFERRED_NEED_INDICATORS = ("sgb2_rate", "child_poverty", "hze_rate")
DEFAULT_PERIOD_YEARS = 8
#: Overruns above this execution rate are named under the table; small ones are ordinary noise.
NOTABLE_OVERRUN_PERCENT = 102.0

open_profile_after_click()
url, info, selection = page_context()
year = selection.year
st.title(f"Budget & Wirkung {year}")
st.caption("Sozialraumbudget, Soll und Ist, Kosten je Fall – und was der Mitteleinsatz in den Sozialräumen bewirkt.")
demo_badge(info)

products = data.budget_products(url)
if products.empty:
    st.info("Die Datenbank enthält keine Budgetprodukte. Budgetdaten lassen sich über den Import laden.")
    source_footer(info)
    st.stop()
# Budget-only years (plans) count too; they use the latest indicator values before them.
periods_by_year = selectable_periods(data.periods(url), data.budget_years(url))
budget_years = tuple(sorted(periods_by_year))
product_column, base_column, _ = st.columns([3, 1, 2])
with product_column:
    product = product_picker(products, PREFERRED_PRODUCT)
product_row = products.set_index("code").loc[product]
product_label = f"{product} {product_row['name']}"
target_key = product_row["target_group_indicator_key"] or None
catalogue = data.indicators(url)
target_label = None
if target_key and target_key in catalogue.index:
    target_label = catalogue.loc[target_key, "name"]
budget = data.budget(url, budget_years, product)
budget = budget.dropna(subset=["area_id"])
product_years = sorted(int(y) for y in budget["year"].unique())
# Only years with budget lines of this product can be compared with (Berlin: the plans 2026 and 2027).
earlier_years = comparison_years(product_years, year)
year_has_budget = year in product_years
if not earlier_years and year_has_budget:
    st.info(
        f"Vor {year} liegen zu Produkt {markdown_literal(product)} keine Budgetdaten vor; Veränderungen sind erst "
        "ab dem zweiten Jahr mit Budgetdaten berechenbar."
    )
base_year = base_column.selectbox(
    "Vergleichsjahr",
    earlier_years or [year],
    index=max(0, len(earlier_years) - DEFAULT_PERIOD_YEARS) if earlier_years else 0,
    key="budget_base_year",
    help="Beginn des Zeitraums, über den Veränderungen (Hilfeart-Anteile, Ausgaben, Wirkung) gerechnet werden; "
    "zur Wahl stehen die Jahre mit Budgetdaten des Produkts.",
)
if not year_has_budget:
    st.info(
        f"Für {year} liegen keine Budgetdaten zu Produkt {markdown_literal(product)} vor"
        + (". Jahre mit Budgetdaten:" if product_years else " und auch für kein anderes Jahr.")
    )
    # Budgets often run apart from the indicators (Berlin: plans 2026/27, values up to 2024): lead to data.
    nearest_first = sorted(product_years, key=lambda y: (abs(y - year), -y))
    for link_column, budget_year in zip(st.columns(6), nearest_first[:6], strict=False):
        with link_column:
            params = {YEAR_PARAM: str(budget_year), PRODUCT_PARAM: product}
            if not page_link("budget.py", f"Budget {budget_year}", params, icon=":material/euro:"):
                st.write(str(budget_year))
    source_footer(info)
    st.stop()
# The level at which this product is budgeted: social spaces in the demo, Bezirke in Berlin's budget.
all_areas = data.areas(url).set_index("id")
level = all_areas.loc[budget.loc[budget["year"] == year, "area_id"].astype(int), "level"].mode().iloc[0]
areas = data.areas(url, level, periods_by_year[year])
parents = all_areas["name"]
district_of = areas.set_index("key")["parent_id"].map(parents).to_dict()
level_label = LEVEL_NAMES.get(level, "Gebiet")
parent_label = parent_level_label(areas, all_areas)
population_table = population(url, periods_by_year, target_key, level)
space_table = space_budget_table(budget, population_table)
space_table["district"] = space_table["area_key"].map(district_of)
this_year = space_table[space_table["year"] == year]
city_total = total_row(this_year, "Gesamtstadt")
file_suffix = f"{product}_{year}" + ("_fiktive-beispieldaten" if is_demo(info) else "")

budget_tab, provider_tab, outcome_tab, allocation_tab = st.tabs(
    ["Sozialraumbudget", "Trägerbudget", "Budget und Wirkung", "Bedarfsorientierte Verteilung"]
)

with budget_tab:
    planned, actual, rate = st.columns(3)
    planned.metric("Ansatz (Soll)", format_euro(city_total["planned"]), border=True)
    # Plan years (e.g. Berlin 2026/27) have no actual yet, actual-only budgets no plan: no comparison then.
    overrun = plan_overrun(city_total["planned"], city_total["actual"])
    actual.metric(
        "Ist",
        format_euro(city_total["actual"]),
        delta=None if overrun is None else format_euro(overrun) + " ggü. Ansatz",
        delta_color="red" if overrun is not None and overrun > 0 else "green",
        border=True,
    )
    rate.metric(
        "Ausschöpfung", format_percent(city_total["execution_rate"]), border=True, help="Ist in % des Ansatzes."
    )
    cases, cost, per_head = st.columns(3)
    cases.metric("Fälle", format_number(city_total["cases"]), border=True)
    cost.metric(
        "Kosten je Fall",
        format_euro(city_total["cost_per_case"], compact=False),
        border=True,
        help="Ist der fallbezogenen Hilfen geteilt durch ihre Fallzahl (ohne Angebote ohne Fallzahl).",
    )
    per_head_value = city_total["actual_per_target_resident"] if target_label else city_total["actual_per_resident"]
    per_head_residents = city_total["target_residents"] if target_label else city_total["residents"]
    if pd.isna(city_total["actual"]) and pd.notna(city_total["planned"]) and per_head_residents:
        # A plan year: the plan per resident says what the Ist cannot say yet.
        per_head.metric(
            f"Ansatz je {markdown_literal(target_label or 'Einwohner')}",
            format_euro(city_total["planned"] / per_head_residents, compact=False),
            border=True,
            help="Ansatz geteilt durch die Einwohnerzahl zum letzten Stichtag vor dem Haushaltsjahr.",
        )
    else:
        per_head.metric(
            f"Ist je {markdown_literal(target_label or 'Einwohner')}",
            format_euro(per_head_value, compact=False),
            border=True,
        )
    st.subheader(f"Soll und Ist je {level_label} {year}")
    if (gap := budget_gap_text(city_total, year)) is not None:
        st.caption(gap)
    over_plan = this_year[this_year["execution_rate"] > NOTABLE_OVERRUN_PERCENT]["area_name"].tolist()
    if over_plan:
        st.caption(
            f"Mehr als {format_number(NOTABLE_OVERRUN_PERCENT - 100)} % über dem Ansatz: "
            + markdown_literal(", ".join(over_plan))
            + "."
        )
    report, spec = space_budget_report(
        this_year.sort_values("area_key"), city_total, target_label, level_label, parent_label
    )
    german_table(report, spec, key="space_budget_table")
    add_to_deck_button("budget_soll_ist", {"produkt": product, "jahr": year}, f"Budget {year}: {product}")
    download_buttons(
        report, spec, f"sozialraumbudget_{file_suffix}", "space_budget", info, method=[("Produkt", product_label)]
    )

    st.subheader("Zusammensetzung nach Hilfeart")
    composition = aid_type_composition(budget[budget["year"] == year], ["area_key", "area_name"])
    composition = composition.sort_values("area_key")
    left, right = st.columns(2)
    mix_figure = aid_type_mix_figure(composition, f"Anteile am Ist {year}")
    left.plotly_chart(mix_figure, width="stretch", key="mix")
    with left, st.container(horizontal=True):
        chart_downloads(mix_figure, f"hilfearten_{file_suffix}", "mix", info)
        add_to_deck_button("budget_hilfearten", {"produkt": product, "jahr": year}, f"Hilfearten {year}: {product}")
    trend = residential_trend(budget, base_year, year, district_of)
    shift, moved = trend.shift, trend.moved
    shift_params = {"produkt": product, "jahr": year, "vergleichsjahr": base_year}
    residential_figure = share_over_years_figure(trend.shares, "Anteil stationärer Hilfen am Ist", moved)
    right.plotly_chart(residential_figure, width="stretch", key="residential_trend")
    with right, st.container(horizontal=True):
        chart_downloads(residential_figure, f"stationaer_anteil_{product}", "residential_trend", info)
        add_to_deck_button(
            "budget_stationaer", shift_params, f"Anteil stationärer Hilfen: {product}", key="deck_residential"
        )
    if moved:
        names = shift.loc[shift["area_key"].isin(moved), "area_name"].tolist()
        right.caption(
            f"Orange: Sozialräume, deren stationärer Anteil seit {base_year} um mindestens "
            f"{format_number(SHIFT_THRESHOLD_POINTS)} Prozentpunkte gesunken ist – "
            f"{markdown_literal(', '.join(names))}."
        )
    if earlier_years:
        st.markdown(f"**Umsteuerung {base_year} → {year}**: Anteile stationärer und präventiver Hilfen am Ist")
        report, spec = shift_report(shift.sort_values("residential_share_change"), base_year, year)
        german_table(report, spec, key="shift_table")
        with st.container(horizontal=True):
            download_buttons(report, spec, f"hilfearten_{product}_{base_year}-{year}", "shift", info)
            add_to_deck_button(
                "budget_umsteuerung", shift_params, f"Umsteuerung {base_year} → {year}: {product}", key="deck_shift"
            )

with provider_tab:
    by_provider, by_provider_space = provider_budgets(budget, year, population_table)
    if by_provider.empty:
        st.info(f"Die Budgetzeilen von Produkt {markdown_literal(product)} nennen für {year} keinen Träger.")
    else:
        st.caption(
            "Trägerbudgets: Budgetzeilen, die einem freien Träger zugeordnet sind, je Träger und Sozialraum. "
            "Zeilen ohne Träger (z. B. stationäre Einzelfallhilfen) sind hier nicht enthalten."
        )
        st.subheader(f"Je Träger {year}")
        report, spec = provider_report(by_provider, None)
        german_table(report, spec, key="provider_table")
        with st.container(horizontal=True):
            download_buttons(report, spec, f"traegerbudget_{file_suffix}", "provider", info)
            add_to_deck_button(
                "budget_traeger",
                {"produkt": product, "jahr": year, "darstellung": "traeger"},
                f"Trägerbudget {year}: {product}",
                key="deck_provider",
            )
        st.subheader(f"Je Träger und {level_label} {year}")
        report, spec = provider_report(by_provider_space, target_label, level_label)
        german_table(report, spec, key="provider_space_table")
        with st.container(horizontal=True):
            download_buttons(report, spec, f"traegerbudget_sozialraum_{file_suffix}", "provider_space", info)
            add_to_deck_button(
                "budget_traeger",
                {"produkt": product, "jahr": year, "darstellung": "sozialraum"},
                f"Trägerbudget je Sozialraum {year}: {product}",
                key="deck_provider_space",
            )

outcome_options = [key for key in catalogue.index if catalogue.loc[key, "polarity"] != 0]
with outcome_tab:
    if not outcome_options:
        st.info(
            "Keine Kennzahl mit Richtung vorhanden: alle Kennzahlen sind »ohne Wertung« (weder höher noch niedriger "
            "ist günstiger), daher lässt sich keine Wirkung bewerten. Die Richtung steht im Kennzahlenkatalog "
            "(Spalte »Richtung«, Import auf der Seite Daten)."
        )
    else:
        per_label = target_label or "Einwohner"
        # Without an earlier year there is no change to show, only levels.
        modes = ["Veränderung", "Stand"] if earlier_years else ["Stand"]
        controls = st.columns([3, 2, 2, 1])
        outcome_key = controls[0].selectbox(
            "Wirkungskennzahl",
            outcome_options,
            index=outcome_options.index(PREFERRED_OUTCOME) if PREFERRED_OUTCOME in outcome_options else 0,
            format_func=lambda key: f"{catalogue.loc[key, 'name']} ({catalogue.loc[key, 'unit']})",
            key="budget_outcome_indicator",
        )
        spending_mode = controls[1].radio(
            "Mitteleinsatz",
            modes,
            key="budget_spending_mode",
            horizontal=True,
            help=f"Ist je {per_label}: im Jahr {year} (Stand) oder seit dem Vergleichsjahr (Veränderung).",
        )
        outcome_mode = controls[2].radio(
            "Wirkung",
            modes,
            key="budget_outcome_mode",
            horizontal=True,
            help="Wert der Kennzahl im Jahr (Stand) oder seine Veränderung über denselben Zeitraum.",
        )
        lag = controls[3].number_input(
            "Verzögerung (Jahre)",
            min_value=0,
            max_value=5,
            value=0,
            step=1,
            key="budget_lag",
            help="Wirkung n Jahre nach dem Mitteleinsatz messen: Ausgaben im Jahr t gegen Kennzahl im Jahr t + n.",
        )
        comparison = bo.Comparison(
            year=year,
            base_year=base_year,
            lag=int(lag),
            spending_change=spending_mode == "Veränderung",
            outcome_change=outcome_mode == "Veränderung",
        )
        indicator = catalogue.loc[outcome_key]
        outcome_periods = tuple(periods_by_year[y] for y in comparison.outcome_years() if y in periods_by_year)
        outcome_values = data.values(url, (outcome_key,), outcome_periods, level)
        city_values = data.values(url, (outcome_key,), outcome_periods, "city")
        per_column = "target_residents" if target_label else "residents"
        spending = space_table[["area_id", "year", "actual", per_column]].rename(columns={per_column: "residents"})
        try:
            outcome_frame = outcome_values.assign(year=pd.to_datetime(outcome_values["period"]).dt.year)
            points = bo.budget_outcome_points(spending, outcome_frame, comparison)
            city_outcome = pd.Series(
                city_values["value"].to_numpy(), index=pd.to_datetime(city_values["period"]).dt.year
            )
            reference = bo.city_reference(spending, city_outcome, comparison)
        except bo.YearsMissingError as error:
            st.warning(f"{markdown_literal(error)} Bitte Vergleichsjahr, Jahr oder Verzögerung anpassen.")
        else:
            unit = indicator["unit"]
            x_title, y_title = comparison.axis_titles(per_label, indicator["short_name"], unit)
            outcome_years = comparison.outcome_years()
            points = bo.with_quadrants(points, reference, comparison, int(indicator["polarity"]))
            residents_now = population_table[population_table["year"] == year].set_index("area_id")["residents"]
            points = with_space_labels(points, areas, district_of, residents_now)
            points["hover"] = space_hover_texts(
                points, shift, (x_title, y_title), int(indicator["decimals"]), (base_year, year)
            )
            missing = points[points[["spending", "outcome"]].isna().any(axis=1)]["area_name"].tolist()
            figure = budget_outcome_figure(
                points,
                reference,
                comparison,
                int(indicator["polarity"]),
                (x_title, y_title),
                f"Mitteleinsatz und Wirkung: {indicator['short_name']}",
                highlight_key=selection.area_key or None,
            )
            lag_text = f", Wirkung {int(lag)} Jahr(e) später gemessen" if lag else ""
            st.caption(
                f"Jeder Kreis ein Sozialraum, Größe = Einwohner, Farbe = Bezirk. Gepunktete Linien: Gesamtstadt "
                f"({format_number(reference[0])} € | {format_number(reference[1], int(indicator['decimals']))} "
                f"{markdown_literal(unit)})"
                f"{lag_text}. {click_hint()}"
                + (f" Schwarz umrandet: {markdown_literal(selection.area_name)}." if selection.area_key else "")
            )
            clickable_chart(figure, key="budget_outcome_chart")
            outcome_method = [
                ("Vergleich", f"Ist je {per_label} gegen {indicator['name']}{lag_text or ', ohne Verzögerung'}"),
                ("Quadranten", "Linien bei den Werten der Gesamtstadt (Verhältnis der Summen)"),
            ]
            chart_downloads(figure, f"budget_wirkung_{outcome_key}_{file_suffix}", "budget_outcome_chart", info)
            add_to_deck_button(
                "budget_wirkung",
                {
                    "produkt": product,
                    "jahr": year,
                    "vergleichsjahr": base_year,
                    "kennzahl": outcome_key,
                    "verzoegerung": int(lag),
                    "ausgaben_veraenderung": comparison.spending_change,
                    "wirkung_veraenderung": comparison.outcome_change,
                },
                f"Mitteleinsatz und Wirkung: {indicator['short_name']}",
            )
            for label, names in spaces_by_quadrant(points).items():
                st.markdown(f"**{label[0].upper()}{label[1:]}:** {markdown_literal(', '.join(names))}")
            if missing:
                st.caption("Ohne Werte und daher nicht dargestellt: " + markdown_literal(", ".join(missing)) + ".")
            report, spec = outcome_report(points.sort_values("area_key"), x_title, y_title)
            with st.expander("Werte als Tabelle"):
                german_table(report, spec, key="outcome_table")
                download_buttons(
                    report,
                    spec,
                    f"budget_wirkung_{outcome_key}_{file_suffix}",
                    "outcome",
                    info,
                    catalogue=catalogue,
                    indicator_keys=[outcome_key],
                    method=outcome_method,
                )

with allocation_tab:
    st.caption(
        "Verteilt einen Gesamtbetrag nach Formel: Mittel je Einwohner der Bezugsgruppe, erhöht oder gesenkt "
        "nach einem Bedarfswert aus gewählten Kennzahlen (z-standardisiert, Richtung nach Polarität). "
        "Die Beträge sind centgenau und ergeben zusammen genau den Gesamtbetrag."
    )
    current = this_year.set_index("area_key")["planned"]
    settings = st.columns([2, 2, 2])
    total = settings[0].number_input(
        "Gesamtbetrag (€)",
        min_value=0.0,
        value=float(round(current.sum(), 2)),
        step=10_000.0,
        format="%.2f",
        key="allocation_total",
        help=f"Vorbelegt mit dem Ansatz {year} aller Sozialräume.",
    )
    residents_key = choose_population_indicator(catalogue)
    basis_options = list(dict.fromkeys(k for k in (target_key, residents_key) if k and k in catalogue.index))
    basis_key = settings[1].selectbox(
        "Bezugsgruppe", basis_options, format_func=lambda k: catalogue.loc[k, "name"], key="allocation_basis"
    )
    intensity = settings[2].slider(
        "Gewicht des Bedarfs",
        0,
        100,
        30,
        step=5,
        format="%d %%",
        key="allocation_intensity",
        help="Um so viel Prozent steigen die Mittel je Einwohner für eine Standardabweichung über dem Bedarfsmittel.",
    )
    need_options = [k for k in catalogue.index if catalogue.loc[k, "kind"] != "count"]
    chosen = st.multiselect(
        "Bedarfskennzahlen",
        need_options,
        default=[k for k in PREFERRED_NEED_INDICATORS if k in need_options],
        format_func=lambda k: catalogue.loc[k, "name"],
        key="allocation_indicators",
        placeholder="Bedarfskennzahlen wählen …",
    )
    weights: dict[str, float] = {}
    if chosen:
        weight_columns = st.columns(min(len(chosen), 4))
        for position, key in enumerate(chosen):
            weights[key] = weight_columns[position % len(weight_columns)].number_input(
                f"Gewicht {markdown_literal(catalogue.loc[key, 'short_name'])}",
                min_value=0.0,
                value=1.0,
                step=0.5,
                key=f"allocation_weight_{key}",
            )
    settings = AllocationSettings(float(total), basis_key, int(intensity), tuple(weights.items()))
    need_values = data.values(url, tuple([basis_key, *chosen]), (periods_by_year[year],), level)
    try:
        allocation = need_allocation(need_values, areas, settings, catalogue["polarity"].to_dict(), current, year)
    except alloc.AllocationError as error:
        st.warning(markdown_literal(error))
    else:
        formula_sum = allocation["formula_cents"].sum() / 100
        sums = st.columns(3)
        sums[0].metric("Summe nach Formel", format_number(formula_sum, 2) + "\u00a0€", border=True)
        sums[1].metric("Summe bisher (Ansatz)", format_number(current.sum(), 2) + "\u00a0€", border=True)
        moved_money = redistributed(allocation)
        sums[2].metric(
            "Umverteilt",
            format_euro(moved_money),
            border=True,
            help="Summe der Mehrbeträge der Sozialräume, die gewinnen.",
        )
        clipped = allocation[allocation["need_factor"] == 0]["area_name"].tolist()
        if clipped:
            st.caption("Bedarfsfaktor auf 0 begrenzt (erhalten nichts): " + markdown_literal(", ".join(clipped)) + ".")
        allocation_figure = allocation_difference_figure(
            allocation, "Verteilung nach Formel gegenüber bisherigem Ansatz"
        )
        st.plotly_chart(allocation_figure, width="stretch", key="allocation_chart")
        slide_params = {"produkt": product, "jahr": year, **settings.as_params()}
        slide_title = f"Bedarfsorientierte Verteilung {year}: {product}"
        with st.container(horizontal=True):
            chart_downloads(allocation_figure, f"mittelverteilung_{file_suffix}", "allocation_chart", info)
            add_to_deck_button(
                "budget_verteilung", {**slide_params, "darstellung": "diagramm"}, slide_title, key="deck_allocation"
            )
        report, spec = allocation_report(allocation.sort_values("area_key"), catalogue.loc[basis_key, "short_name"])
        german_table(report, spec, key="allocation_table")
        with st.container(horizontal=True):
            download_buttons(
                report,
                spec,
                f"mittelverteilung_{file_suffix}",
                "allocation",
                info,
                catalogue=catalogue,
                indicator_keys=[basis_key, *chosen],
                method=[
                    ("Formel", ALLOCATION_FORMULA),
                    ("Gesamtbetrag", format_euro(total, compact=False)),
                    ("Bezugsgruppe", str(catalogue.loc[basis_key, "name"])),
                    ("Gewicht des Bedarfs", f"{intensity} %"),
                    ("Bedarfskennzahlen und Gewichte", weights_text(settings.weights, catalogue["short_name"])),
                ],
            )
            add_to_deck_button(
                "budget_verteilung",
                {**slide_params, "darstellung": "tabelle"},
                slide_title,
                key="deck_allocation_table",
            )

source_footer(info)
