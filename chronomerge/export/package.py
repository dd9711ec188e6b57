"""Stream large parts into an Office package that a library has laid out.

openpyxl and python-docx write the package (styles, properties, page set-up)
quickly when it is nearly empty; the bulk, rows of a sheet or of a table, is
written as text and streamed in here. The skeleton is made repeatable first
and every member keeps its fixed time, so the result is the same bytes on
every run without compressing the large parts twice.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

from .repeatable import make_repeatable

# A member's writer: given the skeleton's bytes of it and the stream to write.
Filler = Callable[[bytes, IO[bytes]], None]
# zlib level of the streamed parts: level 1 deflates sheet and table text
# about three times faster than the default 6, for a file about a fifth larger.
STREAM_LEVEL = 1


def fill_package(
    skeleton: Path,
    target: Path,
    fillers: Mapping[str, Filler],
    *,
    added: Mapping[str, Filler] | None = None,
) -> Path:
    """Copy ``skeleton`` to ``target``, writing each member named in ``fillers``
    through its function (given the skeleton's bytes and the output stream),
    then each member of ``added`` (given no bytes), with the skeleton's time.

    ``skeleton`` is made repeatable, then removed.
    """
    make_repeatable(skeleton)
    tmp = target.with_name(target.name + ".tmp")
    try:
        with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(tmp, "w") as out:
            for item in source.infolist():
                info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = item.external_attr
                data = source.read(item.filename)
                filler = fillers.get(item.filename)
                if filler is None:
                    out.writestr(info, data)
                    continue
                _stream(out, info, filler, data)
            for name, filler in (added or {}).items():
                info = zipfile.ZipInfo(name, date_time=item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = item.external_attr
                _stream(out, info, filler, b"")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
        skeleton.unlink(missing_ok=True)
    return target


def _stream(
    out: zipfile.ZipFile, info: zipfile.ZipInfo, filler: Filler, data: bytes
) -> None:
    info._compresslevel = STREAM_LEVEL  # type: ignore[attr-defined]
    with out.open(info, "w", force_zip64=True) as stream:
        filler(data, stream)
