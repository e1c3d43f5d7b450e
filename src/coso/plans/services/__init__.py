"""The plans' workflow steps (one public function per step)."""
