"""PyAirbyte 0.71.3 reads the connector with data_fields_as_columns into a DuckDB cache.

usage: data_columns.py <source-fauna executable> <config.json> <work dir>
Prints JSON: the DuckDB column types of the `people` table and its rows (name, age, data).
"""
import json
import os
import sys

import airbyte as ab
import duckdb
from airbyte.caches import DuckDBCache


def main() -> None:
    executable, config_path, work = sys.argv[1:4]
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    source = ab.get_source("source-fauna", local_executable=executable, config=config)
    source.select_streams(["people"])
    db_path = os.path.join(work, "cache.duckdb")
    cache = DuckDBCache(db_path=db_path, schema_name="main")
    result = source.read(cache=cache)
    records = result.processed_records
    cache.get_sql_engine().dispose()
    con = duckdb.connect(db_path, read_only=True)
    columns = dict(con.execute(
        "select column_name, data_type from information_schema.columns where table_name = 'people'"
    ).fetchall())
    rows = [
        {"name": name, "age": age, "data": None if data is None else json.loads(data)}
        for name, age, data in con.execute("select name, age, data from main.people order by name").fetchall()
    ]
    print(json.dumps({"records": records, "columns": columns, "rows": rows}))


main()
