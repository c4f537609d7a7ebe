"""Accuracy of each scorer against the gold sets (one module per scorer)."""
