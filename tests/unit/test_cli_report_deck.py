"""``sozialraum report deck`` on SQLite and PostgreSQL: the file, and one German line with exit 1 otherwise."""

from pptx import Presentation

from sozialraum.cli.main import main
from sozialraum.store import decks as deck_store


def test_report_deck_writes_the_latest_deck_or_the_named_one(blank_engine, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOZIALRAUM_CHROMIUM", str(tmp_path / "kein-browser"))  # fast: values instead of images
    url = blank_engine.url.render_as_string(hide_password=False)
    assert main(["demo", "--db", url]) == 0
    capsys.readouterr()
    out = tmp_path / "mappe.pptx"

    # A fresh demo ships the example deck: a title slide and six views.
    assert main(["report", "deck", "--db", url, "--out", str(out)]) == 0
    assert "Sitzungsmappe »Jugendhilfeausschuss – Beispiel« mit 6 Folien geschrieben" in capsys.readouterr().out
    assert len(Presentation(str(out)).slides) == 7
    out.unlink()

    deck_store.delete_deck(blank_engine, deck_store.find_deck(blank_engine, "Jugendhilfeausschuss – Beispiel"))
    assert main(["report", "deck", "--db", url, "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == "Fehler: Es gibt noch keine Sitzungsmappe."

    first = deck_store.create_deck(blank_engine, "JHA März")
    deck_store.add_slide(blank_engine, first, "uebersicht", "Übersicht", {"jahr": 2025, "raum": ""})
    deck_store.add_slide(blank_engine, first, "ziele", "Ziele", {"jahr": 2025})
    empty = deck_store.create_deck(blank_engine, "Leer")

    assert main(["report", "deck", "--db", url, "--out", str(out)]) == 1  # the latest deck is the empty one
    assert capsys.readouterr().err.strip() == "Fehler: Die Sitzungsmappe »Leer« enthält keine Folien."
    assert main(["report", "deck", "--db", url, "--name", "Gibt es nicht", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == "Fehler: Keine Sitzungsmappe »Gibt es nicht« gefunden."
    assert not out.exists()

    assert main(["report", "deck", "--db", url, "--name", "jha märz", "--out", str(out)]) == 0
    assert "Sitzungsmappe »JHA März« mit 2 Folien geschrieben" in capsys.readouterr().out
    slides = list(Presentation(str(out)).slides)
    assert len(slides) == 3
    assert any(shape.has_table for shape in slides[1].shapes)

    deck_store.delete_deck(blank_engine, empty)
    other = tmp_path / "neueste.pptx"
    assert main(["report", "deck", "--db", url, "--out", str(other)]) == 0
    assert other.stat().st_size > 20_000
