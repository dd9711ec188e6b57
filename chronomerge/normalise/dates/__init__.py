"""Read dates as UK practitioners write them: intervals, precision, uncertainty.

The public face of date reading:

- :func:`read_date` reads one cell (text, an Excel date cell or serial number)
  into a :class:`DateReading`: the interval, its precision, whether the writer
  marked it uncertain, a time where the cell holds one, and the problem when
  it cannot be read.
- :func:`read_time` reads a time cell (14:35, 2.35pm, 1435, 14.35hrs, ?10:00).
- :func:`normalise_dates` is the pipeline stage: every entry's date and time,
  years filled in from neighbouring rows, and problems as issues.

The work is split by job, a module each: ``vocabulary`` (the words of dates,
from schemas/date_words.toml), ``tokens`` (cleaning and tokens), ``single``
(the rules for one date), ``ranges`` (ranges and open ends), ``cell`` (one
cell: the cache and the dateparser fallback), ``times``, ``order`` (years
from neighbouring rows, rows out of order) and ``stage`` (the pipeline
stage).
"""

from __future__ import annotations

from .cell import DateReading, fallback_calls, read_date
from .stage import normalise_dates, sequence_key
from .times import read_time

__all__ = [
    "DateReading",
    "fallback_calls",
    "normalise_dates",
    "read_date",
    "read_time",
    "sequence_key",
]
