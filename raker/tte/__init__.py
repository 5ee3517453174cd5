"""Tanda tangan elektronik: PAdES signatures, paraf before them, and their public verification."""
