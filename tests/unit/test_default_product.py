"""The Budget page opens on the preferred product, else on the product that carries the most money."""

from __future__ import annotations

import pandas as pd

from sozialraum.ui.budget import default_product


def test_the_preferred_product_wins_where_it_exists():
    products = pd.DataFrame({"code": ["0504", "36.3"], "volume": [9e9, 1.0]})
    assert default_product(products, "36.3") == "36.3"


def test_otherwise_the_largest_volume_wins():
    products = pd.DataFrame({"code": ["0504", "0606", "0603"], "volume": [131_000.0, 199_910_498.0, 5e6]})
    assert default_product(products, "36.3") == "0606"


def test_without_volumes_the_first_code():
    assert default_product(pd.DataFrame({"code": ["a", "b"]}), "36.3") == "a"
