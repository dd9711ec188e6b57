"""Make zip-based Office files (xlsx, docx) the same bytes on every run.

openpyxl and python-docx stamp the current time into each zip member and into
the document properties; a review pack must be byte-identical when the inputs
are, so both are pinned here.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

FIXED_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_DATETIME = dt.datetime(2000, 1, 1)
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def make_repeatable(path: str | Path) -> Path:
    """Rewrite an xlsx/docx in place with fixed member times and core dates."""
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as target:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)
    tmp.replace(path)
    return path
