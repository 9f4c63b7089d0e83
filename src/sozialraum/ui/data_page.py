"""The Daten page's tabs that only read: templates, the indicator catalogue with its coverage, the values
export and the import log. Every read goes through the page's cached ``Source`` (``ui.source``), so a rerun
(a click in another tab) does not query the database again; a write clears the caches (the importer and the
repairs call ``st.cache_data.clear``, other processes raise the data-version stamp)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sozialraum.export.tables import TEXT, german_csv_bytes, xlsx_bytes
from sozialraum.export.values import values_table
from sozialraum.formatting import format_date, format_number
from sozialraum.importing import KIND_LABELS
from sozialraum.importing.templates import TEMPLATE_HINTS, TEMPLATES
from sozialraum.reports.provenance import export_notes
from sozialraum.reports.source import Source
from sozialraum.ui.exports import table_downloads
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.repair import outcome_text
from sozialraum.vocabulary import INDICATOR_KIND_LABELS, LEVEL_PLURAL, POLARITY_TEXT

#: Rows of the values export shown on screen; the downloads hold all of them.
SHOWN_EXPORT_ROWS = 500


def import_format_downloads(
    source: Source, frame: pd.DataFrame, stem: str, key: str, indicator_keys: list[str]
) -> None:
    """Values in the importer's format. The CSV carries no notes, so it re-imports unchanged; the XLSX keeps
    the data on its first sheet (the one the importer reads) and source and definitions on »Hinweise«."""
    formats = {"Gebiet": TEXT}
    left, right = st.columns(2)
    left.download_button(
        "CSV für Excel",
        lambda: german_csv_bytes(frame, formats),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
        help="Im Importformat, ohne Zusatzzeilen: lässt sich unverändert wieder einlesen.",
    )
    right.download_button(
        "Excel (XLSX)",
        lambda: xlsx_bytes(
            frame,
            formats,
            sheet_name=stem,
            notes=export_notes(source.dataset_info(), catalogue=source.indicators(), indicator_keys=indicator_keys),
        ),
        f"{stem}.xlsx",
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
        help="Daten im ersten Blatt (Importformat), Quelle und Definitionen im Blatt »Hinweise«.",
    )


def render_templates() -> None:
    st.write("Vorlagen mit den Spaltennamen, die der Import erkennt; Zahlen im deutschen Format.")
    for kind, frame in TEMPLATES.items():
        st.subheader(KIND_LABELS[kind])
        st.caption(TEMPLATE_HINTS[kind])
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            f"Vorlage {KIND_LABELS[kind]} (CSV)",
            german_csv_bytes(frame),
            f"vorlage_{kind}.csv",
            "text/csv",
            key=f"template_{kind}",
            icon=":material/download:",
        )


def catalogue_table(indicators: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The catalogue as the page shows and exports it: one row per indicator with its coverage."""
    return pd.DataFrame(
        {
            "Thema": indicators["topic"],
            "Kennzahl": indicators["name"],
            "Schlüssel": indicators["key"],
            "Einheit": indicators["unit"],
            "Art": indicators["kind"].map(INDICATOR_KIND_LABELS),
            "Wertung": indicators["polarity"].map(POLARITY_TEXT),
            "Zeitpunkte": coverage["periods"].reindex(indicators.index).fillna(0).astype(int),
            "Gebiete": coverage["areas"].reindex(indicators.index).fillna(0).astype(int),
            "von": coverage["first_period"].reindex(indicators.index).map(format_date),
            "bis": coverage["last_period"].reindex(indicators.index).map(format_date),
            "Definition": indicators["definition"],
            "Quelle": indicators["source"],
        }
    )


