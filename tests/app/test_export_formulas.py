"""Formula injection (issue 13, point 3): every table export of every page, and the CLI's index CSV, on a
database whose texts start with ``=HYPERLINK("http://x")``, ``+1``, ``-2+3`` and ``@SUM(1)``.

No cell or header of any CSV or XLSX may start with ``= + - @``, tab or CR unless it is a real number
(a number cell in XLSX, a plain number in CSV) or the ``="0101"`` form that keeps a key's leading zero.
A click on a download button runs a callable (Streamlit's deferred media files); the tests record and call
them, as the browser would.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from hostile_data import FORMULAS, build_hostile_database
from sozialraum.cli.main import main
from sozialraum.export import images

ROOT = Path(__file__).resolve().parents[2]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
TEXT_KEY = re.compile(r'="\d+"')  # Excel shows the text 0101; the formula is a constant


def runnable_csv_cells(payload: bytes, separator: str = ";") -> list[str]:
    content = payload.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content, newline=""), delimiter=separator) for cell in row]
    return [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(c) and not TEXT_KEY.fullmatch(c)]


def runnable_xlsx_cells(payload: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(payload))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate} formula {cell.value}")
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    found.append(f"{sheet.title}!{cell.coordinate} {cell.value}")
    return found


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    engine = build_hostile_database(f"sqlite:///{folder / 'hostile.db'}", folder / "files")
    engine.dispose()
    return folder / "hostile.db"


@pytest.fixture
def deferred_files(monkeypatch) -> dict[str, object]:
    files: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return files


def goal_id(database: Path) -> int:
    from sozialraum.db import make_engine

    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM goal WHERE title = '-2+3 Ziel'")).scalar_one()
    engine.dispose()
    return found


PAGES = [
    ("ziele", {"jahr": "2025"}),
    ("budget", {"jahr": "2025", "produkt": "99.1"}),
    ("budget", {"jahr": "2025", "produkt": "36.3"}),
    ("karte", {"jahr": "2025", "kennzahl": "hze_rate"}),
    ("karte", {"jahr": "2025", "kennzahl": "share_u18", "ebene": "bezirk"}),
    ("steckbrief", {"jahr": "2025", "raum": "0202"}),
    ("vergleich", {"jahr": "2025", "gebiete": "0202,0203,0204,0301"}),
    ("sozialindex", {"sozialindex": "status"}),
    ("daten", {}),
]


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{page}-{i}" for i, (page, _) in enumerate(PAGES)])
def test_no_table_export_of_any_page_starts_a_formula(hostile_file, deferred_files, monkeypatch, page, params):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{hostile_file}")
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")  # tables only, fast
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in {**params, **({"ziel": str(goal_id(hostile_file))} if page == "ziele" else {})}.items():
        app.query_params[name] = value
    app.switch_page(f"views/{page}.py")
    app.run()
    assert not app.exception
    tables = {name: make for name, make in deferred_files.items() if name.endswith((".csv", ".xlsx"))}
    assert tables, f"{page}: keine Tabellen-Downloads"
    found = {}
    for name, make in tables.items():
        payload = make()
        cells = runnable_csv_cells(payload) if name.endswith(".csv") else runnable_xlsx_cells(payload)
        if cells:
            found[name] = cells
    assert found == {}
    # The hostile texts did reach the files (neutralised): the scan looked at the right thing.
    contents = " ".join(make().decode("utf-8-sig") for name, make in tables.items() if name.endswith(".csv"))
    assert any(f"'{formula}" in contents for formula in FORMULAS), sorted(tables)


def test_the_cli_index_csv_starts_no_formula(hostile_file, tmp_path, capsys):
    out = tmp_path / "index.csv"
    code = main(
        ["index", "--key", "status", "--period", "2025", "--db", f"sqlite:///{hostile_file}", "--csv", str(out)]
    )
    assert code == 0, capsys.readouterr()
    payload = out.read_bytes()
    assert runnable_csv_cells(payload, separator=",") == []
    cells = [cell for row in csv.reader(io.StringIO(payload.decode(), newline="")) for cell in row]
    assert any(cell.startswith("'" + FORMULAS[0]) for cell in cells)  # a class label, neutralised
