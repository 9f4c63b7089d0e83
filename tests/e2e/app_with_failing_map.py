"""The app with the Karte's table builder broken: what a user sees when a page fails unexpectedly.

Started by ``test_error_browser.py`` as the main script; the real ``app.py`` runs unchanged inside it.
"""

import runpy
from pathlib import Path

import sozialraum.analysis.mapdata as mapdata


def _broken(*_args, **_kwargs):
    raise RuntimeError("absichtlicher Testfehler")


mapdata.area_table = _broken
runpy.run_path(str(Path(__file__).resolve().parents[2] / "app.py"), run_name="__main__")
