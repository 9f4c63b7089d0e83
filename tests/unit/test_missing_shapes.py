"""The sentence maps show for areas without a stored boundary (imported from a list)."""

from sozialraum.maps.geometry import missing_shapes_text


def test_every_area_has_a_shape_means_no_sentence():
    assert missing_shapes_text([], "Sozialräume") is None


def test_one_area_without_a_shape_is_named():
    text = missing_shapes_text(["Egg"], "Sozialräume")
    assert text.startswith("Für 1 Gebiet sind noch keine Umrisse gespeichert, die Karte zeigt sie nicht: Egg.")


def test_many_areas_are_named_alphabetically_up_to_ten_then_counted():
    names = [f"Gebiet {letter}" for letter in "ONMLKJIHGFEDCBA"]
    text = missing_shapes_text(names, "Sozialräume")
    assert "Für 15 Sozialräume sind noch keine Umrisse gespeichert" in text
    assert "Gebiet A, Gebiet B, Gebiet C" in text
    assert "Gebiet J und 5 weitere." in text
    assert "Gebiet K" not in text
