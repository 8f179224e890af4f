"""A local S3-compatible object store for the tests: moto's server in a process of its own
on loopback (no network, nothing leaves the machine), and buckets made in it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from deborg.adapters.s3_files import S3Settings, s3_client

CREDENTIALS = {"access_key_id": "deborg-test", "secret_access_key": "deborg-test-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto's S3 server on a free loopback port; yields its endpoint URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def new_bucket(endpoint: str, *, prefix: str = "", link_seconds: int = 0) -> S3Settings:
    """A new, empty bucket in the store at ``endpoint``, as settings for S3FileStore."""
    settings = S3Settings(
        bucket=f"deborg-{uuid.uuid4().hex[:12]}",
        prefix=prefix,
        endpoint_url=endpoint,
        region="eu-west-1",
        link_seconds=link_seconds,
        **CREDENTIALS,
    )
    s3_client(settings).create_bucket(
        Bucket=settings.bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    return settings


def environment(settings: S3Settings) -> dict[str, str]:
    """The DEBORG_* variables that point an app (or the CLI) at ``settings``."""
    return {
        "DEBORG_FILES_URL": settings.url,
        "DEBORG_S3_ENDPOINT_URL": settings.endpoint_url or "",
        "DEBORG_S3_REGION": settings.region or "",
        "DEBORG_S3_ACCESS_KEY_ID": settings.access_key_id or "",
        "DEBORG_S3_SECRET_ACCESS_KEY": settings.secret_access_key or "",
        "DEBORG_FILES_LINK_SECONDS": str(settings.link_seconds),
    }
