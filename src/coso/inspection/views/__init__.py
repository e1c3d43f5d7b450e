"""The pages of inspection (`inspections`) and feedback (`feedback`)."""
