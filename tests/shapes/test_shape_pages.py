"""Every page on every shape's database, in the state a user first sees: no crash, and data where data exist."""

from __future__ import annotations

import pytest

from shapes.apptest import PAGES, crashes, open_page
from shapes.expectations import case, shows_data
from shapes.generate import SHAPES

DEFAULT_CASES = [case(shape, page) for shape in SHAPES for page in PAGES]
#: PostgreSQL runs the same pages on the shapes whose queries differ most: two versions, five levels.
POSTGRES_CASES = [case(shape, page) for shape in ("two_versions", "five_levels") for page in PAGES]


def check_default_view(shape_databases, logged_errors, monkeypatch, shape: str, page: str, backend: str) -> None:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", shape_databases.url(shape, backend))
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    missing = shows_data(page, shape_databases.shape(shape), at)
    assert not missing, f"{page} on {shape}: {', '.join(missing)}"


@pytest.mark.parametrize(("shape", "page"), DEFAULT_CASES)
def test_default_view_shows_data_without_error(shape_databases, logged_errors, monkeypatch, shape, page):
    check_default_view(shape_databases, logged_errors, monkeypatch, shape, page, "sqlite")


@pytest.mark.postgres
@pytest.mark.parametrize(("shape", "page"), POSTGRES_CASES)
def test_default_view_on_postgresql(shape_databases, logged_errors, monkeypatch, shape, page):
    check_default_view(shape_databases, logged_errors, monkeypatch, shape, page, "postgresql")
