"""Budget & Wirkung: money, cases and outcomes per social space in one picture for finance and social departments.

The page picks the product, the year and the comparison year; every tab draws its reports
(``sozialraum.reports.budget``), the same the slides of the Sitzungsmappe render.
"""

import streamlit as st

from sozialraum.reports.budget.base import (
    BudgetFrame,
    ComparisonParams,
    NoBudgetInYearError,
    NoBudgetProductsError,
    first_year_text,
    load_frame,
    no_budget_text,
    products_of,
)
from sozialraum.ui.budget import PRODUCT_PARAM, open_profile_after_click, product_picker
from sozialraum.ui.budget_tabs import allocation_tab, outcome_tab, provider_tab, space_budget_tab
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.pages import link as page_link
from sozialraum.ui.selection import YEAR_PARAM
from sozialraum.ui.source import page_source


def years_with_budget_links(error: NoBudgetInYearError, year: int) -> None:
    """A year without this product's budget: name it and lead to the nearest years with budget lines
    (budgets often run apart from the indicators: Berlin plans 2026/27, values up to 2024)."""
    st.info(markdown_literal(no_budget_text(year, error.product, error.product_years)))
    nearest_first = sorted(error.product_years, key=lambda y: (abs(y - year), -y))
    for link_column, budget_year in zip(st.columns(6), nearest_first[:6], strict=False):
        with link_column:
            params = {YEAR_PARAM: str(budget_year), PRODUCT_PARAM: error.product}
            if not page_link("budget.py", f"Budget {budget_year}", params, icon=":material/euro:"):
                st.write(str(budget_year))


def comparison_year(frame: BudgetFrame, column) -> int | None:
    """The comparison year of every change on the page (None without an earlier year with budget lines)."""
    if not frame.earlier_years:
        st.info(markdown_literal(first_year_text(frame.year, frame.product)))
        column.selectbox("Vergleichsjahr", [frame.year], key="budget_base_year", disabled=True)
        return None
    wanted = ComparisonParams.from_query(st.query_params.to_dict()).base_year
    default = wanted if wanted in frame.earlier_years else frame.default_base_year
    return column.selectbox(
        "Vergleichsjahr",
        frame.earlier_years,
        index=frame.earlier_years.index(default),
        key="budget_base_year",
        help="Beginn des Zeitraums, über den Veränderungen (Hilfeart-Anteile, Ausgaben, Wirkung) gerechnet werden; "
        "zur Wahl stehen die Jahre mit Budgetdaten des Produkts.",
    )


open_profile_after_click()
url, info, selection = page_context()
year = selection.year
st.title(f"Budget & Wirkung {year}")
st.caption("Sozialraumbudget, Soll und Ist, Kosten je Fall – und was der Mitteleinsatz in den Sozialräumen bewirkt.")
demo_badge(info)
source = page_source()

try:
    products = products_of(source)
except NoBudgetProductsError as error:
    st.info(markdown_literal(error))
    source_footer(info)
    st.stop()
product_column, base_column, _ = st.columns([3, 1, 2])
with product_column:
    product = product_picker(products)
try:
    frame = load_frame(source, product, year)
except NoBudgetInYearError as error:
    years_with_budget_links(error, year)
    source_footer(info)
    st.stop()
base_year = comparison_year(frame, base_column)

budget_tab, providers, outcome, allocation = st.tabs(
    ["Sozialraumbudget", "Trägerbudget", "Budget und Wirkung", "Bedarfsorientierte Verteilung"]
)
with budget_tab:
    space_budget_tab(source, frame, base_year, info)
with providers:
    provider_tab(source, frame, info)
with outcome:
    outcome_tab(source, frame, base_year, info, selection)
with allocation:
    allocation_tab(source, frame, info)
source_footer(info)
