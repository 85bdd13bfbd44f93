"""The analysts' dashboard (Streamlit): `streamlit run dashboard/app.py`."""
