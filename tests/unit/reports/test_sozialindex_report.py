"""reports.sozialindex: the settings of the page's URL and of stored slides, and the partner index."""

from __future__ import annotations

from datetime import date

import pytest

from sozialraum.reports.source import Source
from sozialraum.reports.sozialindex import SozialindexError, SozialindexParams, build


def test_params_read_the_url_and_the_stored_slide_alike():
    from_url = SozialindexParams.from_query({"sozialindex": "status", "stichtag": "2024-12-31", "partner": "dyn"})
    stored = SozialindexParams.from_query({"index": "status", "stichtag": "2024-12-31", "partner": "dyn"})

    assert from_url == stored == SozialindexParams("status", date(2024, 12, 31), "dyn", "karte")
    assert SozialindexParams.from_query(stored.to_query()) == stored
    assert stored.to_query() == {
        "sozialindex": "status",
        "stichtag": "2024-12-31",
        "partner": "dyn",
        "darstellung": "karte",
    }


def test_params_accept_the_demo_deck_settings_and_lists():
    assert SozialindexParams.from_query({"index": "status", "darstellung": "matrix"}) == SozialindexParams(
        "status", None, None, "matrix"
    )
    assert SozialindexParams.from_query({"index": ["alt", "status"], "stichtag": ""}).index == "status"
    assert SozialindexParams().to_query() == {"darstellung": "karte"}


@pytest.mark.parametrize(
    ("query", "message"), [({"stichtag": "31.12.2024"}, "kein Stichtag"), ({"darstellung": "torte"}, "Darstellung")]
)
def test_malformed_settings_say_so_in_german(query, message):
    with pytest.raises(SozialindexError, match=message):
        SozialindexParams.from_query(query)


def test_the_report_resolves_stichtag_and_partner(demo_engine):
    report = build(Source(demo_engine), SozialindexParams("status"))

    assert report.period == report.periods[-1]
    assert report.params.stichtag == report.period
    assert report.partner is not None
    assert report.params.partner == report.partner.definition.key == "dynamics"
    assert report.status is report.result
    assert int(report.matrix.to_numpy().sum()) == int(report.combined["code"].notna().sum())
    assert len(report.areas) == report.total
    assert report.provenance.demo


def test_the_dynamics_index_puts_its_partner_in_the_rows(demo_engine):
    report = build(Source(demo_engine), SozialindexParams("dynamics"))

    assert report.status is report.partner
    assert report.dynamics is report.result
    assert report.matrix_subtitle.startswith(report.partner.definition.name)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (SozialindexParams("weg"), "»weg« gibt es nicht mehr"),
        (SozialindexParams("status", date(2001, 12, 31)), "31.12.2001"),
        (SozialindexParams("status", partner="status"), "»status«"),
    ],
)
def test_settings_the_data_do_not_hold_raise(demo_engine, params, message):
    with pytest.raises(SozialindexError, match=message):
        build(Source(demo_engine), params)
