"""Checks made before a file is parsed, so a hostile or damaged file is
reported instead of hanging or exhausting memory.

Excel and Word files are zip archives of XML. A "zip bomb" declares parts that
expand to gigabytes; an "entity bomb" defines XML entities that expand
exponentially. Office never writes XML document type declarations, so any
declaration in a part is refused, and declared sizes and compression ratios
are checked against the review file's [limits] before anything is expanded.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from ..review import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MB = 1024 * 1024
MAX_PARTS = 20_000
# Parts smaller than this may compress very well for honest reasons.
RATIO_FLOOR = 4 * MB
PRESCAN_BYTES = 64 * 1024
MAX_PROLOG = 4 * MB
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# "<?" (or "<!", "<x") in UTF-16/32 without a byte order mark.
_NO_BOM = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


# What reading a damaged or hostile zip member can raise (a bad CRC, a cut-off
# stream, an unknown compression method, an encrypted member): each means
# "this part cannot be read", never a reason to stop the run.
ZIP_READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class FileProblem(Exception):
    """A whole file cannot be read: carries an issue code and its context."""

    def __init__(self, code: str, **context: Any) -> None:
        super().__init__(code)
        self.code = code
        self.context = context


def head_bytes(path: Path, size: int = 8) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def ole_is_encrypted(data: bytes, limit: int = 64 * MB) -> bool:
    """True when an OLE container holds an encrypted Office package.

    Password-protected .xlsx and .docx files are stored as an OLE container
    with an "EncryptedPackage" stream; a legacy .xls or .doc has none.
    """
    markers = (
        "EncryptedPackage".encode("utf-16-le"),
        "EncryptionInfo".encode("utf-16-le"),
    )
    head = data[:limit]
    return any(m in head for m in markers)


def check_size(path: Path, limits: Limits) -> int:
    """The file's size in bytes; refuses empty and oversized files."""
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("file-empty")
    if size > limits.max_file_mb * MB:
        raise FileProblem(
            "file-too-large",
            detail=f"it is {size / MB:,.0f} MB and the limit is "
            f"{limits.max_file_mb:,.0f} MB (max_file_mb)",
        )
    return size


def open_package(source: Path | bytes, limits: Limits, what: str) -> zipfile.ZipFile:
    """Open an Office zip package after checking it is whole, not a bomb, and
    that no part of it declares a document type (XML entities).

    Args:
        source: the file's bytes (as read once), or a path (a converted copy).
        limits: the review file's limits.
        what: "Excel" or "Word", for messages.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    head = data[:8]
    if head.startswith(OLE_MAGIC):
        if ole_is_encrypted(data):
            raise FileProblem("file-encrypted")
        raise FileProblem(
            "file-unsupported",
            kind="older-format",
            how=f"It is in the older {what} format with a new file name: open it "
            f"in {what}, save it as a {what} file in the current format, and add "
            "that copy.",
        )
    if not head.startswith(ZIP_MAGICS):
        raise FileProblem(
            "file-corrupt",
            detail=f"it is not really an {what} file (its contents are of another "
            "kind, perhaps a web page or text saved under this name)",
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise FileProblem(
            "file-corrupt",
            detail="it is incomplete or damaged (it may have been cut short when "
            f"it was sent: {exc})",
        ) from exc
    try:
        _check_members(infos, limits)
        prescan_parts(package, infos)
    except BaseException:
        package.close()
        raise
    return package


def _check_members(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_PARTS:
        raise FileProblem(
            "file-unsafe", detail=f"it holds {len(infos):,} parts, far more than usual"
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise FileProblem("file-encrypted")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_mb * MB:
        raise FileProblem(
            "file-too-large",
            detail=f"it expands to {total / MB:,.0f} MB and the limit is "
            f"{limits.max_uncompressed_mb:,.0f} MB (max_uncompressed_mb)",
        )
    for info in infos:
        if info.file_size < RATIO_FLOOR:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise FileProblem(
                "file-unsafe",
                detail=f"its part '{info.filename}' would expand {ratio:,.0f} times "
                f"its stored size (the limit is {limits.max_compression_ratio:,.0f}; "
                "this is how 'zip bombs' work)",
            )


def prescan_parts(package: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a package any of whose parts declares a document type.

    Every part is looked at, whatever its name (a part can be given any name
    and still be read as XML through the package's relationships). A
    declaration can only come in an XML prolog, so each part's prolog is
    walked token by token (declaration, comments, processing instructions)
    up to its root element and no further; binary parts end the walk at once.
    """
    for info in infos:
        if info.is_dir():
            continue
        try:
            with package.open(info) as part:
                verdict = _prolog_verdict(part)
        except ZIP_READ_ERRORS as exc:
            raise FileProblem(
                "file-corrupt",
                detail=f"its part '{info.filename}' could not be read ({exc})",
            ) from exc
        if verdict == "dtd":
            raise FileProblem(
                "file-unsafe",
                detail=f"its part '{info.filename}' declares an XML document type "
                "or entities, which the Office file standard does not allow and "
                "Excel and Word never write (this is how files try to copy other "
                "files from your computer, or 'XML bombs' work); nothing was "
                "read from it",
            )
        if verdict == "long":
            raise FileProblem(
                "file-unsafe",
                detail=f"its part '{info.filename}' starts with "
                f"{MAX_PROLOG // MB} MB of text before any content",
            )


def _decode_prolog(start: bytes) -> str | None:
    """The opening of a part as text, or None when it is not XML text."""
    for bom, codec in _BOMS:
        if start.startswith(bom):
            return start[len(bom) :].decode(codec, errors="replace")
    for pattern, codec in _NO_BOM:
        if start.startswith(pattern):
            return start.decode(codec, errors="replace")
    return start.decode("latin-1")


def _prolog_verdict(part: Any) -> str:
    """ "dtd" if the prolog declares a document type, "long" if it never ends,
    else "ok" (root element reached, or the part is not XML at all)."""
    start = part.read(PRESCAN_BYTES)
    while True:
        text = _decode_prolog(start)
        verdict = _walk_prolog(text) if text is not None else "ok"
        if verdict != "more":
            return verdict
        if len(start) >= MAX_PROLOG:
            return "long"
        more = part.read(PRESCAN_BYTES)
        if not more:
            return "ok"  # ends inside its prolog: no content to read
        start += more


def _walk_prolog(text: str) -> str:
    """Walk the prolog tokens: "dtd", "ok" (root or not XML) or "more"."""
    i = 0
    n = len(text)
    while True:
        while i < n and text[i] in " \t\r\n\ufeff\x00":
            i += 1
        if i >= n:
            return "more"
        if text[i] != "<":
            return "ok"  # not XML text (a picture, a binary part)
        rest = text[i : i + 9]
        if rest.startswith("<?"):
            end = text.find("?>", i + 2)
            if end < 0:
                return "more"
            i = end + 2
        elif rest.startswith("<!--"):
            end = text.find("-->", i + 4)
            if end < 0:
                return "more"
            i = end + 3
        elif rest.startswith("<!"):
            return "dtd"  # <!DOCTYPE, <!ENTITY or anything else declared
        elif len(rest) < 2:
            return "more"
        else:
            return "ok"  # the root element


def safe_xml_parser_options() -> dict[str, Any]:
    """lxml parser settings that never expand entities or reach the network."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "huge_tree": False,
        "load_dtd": False,
        "dtd_validation": False,
    }
