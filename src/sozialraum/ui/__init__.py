"""The only Streamlit-aware part of the package: cached data access, shared widgets, page pieces."""
