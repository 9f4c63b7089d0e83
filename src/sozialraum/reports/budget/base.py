"""What every budget view shares: the parsing of the product and the years, and the product's frames.

``load_frame`` reads the budget lines of one product, the level it is budgeted at, the areas of that level
and the population per area and year, exactly once for every view of the page and for every slide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

import pandas as pd

from sozialraum.analysis.budget import comparison_years
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.space_budget import population_by_space, space_budget_table, total_row
from sozialraum.periods import periods_by_year as selectable_periods
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import integer, text
from sozialraum.reports.source import Source
from sozialraum.vocabulary import LEVEL_SINGULAR

PRODUCT_PARAM = "produkt"
YEAR_PARAM = "jahr"
BASE_YEAR_PARAM = "vergleichsjahr"
#: The demo's Hilfen zur Erziehung; elsewhere the product with the most money opens the page.
PREFERRED_PRODUCT = "36.3"
RESIDENTS_INDICATOR = "pop_total"
#: The page offers this many comparison years back by default.
DEFAULT_PERIOD_YEARS = 8


class BudgetReportError(LookupError):
    """The settings name a product, a year or an indicator the data do not hold; the message is German."""


class NoBudgetProductsError(BudgetReportError):
    """The database holds no budget product at all."""


def no_budget_text(year: int, product: str, product_years: list[int]) -> str:
    """What the page says in a year without budget lines of the product (links to the years with some follow)."""
    return f"Für {year} liegen keine Budgetdaten zu Produkt {product} vor" + (
        ". Jahre mit Budgetdaten:" if product_years else " und auch für kein anderes Jahr."
    )


def first_year_text(year: int, product: str) -> str:
    return (
        f"Vor {year} liegen zu Produkt {product} keine Budgetdaten vor; Veränderungen sind erst ab dem zweiten Jahr "
        "mit Budgetdaten berechenbar."
    )


class NoBudgetInYearError(BudgetReportError):
    """The product has no budget lines in the year asked for; ``product_years`` are the years it has."""

    def __init__(self, message: str, product: str, product_years: list[int]) -> None:
        super().__init__(message)
        self.product = product
        self.product_years = product_years


def default_product(products: pd.DataFrame, preferred: str = PREFERRED_PRODUCT) -> str:
    """``preferred`` (the demo's Hilfen zur Erziehung) where it exists, else the product with the most money:
    Köln's district budget opens on »Hilfe für junge Menschen«, not on the first code."""
    codes = list(products["code"])
    if preferred in codes:
        return preferred
    if "volume" in products and products["volume"].notna().any():
        return str(products.loc[products["volume"].astype(float).idxmax(), "code"])
    return codes[0]


@dataclass(frozen=True)
class BudgetParams:
    """Product and year: what every budget view is about. ``product`` None means the default product."""

    product: str | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, mapping: Mapping[str, Any], products: pd.DataFrame | None = None) -> BudgetParams:
        return cls(product_from(mapping, products), integer(mapping, YEAR_PARAM))

    def to_query(self) -> dict[str, str | list[str]]:
        return base_query(self)


def product_from(mapping: Mapping[str, Any], products: pd.DataFrame | None) -> str | None:
    """The product of ``mapping``; with the ``products`` known, an unknown or missing one becomes the default."""
    product = text(mapping, PRODUCT_PARAM)
    if products is not None and not products.empty and product not in set(products["code"]):
        return default_product(products)
    return product


def base_query(params: Any) -> dict[str, str | list[str]]:
    query: dict[str, str | list[str]] = {}
    if params.product is not None:
        query[PRODUCT_PARAM] = params.product
    if params.year is not None:
        query[YEAR_PARAM] = str(params.year)
    return query


