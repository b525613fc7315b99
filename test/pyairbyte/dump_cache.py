"""Prints the rows of the given tables of PyAirbyte's default DuckDB cache, and its states, as JSON.

Usage: dump_cache.py TABLE... Reads the file PyAirbyte's `get_default_cache()` uses (under
AIRBYTE_CACHE_ROOT) with DuckDB directly, which starts in a fraction of PyAirbyte's import time.
The `data` column is printed as DuckDB's JSON text, untouched, so the test sees whether integers
beyond 2^53 kept every digit; `deleted_at` also in microseconds, for exact deletion times.
"""
import json
import os
import sys

import duckdb

path = os.path.join(os.environ["AIRBYTE_CACHE_ROOT"], "default_cache", "default_cache.duckdb")
db = duckdb.connect(path, read_only=True)


def rows(sql):
    cursor = db.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


tables = {
    name: rows(
        "SELECT ref, ts, CAST(data AS VARCHAR) AS data, CAST(deleted_at AS VARCHAR) AS deleted_at,"
        f" epoch_us(deleted_at) AS deleted_at_us FROM main.{name}"
    )
    for name in sys.argv[1:]
}
states = {row["stream_name"]: json.loads(row["state_json"]) for row in rows("SELECT stream_name, state_json FROM main._airbyte_state")}
json.dump({"tables": tables, "states": states}, sys.stdout)
