"""Budget lines from product budgets (Produkthaushalt) or cameral title lists (Kameralistik).

Columns: area (empty: central), year, product, aid type, provider (optional), planned (Ansatz/Soll),
actual (Ist/Ergebnis), cases. A file may carry only one side (a Rechnungsergebnis without Ansatz, a plan
without Ist): the other stays NULL for new lines and untouched for existing ones. Cameral files list many
titles per area: the mapping may filter rows (``[values] filter = { column = "value" }``) and then all lines
with the same identity are summed. Areas may be named instead of keyed (``area_by = "name"``), as in
Berlin's budget, which names its Bezirke; ``importing.area_match`` says how names and keys are matched.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, select, update

from sozialraum.importing import limits
from sozialraum.importing.area_match import AreaMatcher, filter_rows
from sozialraum.importing.mapping import Mapping, normalise
from sozialraum.importing.messages import ImportReport
from sozialraum.importing.tabular import Table
from sozialraum.importing.values import CellState, detect_decimal_comma, parse_number
from sozialraum.models import BudgetLine, BudgetProduct
from sozialraum.vocabulary import AID_TYPE_WORDS

FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("gebiet", "sozialraum", "bezirk", "area"),
    "year": ("jahr", "haushaltsjahr", "year"),
    "product": ("produkt", "product"),
    "product_name": ("produktname", "produktbezeichnung", "product_name"),
    "aid_type": ("hilfeart", "leistungsart", "aid_type"),
    "provider": ("traeger", "provider"),
    "planned": ("ansatz", "soll", "plan", "planned"),
    "actual": ("ist", "ergebnis", "actual"),
    "cases": ("faelle", "fallzahl", "cases"),
}


def _column(header: list[str], mapping: Mapping, field: str) -> str | None:
    if field in mapping.columns:
        return mapping.columns[field] if mapping.columns[field] in header else None
    wanted = {normalise(name) for name in FIELDS[field]}
    return next((column for column in header if normalise(column) in wanted), None)


def validate(engine: Engine, table: Table, mapping: Mapping, report: ImportReport) -> dict[str, Any]:
    header = list(table.frame.columns)
    columns = {field: _column(header, mapping, field) for field in FIELDS}
    if not table.check_columns(list(columns.values()), report):
        return {}
    fixed = mapping.values
    for field, label in (("year", "Jahr"), ("product", "Produkt")):
        if columns[field] is None and field not in fixed:
            report.error(table.first_row - 1, None, f"Pflichtspalte »{label}« fehlt.")
    # A year's Rechnungsergebnis comes without Ansatz, a plan year without Ist: either side suffices.
    mentioned = [field for field in ("planned", "actual", "cases") if columns[field] is not None or field in fixed]
    if "planned" not in mentioned and "actual" not in mentioned:
        report.error(table.first_row - 1, None, "Es fehlt eine Spalte »Ansatz« (Plan) oder »Ist« (Ergebnis).")
    if not report.ok:
        return {}
    frame = filter_rows(table.frame, mapping, report, table.first_row - 1)
    if frame is None:
        return {}
    areas = AreaMatcher(engine, mapping)
    known_products = _products(engine)
    comma = {
        field: detect_decimal_comma(frame[columns[field]].tolist())
        for field in ("planned", "actual", "cases")
        if columns[field]
    }
    sums: dict[tuple, dict[str, Any]] = defaultdict(lambda: {"planned": None, "actual": None, "cases": None})
    new_products: dict[str, str] = {}
    for row, cells in frame.iterrows():

        def cell(field: str, cells=cells) -> str:
            return str(cells[columns[field]]).strip() if columns[field] else str(fixed.get(field, "")).strip()

        year_text = cell("year")
        if not (year_text.isdigit() and 1950 <= int(year_text) <= 2100):
            report.error(row, columns["year"], f"Haushaltsjahr »{year_text}« nicht lesbar (vierstellig, 1950–2100).")
            continue
        year = int(year_text)
        product = cell("product")
        if product not in known_products and product not in new_products:
            if not cell("product_name"):
                report.error(
                    row,
                    columns["product"],
                    f"Unbekanntes Produkt »{product}« (Spalte »Produktname« ergänzen, um es anzulegen).",
                )
                continue
            new_products[product] = cell("product_name")
        aid_type = AID_TYPE_WORDS.get(cell("aid_type").lower())
        if aid_type is None:
            report.error(
                row,
                columns["aid_type"],
                f"Unbekannte Hilfeart »{cell('aid_type')}« (ambulant, teilstationär, stationär, präventiv, sonstige).",
            )
            continue
        area_id = None
        if cell("area"):
            area_id, reason = areas.find(cell("area"), date(year, 12, 31))
            if area_id is None:
                report.error(row, columns["area"], reason)
                continue
        texts = (
            ("product", BudgetProduct.code, product),
            ("product_name", BudgetProduct.name, cell("product_name")),
            ("provider", BudgetLine.provider, cell("provider")),
        )
        if not _texts_fit(row, texts, columns, report):
            new_products.pop(product, None)
            continue
        amounts = {}
        for field in ("planned", "actual", "cases"):
            parsed = parse_number(cell(field), comma.get(field, True))
            if parsed.state == CellState.INVALID:
                report.error(row, columns[field], f"Kein Zahlenwert: »{cell(field)}«.")
                break
            problem = None if parsed.value is None else limits.number_problem(AMOUNT_COLUMNS[field], parsed.value)
            if problem:
                report.error(row, columns[field] or field, problem)
                break
            if field != "cases" and parsed.value is not None and _has_fractions_of_cents(parsed.value):
                report.warn(row, columns[field], f"Betrag »{cell(field)}« hat Bruchteile von Cent: auf Cent gerundet.")
            amounts[field] = parsed.value
        else:
            identity = (area_id, year, product, aid_type, cell("provider") or None)
            total = sums[identity]
            for field, amount in amounts.items():
                if amount is not None:
                    total[field] = (total[field] or 0) + amount
    for identity, total in sums.items():
        for field, amount in total.items():
            # Several cameral titles summed into one line may exceed what one line can hold.
            if amount is not None and (problem := limits.number_problem(AMOUNT_COLUMNS[field], amount)):
                report.error(
                    None, columns[field] or field, f"Summe für Produkt »{identity[2]}«, {identity[1]}: {problem}"
                )
    lines = [
        {
            "area_id": identity[0],
            "year": identity[1],
            "product": identity[2],
            "aid_type": identity[3],
            "provider": identity[4],
            "planned": _cents(total["planned"]),
            "actual": _cents(total["actual"]),
            "cases": int(total["cases"]) if total["cases"] is not None else None,
        }
        for identity, total in sums.items()
    ]
    return {"lines": lines, "products": new_products, "fields": mentioned}


AMOUNT_COLUMNS = {"planned": BudgetLine.planned, "actual": BudgetLine.actual, "cases": BudgetLine.cases}


def _has_fractions_of_cents(amount: float) -> bool:
    cents = amount * 100
    return abs(cents - round(cents)) > 1e-9 * max(1.0, abs(cents))


def _texts_fit(row: int, texts, columns: dict[str, str | None], report: ImportReport) -> bool:
    fits = True
    for field, column, text in texts:
        if problem := limits.text_problem(column, text):
            report.error(row, columns.get(field) or field, problem)
            fits = False
    return fits


def _cents(amount: float | None) -> float | None:
    return None if amount is None else round(amount, 2)


def _products(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(BudgetProduct.code)))


def write(connection: Connection, prepared: dict[str, Any]) -> int:
    if prepared["products"]:
        connection.execute(
            insert(BudgetProduct), [{"code": code, "name": name} for code, name in prepared["products"].items()]
        )
    new_lines = []
    for line in prepared["lines"]:
        # Matched NULL-safely by hand rather than ON CONFLICT: central lines and lines without a provider
        # have NULLs in the identity, which a unique constraint never matches.
        existing = connection.scalar(
            select(BudgetLine.id).where(
                and_(
                    BudgetLine.area_id.is_not_distinct_from(line["area_id"]),
                    BudgetLine.year == line["year"],
                    BudgetLine.product == line["product"],
                    BudgetLine.aid_type == line["aid_type"],
                    BudgetLine.provider.is_not_distinct_from(line["provider"]),
                )
            )
        )
        if existing is None:
            new_lines.append(line)
        else:
            # A file changes only what it mentions: the Ist of a year keeps the Ansatz imported before.
            amounts = {field: line[field] for field in prepared.get("fields", ("planned", "actual", "cases"))}
            connection.execute(update(BudgetLine).where(BudgetLine.id == existing).values(**amounts))
    if new_lines:
        connection.execute(insert(BudgetLine), new_lines)
    return len(prepared["lines"])