def render_catalogue(source: Source) -> None:
    info, indicators = source.dataset_info(), source.indicators()
    table = catalogue_table(indicators, source.indicator_coverage())
    st.dataframe(table, hide_index=True, width="stretch", key="catalogue_table")
    table_downloads(table, "kennzahlenkatalog", "catalogue", info, formats={"Schlüssel": TEXT}, sheet_name="Katalog")
    chosen = st.selectbox(
        "Abdeckung einer Kennzahl",
        list(indicators.index),
        format_func=lambda key: indicators.loc[key, "name"],
        key="coverage_indicator",
    )
    by_period = source.indicator_coverage_by_period(chosen).copy()
    if by_period.empty:
        st.info("Für diese Kennzahl liegen noch keine Werte vor.")
        return
    by_period.index = [format_date(period) for period in by_period.index]
    by_period.columns = [LEVEL_PLURAL.get(level, level) for level in by_period.columns]
    st.caption("Anzahl der Gebiete mit Wert je Stichtag und Ebene")
    st.dataframe(by_period, width="stretch", key="coverage_table")
    table_downloads(
        by_period.rename_axis("Stichtag").reset_index(),
        f"abdeckung_{chosen}",
        "coverage",
        info,
        catalogue=indicators,
        indicator_keys=[chosen],
        method=[("Inhalt", "Anzahl der Gebiete mit Wert je Stichtag und Ebene")],
        sheet_name="Abdeckung",
    )


def render_export(source: Source) -> None:
    st.write("Kennzahlenwerte als Tabelle im Importformat: die Datei lässt sich unverändert wieder einlesen.")
    indicators = source.indicators()
    chosen_keys = st.multiselect(
        "Kennzahlen",
        list(indicators.index),
        default=list(indicators.index[:3]),
        format_func=lambda key: indicators.loc[key, "name"],
        key="export_indicators",
        placeholder="Kennzahlen wählen …",
    )
    levels = [level for level in LEVEL_PLURAL if not source.areas(level).empty]
    level = st.selectbox("Ebene", levels, index=len(levels) - 1, format_func=LEVEL_PLURAL.get, key="export_level")
    all_periods = source.periods()
    chosen_periods = st.multiselect(
        "Stichtage",
        all_periods,
        default=all_periods[-1:],
        format_func=format_date,
        key="export_periods",
        placeholder="Stichtage wählen …",
    )
    if not (chosen_keys and chosen_periods):
        st.info("Bitte mindestens eine Kennzahl und einen Stichtag wählen.")
        return
    exported = values_table(
        source.values(tuple(chosen_keys), tuple(sorted(chosen_periods)), level), source.areas(level)
    )
    st.caption(f"{format_number(len(exported))} Zeilen")
    st.dataframe(exported.head(SHOWN_EXPORT_ROWS), hide_index=True, width="stretch")
    import_format_downloads(source, exported, f"kennzahlen_{level}", "values", chosen_keys)


def import_log_table(entries: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Nr.": entries["id"],
            "Zeitpunkt": entries["started_at"].dt.strftime("%d.%m.%Y %H:%M"),
            "Art": entries["kind"].map(lambda kind: KIND_LABELS.get(kind, kind)),
            "Datei": entries["file_name"],
            "Zeilen": entries["rows"],
            "Ergebnis": list(map(outcome_text, entries["outcome"], entries["undone_at"])),
            "Meldungsarten": entries["messages"].map(len),  # the log stores one summary line per kind
            "SHA-256": entries["sha256"].str[:12] + "…",
        }
    )


def render_import_log(source: Source, entries: pd.DataFrame) -> None:
    if entries.empty:
        st.info("Noch keine Importe.")
        return
    shown = import_log_table(entries)
    st.dataframe(shown, hide_index=True, width="stretch", key="import_log_table")
    table_downloads(shown, "importprotokoll", "log", source.dataset_info(), sheet_name="Importprotokoll")
    for entry in entries.itertuples():
        if entry.messages:
            with st.expander(f"Meldungen zu {markdown_literal(entry.file_name)} ({entry.started_at:%d.%m.%Y %H:%M})"):
                st.text("\n".join(entry.messages))
