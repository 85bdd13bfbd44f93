"""Training, evaluation and data tools for Vigie (corpus loading, leak-free splits, importers)."""
