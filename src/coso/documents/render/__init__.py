"""Party documents in HD 36-HD/VPTW format: one description (`description`), one layout
(`layout`), two renderers (`docx.to_docx`, `pdf.to_pdf`)."""
