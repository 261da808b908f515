"""Sources yield RawPages, and nothing else: no source imports processing or storage."""
