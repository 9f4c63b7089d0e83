from datetime import date

import pandas as pd
import pytest

from sozialraum.analysis.keyfigures import Assessment, assess_change, choose_key_indicators, key_figures


@pytest.mark.parametrize(
    ("change", "polarity", "expected"),
    [
        (-1.0, -1, Assessment.BETTER),  # SGB-II-Quote falls: good
        (1.0, -1, Assessment.WORSE),
        (1.0, 1, Assessment.BETTER),  # childcare rate rises: good
        (-1.0, 1, Assessment.WORSE),
        (5.0, 0, Assessment.NEUTRAL),
        (0.0, -1, Assessment.UNCHANGED),
        (float("nan"), -1, Assessment.UNKNOWN),
        (None, 1, Assessment.UNKNOWN),
    ],
)
def test_assessment_follows_polarity(change, polarity, expected):
    assert assess_change(change, polarity) == expected


def catalogue():
    return pd.DataFrame(
        {
            "name": ["Einwohner", "SGB-II-Quote", "Fläche", "Kitaquote", "Anteil Ältere"],
            "short_name": ["Einwohner", "SGB II", "Fläche", "Kita", "65+"],
            "unit": ["Personen", "%", "km²", "%", "%"],
            "kind": ["count", "share", "amount", "share", "share"],
            "polarity": [0, -1, 0, 1, 0],
            "decimals": [0, 1, 1, 1, 1],
        },
        index=["pop_total", "sgb2_rate", "area", "childcare_u3", "share_65plus"],
    )


def test_key_indicators_prefer_the_list_and_top_up_with_directed_rates():
    assert choose_key_indicators(catalogue(), preferred=("sgb2_rate", "missing"), count=3) == [
        "sgb2_rate",
        "childcare_u3",
    ]


def test_a_change_below_the_shown_precision_counts_as_unchanged():
    p1, p0 = date(2025, 12, 31), date(2024, 12, 31)
    values = pd.DataFrame(
        {"area_id": [1, 1], "indicator_key": ["sgb2_rate"] * 2, "period": [p1, p0], "value": [9.53, 9.51], "flag": "ok"}
    )
    figures = key_figures(values, catalogue(), ["sgb2_rate"], 1, p1, p0)
    assert figures["assessment"].iloc[0] == Assessment.UNCHANGED


def test_key_figures_compute_change_and_assessment():
    p1, p0 = date(2025, 12, 31), date(2024, 12, 31)
    values = pd.DataFrame(
        {
            "area_id": [1, 1, 1, 2],
            "indicator_key": ["sgb2_rate", "sgb2_rate", "childcare_u3", "sgb2_rate"],
            "period": [p1, p0, p1, p1],
            "value": [9.5, 10.0, 40.0, 99.0],
            "flag": ["ok", "ok", "provisional", "ok"],
        }
    )
    figures = key_figures(values, catalogue(), ["sgb2_rate", "childcare_u3"], 1, p1, p0).set_index("indicator_key")
    assert figures.loc["sgb2_rate", "change"] == pytest.approx(-0.5)
    assert figures.loc["sgb2_rate", "assessment"] == Assessment.BETTER
    assert pd.isna(figures.loc["childcare_u3", "change"])
    assert figures.loc["childcare_u3", "assessment"] == Assessment.UNKNOWN
    assert figures.loc["childcare_u3", "flag"] == "provisional"


def test_population_indicator_is_found_by_role():
    from sozialraum.analysis.keyfigures import choose_population_indicator

    assert choose_population_indicator(catalogue()) == "pop_total"
    berlin = catalogue().rename(index={"pop_total": "einwohner_gesamt"}).assign(topic="Bevölkerung")
    assert choose_population_indicator(berlin) == "einwohner_gesamt"
    assert choose_population_indicator(catalogue().drop(index="pop_total").assign(topic="Bevölkerung")) is None


def test_figures_without_any_value_at_the_level_are_named_not_shown():
    from sozialraum.analysis.keyfigures import split_unavailable

    figures = pd.DataFrame(
        {
            "short_name": ["Einwohner", "Arbeitslosigkeit"],
            "value": [3.8e6, float("nan")],
            "previous": [3.7e6, float("nan")],
        }
    )
    available, missing = split_unavailable(figures)
    assert available["short_name"].tolist() == ["Einwohner"]
    assert missing == ["Arbeitslosigkeit"]
