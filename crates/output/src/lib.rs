//! Run outputs: Parquet/CSV time series, summary and manifest JSON, atomic writes.
