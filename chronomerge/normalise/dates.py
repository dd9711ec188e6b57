"""Read dates as UK practitioners write them: intervals, precision, uncertainty.

The public face of date reading:

- :func:`read_date` reads one cell (text, an Excel date cell or serial number)
  into a :class:`DateReading`: the interval, its precision, whether the writer
  marked it uncertain, a time where the cell holds one, and the problem when
  it cannot be read.
- :func:`read_time` reads a time cell (14:35, 2.35pm, 1435, 14.35hrs, ?10:00).
- :func:`normalise_dates` is the pipeline stage: every entry's date and time,
  years filled in from neighbouring rows, and problems as issues.

The work is split by job: ``date_words`` (the vocabulary), ``date_tokens``
(cleaning and tokens), ``date_text`` (one date), ``date_ranges`` (ranges and
open ends), ``date_reader`` (cells, the cache and the dateparser fallback),
``times``, ``date_order`` (years from neighbouring rows, rows out of order)
and ``date_stage``.
"""

from __future__ import annotations

from .date_reader import DateReading, fallback_calls, read_date
from .date_stage import normalise_dates, sequence_key
from .times import read_time

__all__ = [
    "DateReading",
    "fallback_calls",
    "normalise_dates",
    "read_date",
    "read_time",
    "sequence_key",
]
