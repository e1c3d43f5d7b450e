"""coso: the office system of a party committee (organizations, members, plans)."""
