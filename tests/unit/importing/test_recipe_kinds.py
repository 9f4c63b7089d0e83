"""A recipe step of an unknown kind is a German message naming the step, not a traceback."""

from __future__ import annotations

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing.recipe import run_recipe


def test_an_unknown_step_kind_is_named_with_the_allowed_ones(tmp_path):
    recipe = tmp_path / "recipe.toml"
    recipe.write_text('[[step]]\ntitle = "Katalog"\nkind = "catalogue"\nrecipe_file = "x.csv"\n', encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    ensure_database(engine, load_demo_when_empty=False)
    result = run_recipe(engine, recipe, tmp_path)
    assert not result.ok
    ((title, report),) = result.reports
    assert title == "Katalog"
    assert report.lines() == [
        "Fehler: recipe.toml: Schritt 1: unbekannte Art »catalogue« (kind = …; erlaubt: areas, indicators, "
        "observations, budget, goals, index)."
    ]
