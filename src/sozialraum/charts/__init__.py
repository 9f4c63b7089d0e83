"""Plotly figure builders: data in, ``go.Figure`` out, one module per topic. No Streamlit here.

Every figure goes through ``common.german_layout`` (``separators=",."``), so axes and hover texts show
German numbers (``1.234,5``).
"""
