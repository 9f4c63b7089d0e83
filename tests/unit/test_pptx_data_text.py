"""The deck as PowerPoint carries data text as text (issue 13, point 2): a deck of slides whose areas,
indicators and titles are markdown links and URLs has no hyperlink and no external relationship."""

from __future__ import annotations

import zipfile

from hostile_data import DECK_NAME, INDICATOR_TEXTS, OUTSIDE_HOST, build_hostile_database
from sozialraum.cli.main import main


def test_the_powerpoint_deck_links_nowhere(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOZIALRAUM_CHROMIUM", str(tmp_path / "kein-browser"))  # values instead of images
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    build_hostile_database(url, tmp_path / "files").dispose()
    out = tmp_path / "mappe.pptx"
    assert main(["report", "deck", "--name", DECK_NAME, "--db", url, "--out", str(out)]) == 0, capsys.readouterr()

    with zipfile.ZipFile(out) as package:
        parts = {name: package.read(name).decode("utf-8", errors="replace") for name in package.namelist()}
    slides = " ".join(text for name, text in parts.items() if name.startswith("ppt/slides/slide"))
    assert "hlinkClick" not in slides
    assert not [name for name, text in parts.items() if name.endswith(".rels") and 'TargetMode="External"' in text]
    assert INDICATOR_TEXTS["sgb2_rate"][0].replace('"', "&quot;") in slides  # the name, as text
    assert OUTSIDE_HOST in slides