@dataclass(frozen=True)
class BudgetFrame:
    """One product's budget with what every view of it needs, for one year."""

    product: str
    product_name: str
    year: int
    budget: pd.DataFrame  # the product's lines with an area, all years
    product_years: list[int]
    earlier_years: list[int]  # years before ``year`` with budget lines: the comparison years
    periods_by_year: dict[int, date]
    level: str
    level_label: str
    parent_label: str | None
    areas: pd.DataFrame  # the areas of ``level`` in the year's period
    district_of: dict[str, str]  # area key -> the parent area's name
    target_key: str | None
    target_label: str | None
    catalogue: pd.DataFrame
    population: pd.DataFrame  # area_id, year, residents, target_residents
    space_table: pd.DataFrame  # space_budget_table with district, all years
    provenance: Provenance

    @property
    def product_label(self) -> str:
        return f"{self.product} {self.product_name}"

    @property
    def this_year(self) -> pd.DataFrame:
        return self.space_table[self.space_table["year"] == self.year]

    @property
    def city_total(self) -> dict:
        return total_row(self.this_year, "Gesamtstadt")

    @property
    def year_lines(self) -> pd.DataFrame:
        return self.budget[self.budget["year"] == self.year]

    @property
    def default_base_year(self) -> int:
        years = self.earlier_years
        return years[max(0, len(years) - DEFAULT_PERIOD_YEARS)] if years else self.year

    def file_suffix(self) -> str:
        return f"{self.product}_{self.year}" + ("_fiktive-beispieldaten" if self.provenance.demo else "")


def products_of(source: Source) -> pd.DataFrame:
    products = source.budget_products()
    if products.empty:
        raise NoBudgetProductsError(
            "Die Datenbank enthält keine Budgetprodukte. Budgetdaten lassen sich über den Import laden."
        )
    return products


#: Frames per source object: the page builds seven reports of one product and year in one run, a slide one.
_FRAMES: WeakKeyDictionary[Source, dict[tuple[str | None, int | None], BudgetFrame]] = WeakKeyDictionary()


def load_frame(source: Source, product: str | None, year: int | None) -> BudgetFrame:
    """The frame of ``product`` (None: the default) in ``year``; raises ``BudgetReportError`` (German).

    Computed once per ``source`` (its reads are memoised or cached anyway); builds must not change it."""
    frames = _FRAMES.setdefault(source, {})
    if (product, year) not in frames:
        frames[product, year] = _load_frame(source, product, year)
    return frames[product, year]


def _load_frame(source: Source, product: str | None, year: int | None) -> BudgetFrame:
    products = products_of(source)
    code = product if product is not None else default_product(products)
    by_code = products.set_index("code")
    if code not in by_code.index:
        raise BudgetReportError(f"Das Budgetprodukt »{code}« gibt es nicht mehr.")
    # Budget-only years (plans) count too; they use the latest indicator values before them.
    periods_by_year = selectable_periods(source.periods(), source.budget_years())
    budget = source.budget(tuple(sorted(periods_by_year)), code).dropna(subset=["area_id"])
    product_years = sorted(int(y) for y in budget["year"].unique())
    year = int(year or 0)
    if year not in product_years:
        raise NoBudgetInYearError(
            f"Für {year} liegen keine Budgetdaten zu Produkt {code} mehr vor.", code, product_years
        )
    row = by_code.loc[code]
    catalogue = source.indicators()
    target_key = row["target_group_indicator_key"] or None
    target_label = str(catalogue.loc[target_key, "name"]) if target_key and target_key in catalogue.index else None
    # The level at which this product is budgeted: social spaces in the demo, Bezirke in Berlin's budget.
    all_areas = source.areas().set_index("id")
    level = str(all_areas.loc[budget.loc[budget["year"] == year, "area_id"].astype(int), "level"].mode().iloc[0])
    areas = source.areas(level, periods_by_year[year])
    district_of = areas.set_index("key")["parent_id"].map(all_areas["name"]).to_dict()
    population = population_table(source, catalogue, periods_by_year, target_key, level)
    space_table = space_budget_table(budget, population)
    space_table["district"] = space_table["area_key"].map(district_of)
    return BudgetFrame(
        product=code,
        product_name=str(row["name"]),
        year=year,
        budget=budget,
        product_years=product_years,
        earlier_years=comparison_years(product_years, year),
        periods_by_year=periods_by_year,
        level=level,
        level_label=LEVEL_SINGULAR.get(level, "Gebiet"),
        parent_label=parent_level_label(areas, all_areas),
        areas=areas,
        district_of=district_of,
        target_key=target_key,
        target_label=target_label,
        catalogue=catalogue,
        population=population,
        space_table=space_table,
        provenance=Provenance.of(source),
    )


