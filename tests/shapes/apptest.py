"""Running pages of the app through AppTest and judging what they show, independent of one page's layout.

A page has *crashed* when AppTest reports an exception (Streamlit's English error box), when it shows
an error text that only an error handler writes (»unerwartet«, a stack trace), or when an exception was
logged during the run (a German error handler in ``app.py`` logs what it catches). A page *shows data*
by page-specific, layout-tolerant evidence: a map with coloured areas, a table with rows, a chart
with a drawn line, a metric with a number.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = (
    "uebersicht",
    "ziele",
    "budget",
    "karte",
    "steckbrief",
    "vergleich",
    "entwicklung",
    "sozialindex",
    "sitzungsmappe",
    "praesentation",
    "daten",
)
#: Words that only an error handler or a leaked exception writes, never a page's own German message.
CRASH_TEXT = re.compile(r"unerwartet|interner Fehler|Fehler aufgetreten|Traceback|Exception|Error:", re.IGNORECASE)
#: Fill codes on the Leaflet maps: "#rrggbb" is a class colour; "n" no value, "h" suppressed.
FILL_CODE = re.compile(r'"f":\s*"([^"]*)"')


def open_page(page: str, timeout: float = 60, **params: object) -> AppTest:
    """The app with ``params`` in the URL, navigated to ``views/<page>.py``, after its run."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in params.items():
        at.query_params[name] = str(value)
    at.run()
    if not at.exception:
        at.switch_page(f"views/{page}.py").run()
    return at


def crashes(at: AppTest, records: Iterable[logging.LogRecord] = ()) -> list[str]:
    """Everything that says the run broke: exceptions, error-handler texts, logged exceptions."""
    found = [f"exception: {e.message} {' '.join(e.stack_trace[-3:])}".strip() for e in at.exception]
    found += [f"error box: {e.value}" for e in at.error if CRASH_TEXT.search(str(e.value))]
    found += [
        f"logged: {record.getMessage()} {record.exc_info[1]!r}"
        for record in records
        if record.levelno >= logging.ERROR and record.exc_info
    ]
    return found


def walk(node: Any) -> Iterator[Any]:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from walk(child)


def main_elements(at: AppTest, kind: str) -> list[Any]:
    """Elements of ``kind`` in the page body (not the sidebar), however deeply nested in columns or tabs."""
    return [element for element in walk(at.main) if element.type == kind]


def map_fills(at: AppTest) -> list[str]:
    """Fill codes of every area on every Leaflet map of the page."""
    fills: list[str] = []
    for component in at.get("component_instance"):
        if "folium" not in component.proto.component_name:
            continue
        arguments = json.loads(component.proto.json_args or "{}")
        fills += FILL_CODE.findall(str(arguments.get("script", "")))
    return fills


def coloured_areas(at: AppTest) -> int:
    return sum(fill.startswith("#") for fill in map_fills(at))


def table_rows(at: AppTest) -> list[int]:
    """Row counts of the page's data tables (st.dataframe and st.table)."""
    counts = []
    for element in main_elements(at, "dataframe") + main_elements(at, "table"):
        value = element.value
        counts.append(len(value) if isinstance(value, pd.DataFrame) else 0)
    return counts


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _numbers(values: object) -> list[float]:
    """Finite numbers of a trace's x or y: a plain list, or plotly's typed array (``{"dtype", "bdata"}``)."""
    if isinstance(values, dict) and "bdata" in values:
        decoded = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        return [float(v) for v in decoded.ravel() if np.isfinite(v)]
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)]


def drawn_lines(at: AppTest) -> int:
    """Line traces with at least two points: what »Entwicklung draws lines« means."""
    count = 0
    for figure in figures(at):
        for trace in figure.get("data", []):
            if trace.get("type", "scatter") == "scatter" and len(_numbers(trace.get("y"))) >= 2:
                count += 1
    return count


def traces_with_data(at: AppTest) -> int:
    count = 0
    for figure in figures(at):
        for trace in figure.get("data", []):
            if _numbers(trace.get("y")) or _numbers(trace.get("x")):
                count += 1
    return count


def metrics_with_numbers(at: AppTest) -> list[str]:
    return [f"{m.label}={m.value}" for m in main_elements(at, "metric") if re.search(r"\d", str(m.value))]


def raw_options(at: AppTest, widget: Any) -> list[Any]:
    """A selectbox's or radio's options as the page passed them (not their formatted labels)."""
    state = object.__getattribute__(at.session_state, "_state")
    state = getattr(state, "_state", state)
    metadata = state._new_widget_state.widget_metadata.get(widget.id)  # no public API for it
    serde = getattr(getattr(metadata, "deserializer", None), "__self__", None)
    return list(getattr(serde, "options", widget.options))


WIDGET_KINDS = ("selectbox", "radio", "toggle", "select_slider")


def widget(at: AppTest, key: str) -> Any | None:
    """The page's selectbox, radio, toggle or select slider with ``key``, if the page shows one."""
    for kind in WIDGET_KINDS:
        for element in at.get(kind):
            if element.key == key:
                return element
    return None


def option_values(at: AppTest, element: Any, limit: int) -> list[Any]:
    """Up to ``limit`` of the element's options, first and last always included."""
    if element.type == "toggle":
        return [not element.value]
    options = raw_options(at, element)
    if len(options) <= limit:
        return options
    step = (len(options) - 1) / (limit - 1)
    return [options[round(i * step)] for i in range(limit)]
