"""The Streamlit pages: the only package that imports streamlit. Pages stay thin over the engine."""
