"""Cleaning: raw bytes to a normalised article (decode, main text, metadata, script)."""
