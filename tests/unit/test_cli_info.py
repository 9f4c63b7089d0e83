"""``sozialraum info`` names each Gebietsstand with its own area counts before the totals over all of them."""

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box
from sqlalchemy.orm import Session

from sozialraum.cli.main import main
from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping
from sozialraum.models import BoundaryVersion

ROOT = Path(__file__).resolve().parents[2]
REALDATA = ROOT.parent / "shared" / "realdata"


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def import_version(engine, path: Path, version: str, values: dict[str, str], names: list[str]) -> None:
    frame = gpd.GeoDataFrame(
        {"ID": [f"{n + 1:02d}" for n in range(len(names))], "NAME": names},
        geometry=[box(13.3 + n / 100, 52.5, 13.31 + n / 100, 52.51) for n in range(len(names))],
        crs="EPSG:4326",
    )
    frame.to_file(path, driver="GeoJSON")
    mapping = {
        "level": "planning_area",
        "boundary_version": version,
        "columns": {"key": "ID", "name": "NAME"},
        "values": values,
    }
    report = run_import(engine, "areas", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()


def test_info_lists_each_boundary_version_then_the_totals(empty_engine, tmp_path, capsys):
    import_version(
        empty_engine,
        tmp_path / "alt.geojson",
        "lor-alt",
        {"version_name": "LOR bis 2020", "valid_from": "01.01.2006", "valid_to": "31.12.2020"},
        ["Alt A", "Alt B"],
    )
    import_version(
        empty_engine,
        tmp_path / "neu.geojson",
        "lor-2021",
        {"version_name": "LOR 2021", "valid_from": "01.01.2021"},
        ["Neu A", "Neu B", "Neu C"],
    )

    assert main(["info", "--db", url_of(empty_engine)]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("Gebietsstände:           2")
    assert lines[start + 1 : start + 7] == [
        "  lor-alt · LOR bis 2020 · 01.01.2006 bis 31.12.2020",
        "    Planungsräume       2",
        "  lor-2021 · LOR 2021 · ab 01.01.2021",
        "    Planungsräume       3",
        "Gebiete über alle Gebietsstände:",
        "  Gesamtstadt           0",
    ]
    assert "  Planungsräume         5" in lines


def test_a_boundary_version_without_areas_says_so(empty_engine, tmp_path, capsys):
    with Session(empty_engine) as session, session.begin():
        session.add(BoundaryVersion(key="leer", name="Noch leer", valid_from=date(2024, 1, 1)))
    assert main(["info", "--db", url_of(empty_engine)]) == 0
    out = capsys.readouterr().out
    assert "  leer · Noch leer · ab 01.01.2024\n    keine Gebiete\nGebiete:\n" in out


@pytest.mark.skipif(
    not (REALDATA / "berlin_lor_geometry").is_dir(), reason="../shared/realdata mit Berliner Daten nicht vorhanden"
)
def test_berlin_names_its_two_lor_versions(berlin_copy, capsys):
    assert main(["info", "--db", url_of(berlin_copy)]) == 0
    out = capsys.readouterr().out
    old, new = out.split("  lor-2006 · ")[1], out.split("  lor-2021 · ")[1]
    assert old.startswith("LOR 2006–2020 (447/448 Planungsräume) · 01.01.2006 bis 31.12.2020\n")
    assert new.startswith("LOR ab 2021 (542 Planungsräume) · ab 01.01.2021\n")
    assert "    Planungsräume     448\n" in old.split("  lor-2021")[0]
    assert "    Planungsräume     542\n" in new.split("Gebiete über")[0]
    assert "  Planungsräume       990\n" in out.split("Gebiete über alle Gebietsstände:")[1]
