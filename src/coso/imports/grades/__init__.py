"""Importing a grassroots organization's grades from a spreadsheet (the annual evaluation):
the template, the reading, the page. The rows are checked and written by
`coso.evaluation.services.grade_members`, all or nothing."""
