"""Database plumbing without any coso model (COPY-speed bulk writes)."""
