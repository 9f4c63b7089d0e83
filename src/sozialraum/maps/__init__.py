"""Maps: functions returning a ``folium.Map`` that works offline (Leaflet served by the app itself)."""
