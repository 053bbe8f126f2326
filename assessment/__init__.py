"""The assessment engine: questionnaires, scoring, recommendations. Imports no Streamlit."""
