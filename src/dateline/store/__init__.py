"""The store: a Parquet dataset directory written in atomic batches and read through DuckDB."""
