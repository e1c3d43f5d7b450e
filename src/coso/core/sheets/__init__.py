"""Spreadsheet files without any coso model: opening and checking an upload, parsing a large
sheet in parts, streaming an .xlsx out. The apps give the rows their meaning."""