def population_table(
    source: Source, catalogue: pd.DataFrame, periods_of_years: dict[int, date], target_key: str | None, level: str
) -> pd.DataFrame:
    """Residents and target-group residents per area of ``level`` and budget year (area_id, year, residents,
    target_residents). A budget year without its own count (a plan year) uses the latest count before it."""
    residents_key = choose_population_indicator(catalogue) or RESIDENTS_INDICATOR
    keys = tuple(dict.fromkeys(k for k in (residents_key, target_key) if k))
    values = source.values(keys, tuple(sorted(set(periods_of_years.values()))), level)
    if values.empty:
        return pd.DataFrame(columns=["area_id", "year", "residents", "target_residents"])
    by_period = population_by_space(values, residents_key, target_key)
    years = pd.DataFrame({"year": list(periods_of_years), "data_year": [p.year for p in periods_of_years.values()]})
    relabelled = years.merge(by_period.rename(columns={"year": "data_year"}), on="data_year")
    return relabelled.drop(columns="data_year")


def base_year_of(frame: BudgetFrame, base_year: int | None) -> int:
    """The comparison year: the one asked for, which must have budget lines before ``frame.year``."""
    if base_year is None:
        return frame.default_base_year
    if base_year >= frame.year or base_year not in frame.product_years:
        raise BudgetReportError(
            f"Für das Vergleichsjahr {base_year} liegen keine Budgetdaten zu Produkt {frame.product} vor."
        )
    return base_year


@dataclass(frozen=True)
class ComparisonParams(BudgetParams):
    """Product, year and the comparison year (``vergleichsjahr``; None: the page's default)."""

    base_year: int | None = None

    @classmethod
    def from_query(cls, mapping: Mapping[str, Any], products: pd.DataFrame | None = None) -> ComparisonParams:
        return cls(product_from(mapping, products), integer(mapping, YEAR_PARAM), integer(mapping, BASE_YEAR_PARAM))

    def to_query(self) -> dict[str, str | list[str]]:
        query = base_query(self)
        if self.base_year is not None:
            query[BASE_YEAR_PARAM] = str(self.base_year)
        return query


@dataclass(frozen=True)
class SlideText:
    """What a slide of the view says: its title, subtitle, speaker notes and method line."""

    title: str
    subtitle: str
    notes: str
    method: str


def named(frame: pd.DataFrame, column: str, formatter: Any, count: int = 3) -> str:
    """»Name (value), …« of the first ``count`` rows."""
    return ", ".join(
        f"{name} ({formatter(value)})"
        for name, value in zip(frame["area_name"][:count], frame[column][:count], strict=True)
    )


def parent_level_label(areas: pd.DataFrame, all_areas: pd.DataFrame) -> str | None:
    """The German name of the level above ``areas`` (columns parent_id; ``all_areas`` indexed by id with level),
    or None when that is the whole city: a column repeating the city's name in every row says nothing."""
    parent_ids = areas["parent_id"].dropna().astype(int)
    parent_ids = parent_ids[parent_ids.isin(all_areas.index)]
    if parent_ids.empty:
        return None
    level = all_areas.loc[parent_ids, "level"].mode().iloc[0]
    return None if level == "city" else LEVEL_SINGULAR.get(level, "übergeordnetes Gebiet")
