"""Charts as static images (PNG, SVG) through plotly's own exporter, kaleido, and the machine's Chromium.

Kaleido 1.x renders in a headless Chrome it does not ship. We never let it download one (municipal
servers are offline); we hand it the Debian ``chromium`` instead and say so in German when there is
none, so that the caller can still offer every export that needs no browser.

Starting Chromium costs about 1.7 s, rendering one figure about 0.13 s once it runs. A deck of ten
slides would take 17 s with one browser per image, so one browser is started on first use and kept
for the life of the process. Kaleido's sync server is not meant for concurrent callers, and Streamlit
runs each session in its own thread, hence the lock.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
import warnings
from typing import Literal

import plotly.graph_objects as go

ImageFormat = Literal["png", "svg"]

CHROMIUM_ENV_VARIABLE = "SOZIALRAUM_CHROMIUM"
_CANDIDATE_BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}

_lock = threading.Lock()
_server_running = False


class StaticImagesUnavailableError(RuntimeError):
    """No Chromium to render with; the message is German and meant for the user."""


def media_type(image_format: ImageFormat) -> str:
    return _MEDIA_TYPES[image_format]


def find_chromium() -> str | None:
    """The browser binary to render with: ``SOZIALRAUM_CHROMIUM`` if set, else the first on ``PATH``."""
    configured = os.environ.get(CHROMIUM_ENV_VARIABLE)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in _CANDIDATE_BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def static_images_available() -> bool:
    return find_chromium() is not None


def unavailable_message() -> str:
    return (
        "Bilder von Diagrammen (PNG, SVG, PowerPoint, PDF-Diagramme) brauchen einen Chromium-Browser "
        "auf dem Server, und es ist keiner installiert. Unter Debian/Ubuntu: "
        "`apt-get install chromium`, oder den Pfad in der Umgebungsvariablen "
        f"{CHROMIUM_ENV_VARIABLE} angeben. Tabellen-Exporte (XLSX, CSV) funktionieren weiterhin."
    )


def figure_image(
    figure: go.Figure,
    image_format: ImageFormat = "png",
    *,
    width: int = 1200,
    height: int = 675,
    scale: float = 2.0,
) -> bytes:
    """The figure rendered as PNG or SVG bytes, exactly as plotly draws it in the app.

    Raises :class:`StaticImagesUnavailableError` when no Chromium is installed.
    """
    if image_format not in _MEDIA_TYPES:
        raise ValueError(f"unknown image format {image_format!r}")
    browser = find_chromium()
    if browser is None:
        raise StaticImagesUnavailableError(unavailable_message())
    import kaleido
    import plotly.io as pio

    with _lock:
        _ensure_server(browser, kaleido)
        with warnings.catch_warnings():
            # plotly passes browser options that a running server already has; harmless.
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return pio.to_image(figure, format=image_format, width=width, height=height, scale=scale)


def _ensure_server(browser: str, kaleido_module) -> None:
    global _server_running
    if _server_running:
        return
    # choreographer, kaleido's browser driver, reads the binary from BROWSER_PATH.
    os.environ["BROWSER_PATH"] = browser
    kaleido_module.start_sync_server(silence_warnings=True)
    _server_running = True
    atexit.register(_stop_server, kaleido_module)


def _stop_server(kaleido_module) -> None:
    global _server_running
    if _server_running:
        kaleido_module.stop_sync_server(silence_warnings=True)
        _server_running = False
