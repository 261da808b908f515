"""minzu: Chinese ethnic-affairs news to structured Parquet datasets.

The package version is the pipeline version stamped on every stored row: bump it
whenever a change alters what the pipeline writes.
"""

__version__ = "0.3.0"
