"""Read the tables of a Word document (.docx, .docm): ``document`` walks the
XML with lxml, ``fast`` scans the bytes when the table is plain enough, and
``cells`` holds the cell rules both share.
"""

from .document import DOCUMENT_PART, read_document, read_tables_lxml
from .fast import read_tables_fast

__all__ = ["DOCUMENT_PART", "read_document", "read_tables_fast", "read_tables_lxml"]
