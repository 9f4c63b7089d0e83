"""On a fresh demo, Präsentation and Sitzungsmappe open on the example deck instead of an empty page."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_presentation_and_deck_page_show_the_example_deck(demo_sqlite_file, monkeypatch):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{demo_sqlite_file}")
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/praesentation.py").run()
    assert not at.exception
    assert at.title[0].value == "Übersicht 2025: Musterstadt"
    numbers = [e.proto.body for e in at.get("html") if e.proto.body.startswith('<p class="sr-number"')]
    assert numbers == ['<p class="sr-number">1 / 6</p>']
    assert not [info.value for info in at.info if "Noch keine Sitzungsmappe" in info.value]

    at.switch_page("views/sitzungsmappe.py").run()
    assert not at.exception
    assert at.selectbox(key="deck_select").format_func(at.selectbox(key="deck_select").value) == (
        "Jugendhilfeausschuss – Beispiel (6 Folien)"
    )
