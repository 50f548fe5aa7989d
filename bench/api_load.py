"""API load test: `dateline serve` on loopback, and a bounded stream of requests over a mix of routes.

    .venv/bin/python bench/api_load.py [--seconds N] [--connections N] [--store DIR] [--docs N]

It ingests the first --docs records (default: all 429) of ../shared/corpora/bench-articles.jsonl
into a fresh store (or serves --store DIR as it is), starts ``dateline serve`` on 127.0.0.1 as a
separate process, and then, from --connections (default 8) concurrent asyncio clients (httpx),
sends requests for --seconds (default 30, at most 60): the dashboard and a static file, health,
stats, events pages (JSON, CSV, a filter, a cursor), single events and documents (with their
spans), clusters, timeline, dyads, network, actors and places. It prints requests/s, the p50,
p90 and p99 latency in milliseconds (overall and by route), and the errors: any answer other than
200, or a failed connection. Exits 1 when there was an error.

Client and server share this machine's cores, so the figures are of both together.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx

import dateline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bench-articles.jsonl"
MAX_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(store: Path, port: int) -> subprocess.Popen[bytes]:
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    environment.pop("DATELINE_API_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment,
    )


def wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"dateline serve stopped ({server.returncode})")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit("dateline serve did not answer in time")


def route_mix(client: httpx.Client) -> list[tuple[str, int, Callable[[random.Random], str]]]:
    """(name, weight, path maker): the routes asked, with ids and codes taken from the store."""
    events = client.get("/api/events", params={"limit": 200}).json()
    documents = client.get("/api/documents", params={"limit": 200}).json()["items"]
    actors = [a["code"] for a in client.get("/api/actors", params={"level": "country"}).json()["items"]]
    event_ids = [e["event_id"] for e in events["items"]] or ["none"]
    doc_ids = [d["id"] for d in documents] or ["none"]
    actors = [a for a in actors if a] or ["RUS"]
    cursor = events["next"].split("cursor=", 1)[1] if events["next"] and "cursor=" in events["next"] else ""
    return [
        ("GET /", 1, lambda r: "/"),
        ("GET /static/app.js", 1, lambda r: "/static/app.js"),
        ("GET /api/health", 1, lambda r: "/api/health"),
        ("GET /api/stats", 1, lambda r: "/api/stats"),
        ("GET /api/events", 4, lambda r: f"/api/events?limit={r.choice((20, 50, 100))}"),
        ("GET /api/events?actor", 3, lambda r: f"/api/events?actor={r.choice(actors)}&limit=50"),
        ("GET /api/events?cursor", 1, lambda r: f"/api/events?limit=200&cursor={cursor}"),
        ("GET /api/events?format=csv", 1, lambda r: "/api/events?limit=200&format=csv"),
        ("GET /api/events/{id}", 3, lambda r: f"/api/events/{r.choice(event_ids)}"),
        ("GET /api/documents", 2, lambda r: "/api/documents?limit=50"),
        ("GET /api/documents/{id}", 3, lambda r: f"/api/documents/{r.choice(doc_ids)}"),
        ("GET /api/clusters", 1, lambda r: "/api/clusters?limit=50"),
        ("GET /api/timeline", 2, lambda r: f"/api/timeline?interval={r.choice(('day', 'month', 'year'))}"),
        ("GET /api/dyads", 1, lambda r: "/api/dyads?level=country"),
        ("GET /api/network", 2, lambda r: "/api/network?limit=120"),
        ("GET /api/actors", 1, lambda r: "/api/actors"),
        ("GET /api/places", 1, lambda r: "/api/places"),
    ]


async def load(base: str, seconds: float, connections: int,
               mix: list[tuple[str, int, Callable[[random.Random], str]]]) -> tuple[
                   dict[str, list[float]], Counter[str], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    names = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        began = time.perf_counter()
        stop = began + seconds

        async def user(number: int) -> None:
            rng = random.Random(number)
            while time.perf_counter() < stop:
                name = rng.choices(names, weights)[0]
                start = time.perf_counter()
                try:
                    response = await client.get(makers[name](rng))
                    await response.aread()
                    if response.status_code != 200:
                        errors[f"{name} {response.status_code}"] += 1
                except httpx.HTTPError as error:
                    errors[f"{name} {type(error).__name__}"] += 1
                latencies[name].append(time.perf_counter() - start)

        await asyncio.gather(*(user(n) for n in range(connections)))
        return latencies, errors, time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--store", type=Path, default=None, help="serve this store as it is")
    parser.add_argument("--docs", type=int, default=None, help="ingest only the corpus' first N")
    args = parser.parse_args()
    if not 0 < args.seconds <= MAX_SECONDS:
        sys.exit(f"--seconds must be between 0 and {MAX_SECONDS}")
    with tempfile.TemporaryDirectory(prefix="dateline-load-") as folder:
        store = args.store
        if store is None:
            store = Path(folder) / "store"
            corpus = CORPUS
            if args.docs is not None:
                lines = CORPUS.read_text(encoding="utf-8").splitlines()[: args.docs]
                corpus = Path(folder) / "corpus.jsonl"
                corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
            counts = dateline.ingest([str(corpus)], store=store)
            print(f"store      {counts.stored} documents, {counts.events} events (ingested for this run)")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(store, port)
        try:
            wait_until_up(base, server)
            with httpx.Client(base_url=base, timeout=30) as client:
                mix = route_mix(client)
                for _, _, make in mix:  # warm up every route once, untimed
                    client.get(make(random.Random(0)))
            latencies, errors, took = asyncio.run(load(base, args.seconds, args.connections, mix))
        finally:
            server.terminate()
            server.wait(timeout=30)
    every = [v for values in latencies.values() for v in values]
    print(f"load       {args.connections} connections for {took:.1f} s on 127.0.0.1 (dateline serve, "
          f"one uvicorn process)")
    print(f"requests   {len(every)}   {len(every) / took:.1f} requests/s")
    print(f"latency    p50 {percentile(every, 0.5):.1f} ms   p90 {percentile(every, 0.9):.1f} ms   "
          f"p99 {percentile(every, 0.99):.1f} ms   max {max(every) * 1000:.1f} ms")
    print(f"errors     {sum(errors.values())}" + (f"  {dict(errors)}" if errors else ""))
    print(f"\n{'route':<28} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in sorted(latencies.items()):
        print(f"{name:<28} {len(values):>8} {percentile(values, 0.5):>8.1f} "
              f"{percentile(values, 0.99):>8.1f} {statistics.fmean(values) * 1000:>8.1f}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
