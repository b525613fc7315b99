"""Runs Fauna's official Python driver (faunadb 4.5.x: HTTP/1.1 via requests) against the emulator.

Usage: driver_check.py URL SECRET. Prints one JSON object with what it saw; exits non-zero on error.
"""
import json
import sys
import warnings
from urllib.parse import urlparse

warnings.simplefilter("ignore", DeprecationWarning)  # the driver warns about FQL v4's end of life

from faunadb import query as q  # noqa: E402
from faunadb.client import FaunaClient  # noqa: E402
from faunadb.errors import BadRequest, NotFound, PermissionDenied  # noqa: E402
from faunadb.objects import FaunaTime  # noqa: E402

url, secret = urlparse(sys.argv[1]), sys.argv[2]
client = FaunaClient(secret=secret, domain=url.hostname, port=url.port, scheme=url.scheme)

client.query(q.create_collection({"name": "py"}))
created = [
    client.query(q.create(q.collection("py"), {"data": {"i": i, "when": FaunaTime("2024-01-02T03:04:05.123456Z")}}))
    for i in range(7)
]
big = client.query(q.create(q.collection("py"), {"data": {"big": 9007199254740993, "bytes": bytearray(b"\x00\xff\x10")}}))

ids = []
after = None
pages = 0
while True:
    options = {"size": 3}
    if after is not None:
        options["after"] = after
    page = client.query(q.paginate(q.documents(q.collection("py")), **options))
    pages += 1
    ids.extend(ref.id() for ref in page["data"])
    after = page.get("after")
    if after is None:
        break

fetched = client.query(q.get(big["ref"]))
first = client.query(q.get(created[0]["ref"]))

try:
    client.query(q.get(q.ref(q.collection("py"), "1")))
    missing = "no error"
except NotFound as error:
    missing = error.errors[0].code
try:
    client.query(q.abort("stop"))
    aborted = "no error"
except BadRequest as error:
    aborted = error.errors[0].description

# docs/setup-fauna.md's incremental index, role and key.
client.query(q.create_index({"name": "py-ts", "source": q.collection("py"), "terms": [], "values": [{"field": "ts"}, {"field": "ref"}]}))
client.query(q.create_role({"name": "py-readonly", "privileges": [
    {"resource": q.collections(), "actions": {"read": True}},
    {"resource": q.indexes(), "actions": {"read": True}},
    {"resource": q.collection("py"), "actions": {"read": True}},
    {"resource": q.index("py-ts"), "actions": {"read": True}},
]}))
key = client.query(q.create_key({"name": "py-readonly", "role": q.role("py-readonly")}))
reader = FaunaClient(secret=key["secret"], domain=url.hostname, port=url.port, scheme=url.scheme)
since = created[3]["ts"]
incremental = reader.query(q.paginate(q.range(q.match(q.index("py-ts")), [since], []), size=100))
events = reader.query(q.paginate(q.documents(q.collection("py")), events=True, size=100))
try:
    reader.query(q.create(q.collection("py"), {}))
    refused = "no error"
except PermissionDenied as error:
    refused = error.errors[0].code

print(json.dumps({
    "incremental_ids": [pair[1].id() for pair in incremental["data"]],
    "incremental_ts_ok": all(pair[0] >= since for pair in incremental["data"]),
    "event_actions": sorted(set(event["action"] for event in events["data"])),
    "refused": refused,
    "ping": client.ping(),
    "ids": ids,
    "created_ids": sorted([doc["ref"].id() for doc in created] + [big["ref"].id()], key=int),
    "pages": pages,
    "big": fetched["data"]["big"],
    "big_is_int": isinstance(fetched["data"]["big"], int),
    "bytes": list(fetched["data"]["bytes"]),
    "when": first["data"]["when"].value,
    "missing": missing,
    "aborted": aborted,
}))
