"""The plans' files: the dashboard's .xlsx and PDF (`dashboard`), the reports' statistics and
the superior's consolidated table in the HD 11 layout (`reports`)."""
