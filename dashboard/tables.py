"""Tables as the dashboard shows them, and as Streamlit's "Download as CSV" writes them.

A spreadsheet opening that CSV runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula: a post written ``=HYPERLINK("http://evil.example", "Ouvrir")``
would be a live link, or worse, on an analyst's machine (CSV injection). Every text cell is shown and
exported with a leading ``'``, which spreadsheets read as "this is text" and do not display; numbers
stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

# The fullwidth forms too: some spreadsheets fold them to their ASCII forms before parsing.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """`value`, with a leading ``'`` if it is text a spreadsheet would run as a formula.

    Example
    -------
    >>> safe_cell('=HYPERLINK("http://evil.example")'), safe_cell("+237 690 11 22 33"), safe_cell(-1.5)
    ('\\'=HYPERLINK("http://evil.example")', "'+237 690 11 22 33", -1.5)
    >>> safe_cell("Visa offert")
    'Visa offert'
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows (dicts of column -> value) with every cell made safe (`safe_cell`), column titles too."""
    return [{safe_cell(k): safe_cell(v) for k, v in row.items()} for row in rows]


def show_table(rows: Iterable[Mapping[str, Any]]) -> None:
    """`st.dataframe` of `rows`, every cell safe to open in a spreadsheet once downloaded."""
    st.dataframe(safe_rows(rows), hide_index=True, width="stretch")
