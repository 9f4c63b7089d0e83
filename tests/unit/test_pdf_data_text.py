"""The Steckbrief PDF writes data text as text (issue 13, point 2): an indicator whose name and definition
are markdown links becomes no link annotation, and the text is printed literally. SQLite and PostgreSQL,
because the texts travel through the importer and the database."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from hostile_data import INDICATOR_TEXTS, OUTSIDE_HOST, build_hostile_database
from sozialraum.export import images
from sozialraum.export.steckbrief_pdf import steckbrief_pdf
from sozialraum.reports.steckbrief import load_steckbrief


def link_targets(reader: PdfReader) -> list[str]:
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            targets.append(f"{annotation.get('/Subtype')} {action.get('/URI', '')}")
    return targets


def test_markdown_in_names_and_definitions_makes_no_link(database_factory, tmp_path, monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")  # text and tables are what matter here
    engine = build_hostile_database(database_factory.new_url(), tmp_path / "files")
    steckbrief = load_steckbrief(engine, "social_space", "0101", date(2025, 12, 31))
    engine.dispose()
    reader = PdfReader(io.BytesIO(steckbrief_pdf(steckbrief)))

    assert link_targets(reader) == []
    content = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    name, _, definition, source, _ = INDICATOR_TEXTS["sgb2_rate"]
    assert f"{name} – {definition}" in content  # bold name, then the definition, both as typed
    assert source in content
    assert f"http://{OUTSIDE_HOST}/x.png" in content


@pytest.mark.parametrize("text", ["[a](http://203.0.113.1/)", "**fett** und __unterstrichen__"])
def test_the_definitions_section_prints_markup_characters(demo_engine, monkeypatch, text):
    import dataclasses

    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")
    steckbrief = load_steckbrief(demo_engine, "social_space", "0303", date(2025, 12, 31))
    catalogue = steckbrief.catalogue.copy()
    catalogue["definition"] = text
    reader = PdfReader(io.BytesIO(steckbrief_pdf(dataclasses.replace(steckbrief, catalogue=catalogue))))
    assert link_targets(reader) == []
    assert text in " ".join(" ".join(page.extract_text() for page in reader.pages).split())
