"""What the Sozialindex page says about an index: the method in plain German, the class ranges, the
status × dynamics counts, the area table, and what changes when weights are changed ("Was wäre, wenn").

Pure pandas on ``IndexResult`` tables; the page only arranges the output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import pandas as pd

from sozialraum.analysis.social_index import (
    REASON_INVALID,
    IndexDefinition,
    IndexResult,
    class_ranges,
    combined_classes,
    compute_index,
    plain_number,
    validity_text,
)
from sozialraum.formatting import format_number
from sozialraum.vocabulary import AREA_LEVELS_BELOW_CITY, LEVEL_PLURAL

KIND_LABELS = {"status": "Status-Index", "dynamics": "Dynamik-Index"}
#: The levels an index can be computed on, in the plural its tables use.
LEVEL_LABELS = {level: LEVEL_PLURAL[level] for level in AREA_LEVELS_BELOW_CITY}
DIRECTION_LABELS = {1: "höherer Wert = ungünstiger", -1: "höherer Wert = günstiger"}


def method_lines(
    definition: IndexDefinition, indicator_names: Mapping[str, str], literal: Callable[[str], str] = str
) -> list[str]:
    """The method as a council paper would state it, one Markdown bullet per step (the components as a
    nested list under the first). ``literal`` wraps data text (indicator names, class labels): a page
    passes ``markup.markdown_literal`` so names from imports render as text."""
    total = sum(c.weight for c in definition.components)
    parts = []
    for component in definition.components:
        share = component.weight / total * 100 if total else 0
        parts.append(
            f"  - **{literal(indicator_names.get(component.indicator_key, component.indicator_key))}**: "
            f"{DIRECTION_LABELS[component.direction]}, Gewicht {plain_number(component.weight)} "
            f"({format_number(share, 0)} %)"
        )
    lines = [
        f"{KIND_LABELS.get(definition.kind, definition.kind)} auf Ebene "
        f"{LEVEL_LABELS.get(definition.level, definition.level)} aus {len(parts)} "
        f"{'Indikator' if len(parts) == 1 else 'Indikatoren'}:\n" + "\n".join(parts),
    ]
    if definition.change_years:
        lines.append(
            f"Jeder Indikator geht als Veränderung über {definition.change_years} "
            f"{'Jahr' if definition.change_years == 1 else 'Jahre'} ein (Wert am Stichtag minus Wert "
            f"{definition.change_years} {'Jahr' if definition.change_years == 1 else 'Jahre'} zuvor)."
        )
    if validity := validity_text(definition):
        lines.append(validity)
    exclusions = ["Gebiete, deren Werte die Quelle als ungültig kennzeichnet", "Gebiete mit fehlendem Wert"]
    if definition.min_population is not None:
        exclusions.insert(0, f"Gebiete mit weniger als {format_number(definition.min_population)} Einwohnern")
    lines += [
        "Ausgeschlossen werden: " + ", ".join(exclusions) + ". Sie erhalten keine Klasse und sind grau.",
        "Jeder Indikator wird über die gültigen Gebiete z-standardisiert (Mittel 0, Standardabweichung 1), "
        "mit Richtung und Gewicht addiert, und die Summe wird erneut standardisiert: Index 0 ist das "
        "Mittel der Gebiete, höhere Werte bedeuten ungünstigere Lagen.",
        "Klassen: "
        + "; ".join(literal(text) for text in class_ranges(definition))
        + ". Ein Wert genau auf einer Grenze zählt zur "
        "Klasse näher an 0.",
    ]
    return lines


def index_inputs(result: IndexResult) -> tuple[pd.DataFrame, pd.Series | None, pd.Series]:
    """The values, population and validity flags a stored index was computed from, read back from its
    table (``value_<key>``, ``population``, ``invalid`` or else ``excluded``), so variants need no second
    database query (``social_index_data.method_inputs`` does the same for ``run_index`` tables only)."""
    table = result.table
    values = pd.DataFrame(
        {key: table[f"value_{key}"] for key in result.definition.indicator_keys}, index=table.index
    ).astype(float)
    population = table["population"].astype(float) if "population" in table.columns else None
    # run_index keeps the source's flag; a table without it still names the reason.
    invalid = table["invalid"].astype(bool) if "invalid" in table.columns else table["excluded"].eq(REASON_INVALID)
    return values, population, invalid


def what_if_definition(
    definition: IndexDefinition, weights: Mapping[str, float], left_out: set[str]
) -> IndexDefinition | None:
    """The definition with changed weights and some indicators left out; None when nothing would remain
    (no indicator, or every weight 0)."""
    components = tuple(
        replace(c, weight=float(weights.get(c.indicator_key, c.weight)))
        for c in definition.components
        if c.indicator_key not in left_out
    )
    if not components or sum(c.weight for c in components) <= 0:
        return None
    return replace(definition, components=components)


def what_if(base: IndexResult, variant_definition: IndexDefinition) -> IndexResult:
    values, population, invalid = index_inputs(base)
    variant = compute_index(values, variant_definition, population, invalid)
    for column in ("area_id", "area_name"):
        if column in base.table.columns:
            variant.table.insert(0, column, base.table[column])
    return variant


def class_changes(base: IndexResult, other: IndexResult) -> pd.DataFrame:
    """Areas valid in both whose class differs: name, class and index before and after, the shift in
    classes (+1 = one class less favourable)."""
    before, after = base.table, other.table.reindex(base.table.index)
    both = before["class_position"].notna() & after["class_position"].notna()
    moved = both & (before["class_position"] != after["class_position"])
    names = before["area_name"] if "area_name" in before.columns else pd.Series(before.index, index=before.index)
    frame = pd.DataFrame(
        {
            "area_name": names[moved],
            "class_before": before.loc[moved, "class_label"],
            "class_after": after.loc[moved, "class_label"],
            "index_before": before.loc[moved, "index"].astype(float),
            "index_after": after.loc[moved, "index"].astype(float),
            "shift": (after.loc[moved, "class_position"] - before.loc[moved, "class_position"]).astype(int),
        }
    )
    return frame.sort_values(["shift", "index_after"], ascending=[False, False])


def combined_counts(status: IndexResult, dynamics: IndexResult) -> pd.DataFrame:
    """Areas per status class (rows) and dynamics class (columns), each class shown even when empty;
    only areas with both classes count."""
    combined = combined_classes(status, dynamics)
    classified = combined["code"].notna()
    pairs = pd.DataFrame(
        {
            "status": status.table["class_label"].reindex(combined.index)[classified],
            "dynamics": dynamics.table["class_label"].reindex(combined.index)[classified],
        }
    )
    status_labels = [c.label for c in status.definition.classes]
    dynamics_labels = [c.label for c in dynamics.definition.classes]
    counts = pd.crosstab(pairs["status"], pairs["dynamics"]) if len(pairs) else pd.DataFrame()
    return counts.reindex(index=status_labels, columns=dynamics_labels, fill_value=0).fillna(0).astype(int)


def area_table(
    result: IndexResult, indicator_names: Mapping[str, str], combined: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """One row per area with German column names, and the column kinds for ``ui.tables``: key, name,
    class, index, the reason an area is left out, residents, and each indicator's value and z-value
    (the verdict first: the table is wide, and the class must not scroll out of sight).

    ``combined`` (``analysis.social_index.combined_classes``) adds Berlin's status-dynamics class per area
    (»2- Status mittel, Dynamik negativ«) after the class.

    Sorted by index, least favourable first; excluded areas last.
    """
    table = result.table
    frame = pd.DataFrame(index=table.index)
    spec: dict[str, str] = {}

    def put(column: str, values: pd.Series | list, kind: str) -> None:
        frame[column] = values
        spec[column] = kind

    put("Schlüssel", [str(key) for key in table.index], "text")
    put("Gebiet", table["area_name"] if "area_name" in table.columns else [str(k) for k in table.index], "text")
    put(
        "Klasse",
        [
            None if pd.isna(c) else f"{c} {lbl}"
            for c, lbl in zip(table["class_code"], table["class_label"], strict=True)
        ],
        "text",
    )
    if combined is not None:
        aligned = combined.reindex(table.index)
        put(
            "Status/Dynamik",
            [
                None if pd.isna(code) else f"{code} {label}"
                for code, label in zip(aligned["code"], aligned["label"], strict=True)
            ],
            "text",
        )
    put("Index", table["index"].astype(float), "factor")
    put("Ausschlussgrund", table["excluded"].where(table["excluded"].notna(), ""), "text")
    if "population" in table.columns:
        put("Einwohner", table["population"].astype(float), "count")
    for key in result.definition.indicator_keys:
        name = indicator_names.get(key, key)
        if f"value_{key}" in table.columns:
            put(name, table[f"value_{key}"].astype(float), "number")
        put(f"z {name}", table[f"z_{key}"].astype(float), "factor")
    order = table["index"].astype(float).sort_values(ascending=False, na_position="last").index
    return frame.loc[order].reset_index(drop=True), spec


def sensitivity_overview(
    table: pd.DataFrame, indicator_names: Mapping[str, str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """``analysis.social_index.sensitivity`` as one row per indicator and one column per variant (areas
    that change class), plus the areas compared; a variant that cannot be computed stays empty."""
    order = list(dict.fromkeys(table["indicator_key"]))
    variants = list(dict.fromkeys(table["variant"]))
    wide = table.pivot(index="indicator_key", columns="variant", values="changed").reindex(
        index=order, columns=variants
    )
    frame = pd.DataFrame({"Indikator": [indicator_names.get(key, key) for key in order]})
    spec = {"Indikator": "text"}
    for variant in variants:
        frame[variant] = pd.to_numeric(wide[variant], errors="coerce").to_numpy()
        spec[variant] = "count"
    compared = table.groupby("indicator_key", sort=False)["compared"].max().reindex(order)
    frame["verglichene Gebiete"] = compared.to_numpy()
    spec["verglichene Gebiete"] = "count"
    return frame, spec
