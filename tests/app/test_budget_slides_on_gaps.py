"""Budget slides on a plan-only budget (Bezirke, one plan year) and an actual-only budget with neutral
indicators (``gap_shapes``): each slide shows its view or says in German why it cannot, never a crash."""

import gap_shapes
import pytest

from sozialraum.db import make_engine
from sozialraum.slides import render_slide

KINDS = (
    "budget_soll_ist",
    "budget_hilfearten",
    "budget_stationaer",
    "budget_umsteuerung",
    "budget_traeger",
    "budget_wirkung",
    "budget_verteilung",
)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("budget_gap_shapes")
    built = {
        name: make_engine(gap_shapes.build(f"sqlite:///{folder / name}.db", folder / name, name))
        for name in ("gaps", "neutral")
    }
    yield built
    for engine in built.values():
        engine.dispose()


@pytest.mark.parametrize(("shape", "year"), [("gaps", 2025), ("neutral", 2024)])
@pytest.mark.parametrize("kind", KINDS)
def test_a_budget_slide_shows_its_view_or_a_german_reason(engines, shape, year, kind):
    slide = render_slide(engines[shape], kind, {"produkt": "36.3", "jahr": year})
    assert slide.ok or "konnte nicht erstellt werden" not in slide.message, slide.message


def test_a_plan_year_slide_names_what_is_missing(engines):
    slide = render_slide(engines["gaps"], "budget_soll_ist", {"produkt": "36.3", "jahr": 2025})
    assert slide.ok, slide.message
    assert "nur der Ansatz (Plan) vor" in slide.notes
    assert "Ist" not in slide.table.columns  # no column of dashes, as on the page
    umsteuerung = render_slide(engines["gaps"], "budget_umsteuerung", {"produkt": "36.3", "jahr": 2025})
    assert "Vor 2025 liegen zu Produkt 36.3 keine Budgetdaten vor" in umsteuerung.message
