"""A bounded HTTP load generator, run as its own process so that it does not share the
server's interpreter: ``python -m bench.load SPEC.json`` prints a JSON result.

The spec names the server, a concurrency, a request budget and a time budget (whichever is
reached first stops the run), and either one request to repeat or a list of requests that are
each sent once (the booking rush: every parent their own request). Loopback only.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run(spec: dict[str, Any]) -> dict[str, Any]:
    base = urlsplit(spec["base_url"])
    if base.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load generator only talks to loopback")
    concurrency = int(spec.get("concurrency", 8))
    max_requests = int(spec.get("requests", 1000))
    max_seconds = float(spec.get("seconds", 20))
    single = spec.get("request")
    queue: list[dict[str, Any]] = list(spec.get("requests_list", []))
    if single is None and not queue:
        raise SystemExit("spec needs 'request' or 'requests_list'")
    if queue:
        max_requests = min(max_requests, len(queue))

    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    bodies: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    issued = 0
    start_barrier = threading.Barrier(concurrency)
    deadline = 0.0

    def next_request() -> dict[str, Any] | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.perf_counter() > deadline:
                return None
            issued += 1
            return queue[issued - 1] if queue else single

    def worker() -> None:
        nonlocal deadline
        connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
        start_barrier.wait()
        while (request := next_request()) is not None:
            body = request.get("body")
            began = time.perf_counter()
            try:
                connection.request(
                    request.get("method", "GET"),
                    request["path"],
                    body=body.encode() if isinstance(body, str) else body,
                    headers=request.get("headers", {}),
                )
                response = connection.getresponse()
                payload = response.read()
                status = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
            except (OSError, http.client.HTTPException) as error:
                status = f"error:{type(error).__name__}"
                payload = b""
                connection.close()
                connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
            elapsed = time.perf_counter() - began
            markers = request.get("count_body_markers", [])
            found = next((m for m in markers if m.encode() in payload), None)
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
                if found is not None:
                    bodies[found] += 1
                # What each answer was: its status, and which marker its page carried.
                outcomes[f"{status}:{found}" if found is not None else status] += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    deadline = began + max_seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "throughput": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(_percentile(ordered, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(ordered, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else 0.0,
        "statuses": dict(statuses),
        "body_markers": dict(bodies),
        "outcomes": dict(outcomes),
    }


def main() -> None:
    with open(sys.argv[1]) as handle:
        spec = json.load(handle)
    print(json.dumps(run(spec)))


if __name__ == "__main__":
    main()
