"""The Python SDK's side of `upload.rs`: uploads a file with `client.assets.create(method="direct", file=...)` to the
benchmark's local sink, RUNS times, and prints one JSON line: the mean seconds per upload and the growth of peak
RSS over the uploads. Usage: python upload_python.py BASE_URL PATH RUNS"""

import json
import resource
import sys
import time

from twelvelabs import TwelveLabs

base_url, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = TwelveLabs(api_key="bench", base_url=base_url)


def upload():
    with open(path, "rb") as file:
        client.assets.create(method="direct", file=file)


before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
upload()  # warm-up: the connection pool, lazily imported modules
start = time.perf_counter()
for _ in range(runs):
    upload()
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": elapsed / runs, "peak_rss_growth": after - before}))
