"""Daten: import with a complete check before writing, templates, the indicator catalogue, the import log."""

import pandas as pd
import streamlit as st

from sozialraum.export.provenance import export_notes
from sozialraum.export.tables import TEXT, german_csv_bytes, xlsx_bytes
from sozialraum.export.values import values_table
from sozialraum.formatting import format_date
from sozialraum.importing import KIND_LABELS
from sozialraum.importing.templates import TEMPLATE_HINTS, TEMPLATES
from sozialraum.store.repository import indicator_coverage, indicator_coverage_by_period, load_import_log
from sozialraum.ui import data
from sozialraum.ui.components import source_footer
from sozialraum.ui.exports import table_downloads
from sozialraum.ui.import_assistant import render_import_assistant
from sozialraum.ui.import_flow import render_import
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.repair import outcome_text, render_indicator_delete, render_undo, render_version_repair, show_notice

POLARITY_TEXT = {1: "höher ist besser", -1: "höher ist schlechter", 0: "ohne Wertung"}
KIND_TEXT = {
    "count": "Anzahl",
    "share": "Anteil",
    "rate": "Quote",
    "mean": "Mittelwert",
    "amount": "Betrag",
    "index": "Index",
}
LEVEL_TEXT = {
    "city": "Gesamtstadt",
    "district": "Bezirke",
    "region": "Regionen",
    "social_space": "Sozialräume",
    "planning_area": "Planungsräume",
}

url = data.database_url()
info = data.dataset_info(url)
st.title("Daten")
st.caption("Import, Vorlagen, Kennzahlenkatalog, Importprotokoll und Korrekturen")
show_notice()


def import_format_downloads(frame: pd.DataFrame, stem: str, key: str, indicator_keys: list[str]) -> None:
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
            notes=export_notes(info, catalogue=data.indicators(url), indicator_keys=indicator_keys),
        ),
        f"{stem}.xlsx",
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
        help="Daten im ersten Blatt (Importformat), Quelle und Definitionen im Blatt »Hinweise«.",
    )


importing, assistant, templates, catalogue, export, log, repairs = st.tabs(
    ["Import", "Import-Assistent", "Vorlagen", "Kennzahlenkatalog", "Export", "Importprotokoll", "Korrekturen"]
)

with importing:
    render_import()

with assistant:
    render_import_assistant()

with templates:
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

with catalogue:
    indicators = data.indicators(url)
    coverage = indicator_coverage(data.engine())
    table = pd.DataFrame(
        {
            "Thema": indicators["topic"],
            "Kennzahl": indicators["name"],
            "Schlüssel": indicators["key"],
            "Einheit": indicators["unit"],
            "Art": indicators["kind"].map(KIND_TEXT),
            "Wertung": indicators["polarity"].map(POLARITY_TEXT),
            "Zeitpunkte": coverage["periods"].reindex(indicators.index).fillna(0).astype(int),
            "Gebiete": coverage["areas"].reindex(indicators.index).fillna(0).astype(int),
            "von": coverage["first_period"].reindex(indicators.index).map(format_date),
            "bis": coverage["last_period"].reindex(indicators.index).map(format_date),
            "Definition": indicators["definition"],
            "Quelle": indicators["source"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="catalogue_table")
    table_downloads(table, "kennzahlenkatalog", "catalogue", info, formats={"Schlüssel": TEXT}, sheet_name="Katalog")
    chosen = st.selectbox(
        "Abdeckung einer Kennzahl",
        list(indicators.index),
        format_func=lambda key: indicators.loc[key, "name"],
        key="coverage_indicator",
    )
    by_period = indicator_coverage_by_period(data.engine(), chosen)
    if by_period.empty:
        st.info("Für diese Kennzahl liegen noch keine Werte vor.")
    else:
        by_period.index = [format_date(period) for period in by_period.index]
        by_period.columns = [LEVEL_TEXT.get(level, level) for level in by_period.columns]
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

with export:
    st.write("Kennzahlenwerte als Tabelle im Importformat: die Datei lässt sich unverändert wieder einlesen.")
    export_indicators = data.indicators(url)
    chosen_keys = st.multiselect(
        "Kennzahlen",
        list(export_indicators.index),
        default=list(export_indicators.index[:3]),
        format_func=lambda key: export_indicators.loc[key, "name"],
        key="export_indicators",
        placeholder="Kennzahlen wählen …",
    )
    levels = [level for level in LEVEL_TEXT if not data.areas(url, level).empty]
    export_level = st.selectbox("Ebene", levels, index=len(levels) - 1, format_func=LEVEL_TEXT.get, key="export_level")
    all_periods = data.periods(url)
    chosen_periods = st.multiselect(
        "Stichtage",
        all_periods,
        default=all_periods[-1:],
        format_func=format_date,
        key="export_periods",
        placeholder="Stichtage wählen …",
    )
    if chosen_keys and chosen_periods:
        exported = values_table(
            data.values(url, tuple(chosen_keys), tuple(sorted(chosen_periods)), export_level),
            data.areas(url, export_level),
        )
        st.caption(f"{len(exported):,} Zeilen".replace(",", "."))
        st.dataframe(exported.head(500), hide_index=True, width="stretch")
        import_format_downloads(exported, f"kennzahlen_{export_level}", "values", chosen_keys)
    else:
        st.info("Bitte mindestens eine Kennzahl und einen Stichtag wählen.")

with log:
    entries = load_import_log(data.engine())
    if entries.empty:
        st.info("Noch keine Importe.")
    else:
        shown = pd.DataFrame(
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
        st.dataframe(shown, hide_index=True, width="stretch", key="import_log_table")
        table_downloads(shown, "importprotokoll", "log", info, sheet_name="Importprotokoll")
        for entry in entries.itertuples():
            if entry.messages:
                with st.expander(
                    f"Meldungen zu {markdown_literal(entry.file_name)} ({entry.started_at:%d.%m.%Y %H:%M})"
                ):
                    st.text("\n".join(entry.messages))
        render_undo(entries)

with repairs:
    st.write(
        "Fehler ohne neue Datenbank beheben. Jede Korrektur ist ein Schritt für sich; "
        "ein Import lässt sich im Importprotokoll zurücknehmen."
    )
    render_version_repair()
    render_indicator_delete(data.indicators(url))

source_footer(info)
