"""The REST plumbing every app's api module shares: errors, parsers, paging, schema hooks."""
