"""Word (DOCX) versions of the official documents, built with python-docx on docx_common."""
