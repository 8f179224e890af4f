"""Two app nodes behind a real load balancer (HAProxy, or nginx), on loopback: the
configuration both the two-node test (tests/integration/test_multi_node.py) and the
benchmark's two-node case use, and the case itself: Home through the balancer to two nodes
against Home from one node, measured side by side."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.run import Bench

BALANCERS = ("haproxy", "nginx")


def balancer() -> str | None:
    for name in BALANCERS:
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
        if found:
            return found
    return None


def wait_for(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.2)


def balancer_config(path: Path, binary: str, port: int, nodes: dict[str, int]) -> list[str]:
    """Round robin over the nodes; a request with ``X-Deborg-Node: a`` goes to node a (so a
    test can say which machine does what), and every answer names the node that gave it."""
    if Path(binary).name == "haproxy":
        servers = "\n".join(f"    server {n} 127.0.0.1:{p}" for n, p in nodes.items())
        pinned = "\n".join(
            f"backend node_{n}\n    server {n} 127.0.0.1:{p}\n" for n, p in nodes.items()
        )
        rules = "\n".join(
            f"    use_backend node_{n} if {{ req.hdr(X-Deborg-Node) -m str {n} }}" for n in nodes
        )
        path.write_text(
            "global\n    maxconn 256\n"
            "defaults\n    mode http\n    timeout connect 5s\n    timeout client 60s\n"
            "    timeout server 60s\n    option forwardfor\n"
            f"frontend portal\n    bind 127.0.0.1:{port}\n{rules}\n    default_backend nodes\n"
            "    http-response set-header X-Deborg-Served-By %[srv_name]\n"
            f"backend nodes\n    balance roundrobin\n{servers}\n{pinned}"
        )
        return [binary, "-db", "-f", str(path)]
    upstreams = "\n".join(
        f"upstream node_{n} {{ server 127.0.0.1:{p}; }}" for n, p in nodes.items()
    )
    pool = " ".join(f"server 127.0.0.1:{p};" for p in nodes.values())
    choices = "\n".join(f"    {n} node_{n};" for n in nodes)
    names = "\n".join(f"    127.0.0.1:{p} {n};" for n, p in nodes.items())
    path.write_text(
        f"daemon off;\npid {path.parent / 'nginx.pid'};\nerror_log {path.parent / 'error.log'};\n"
        "events {}\nhttp {\n"
        f"  access_log off;\n  client_body_temp_path {path.parent};\n"
        f"  upstream nodes {{ {pool} }}\n{upstreams}\n"
        f"  map $http_x_deborg_node $target {{\n    default nodes;\n{choices}\n  }}\n"
        f"  map $upstream_addr $served_by {{\n{names}\n  }}\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n"
        "    location / {\n      proxy_pass http://$target;\n"
        "      proxy_set_header Host $http_host;\n"
        "      proxy_set_header X-Forwarded-For $remote_addr;\n"
        "      add_header X-Deborg-Served-By $served_by always;\n    }\n  }\n}\n"
    )
    return [binary, "-c", str(path), "-p", str(path.parent)]


def start_node(
    port: int, env: dict[str, str], workers: int, threads: int
) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "--workers", str(workers), "--threads", str(threads), "--worker-class",
         "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "deborg.entrypoints.web:create_app()"],
        env=env,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process, f"the node on port {port}")
    except BaseException:
        process.terminate()
        process.wait(timeout=30)
        raise
    return process


def case_two_nodes(bench: Bench) -> None:
    """Home of forty parents in turn: straight to the benchmark's node, and through the
    balancer to it and a second node of the same size (its own data folder, the same
    PostgreSQL), alternated twice; the better round of each."""
    from bench.run import Row, _free_port, _statuses

    binary = balancer()
    if binary is None:
        bench.facts["two_nodes"] = "skipped: neither haproxy nor nginx is installed"
        return
    cookies = bench.facts.get("_page_cookies") or []
    assert cookies, "run after case_pages_built"
    second, lb_port = _free_port(), _free_port()
    env = {**bench.environment(), "DEBORG_DATA_DIR": str(bench.workdir / "node-b")}
    processes = [start_node(second, env, bench.args.workers, bench.args.threads)]
    try:
        config = bench.workdir / "balancer" / "balancer.conf"
        config.parent.mkdir()
        command = balancer_config(config, binary, lb_port, {"a": bench.port, "b": second})
        processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
        wait_for(f"http://127.0.0.1:{lb_port}/healthz", processes[-1], Path(binary).name)
        spec = {
            "concurrency": bench.args.concurrency * 2,
            "requests": bench.args.requests,
            "seconds": bench.args.seconds,
            "requests_list": [
                {"path": "/", "headers": {"Cookie": cookies[n % len(cookies)]}}
                for n in range(bench.args.requests)
            ],
        }
        rounds: dict[str, list[dict[str, Any]]] = {"one": [], "two": []}
        through = {"one": bench.port, "two": lb_port}
        for _ in range(2):
            for name, port in through.items():
                rounds[name].append(bench.load({**spec, "base_url": f"http://127.0.0.1:{port}"}))
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)
    one = max(rounds["one"], key=lambda r: r["throughput"])
    two = max(rounds["two"], key=lambda r: r["throughput"])
    gain = two["throughput"] / one["throughput"] if one["throughput"] else 0.0
    bench.facts["two_nodes"] = {
        "balancer": Path(binary).name,
        "one_node_rounds": [r["throughput"] for r in rounds["one"]],
        "two_nodes_rounds": [r["throughput"] for r in rounds["two"]],
        "gain": round(gain, 2),
    }
    for name, result, note in (
        ("Home, one node (2 workers × 4 threads), straight", one, ""),
        (
            f"Home, two nodes behind {Path(binary).name} (each 2 workers × 4 threads, "
            "same PostgreSQL, same CPUs)",
            two,
            f"{gain:.2f}× one node; ",
        ),
    ):
        bench.rows.append(
            Row(name, result["throughput"], "req/s", result["p50_ms"], result["p99_ms"], None,
                f"{note}{_statuses(result)}; {spec['concurrency']} connections")
        )  # fmt: skip
