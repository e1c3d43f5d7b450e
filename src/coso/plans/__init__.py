"""Plans and their targets, computed from the work itself; the dashboard; reports up the tree."""
