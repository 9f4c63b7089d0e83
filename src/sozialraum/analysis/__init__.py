"""Pure analysis functions over pandas/geopandas: no database, no Streamlit."""
