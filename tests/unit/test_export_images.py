"""Static chart images: rendered by the machine's Chromium, or a German message when there is none."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from sozialraum.export import images


def _figure() -> go.Figure:
    return go.Figure(go.Bar(x=["Nordstadt", "Südhafen"], y=[12.5, 17.25]))


@pytest.mark.skipif(not images.static_images_available(), reason="no Chromium on this machine")
def test_png_and_svg_are_real_images_of_the_figure():
    png = images.figure_image(_figure(), "png", width=400, height=300, scale=1)
    svg = images.figure_image(_figure(), "svg", width=400, height=300)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (400, 300)
    assert b"<svg" in svg[:500]
    assert "Südhafen".encode() in svg


def test_without_chromium_the_message_is_german_and_names_the_remedy(monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent/chromium")

    assert not images.static_images_available()
    with pytest.raises(images.StaticImagesUnavailableError) as raised:
        images.figure_image(_figure())
    assert "apt-get install chromium" in str(raised.value)
    assert "XLSX, CSV" in str(raised.value)
