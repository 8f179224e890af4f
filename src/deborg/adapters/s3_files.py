"""The object-store file store: files in an S3-compatible bucket (AWS S3, MinIO, Ceph, a
provider's object storage), so that every app machine reads what any of them stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import attrs
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from deborg.adapters.files import checked_key

_MISSING = {"NoSuchKey", "404", "NotFound"}


@attrs.frozen
class S3Settings:
    """Where the files live: ``s3://bucket/prefix`` plus how to reach the store."""

    bucket: str
    prefix: str = ""
    #: The store's address for anything but AWS itself (``https://s3.example.nl``).
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = attrs.field(default=None, repr=False)
    #: Seconds a presigned link lives; 0 serves every file through the portal.
    link_seconds: int = 0

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"


def s3_client(settings: S3Settings) -> Any:
    """A boto3 S3 client for ``settings`` (credentials from the settings, otherwise boto3's
    own chain: AWS_* variables, ~/.aws, an instance role)."""
    return boto3.client(
        "s3",
        endpoint_url=settings.endpoint_url,
        region_name=settings.region or "us-east-1",
        aws_access_key_id=settings.access_key_id or None,
        aws_secret_access_key=settings.secret_access_key or None,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"} if settings.endpoint_url else {},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
        ),
    )


class S3FileStore:
    def __init__(self, settings: S3Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client if client is not None else s3_client(settings)
        self._prefix = f"{settings.prefix.strip('/')}/" if settings.prefix.strip("/") else ""

    def _name(self, key: str) -> str:
        return self._prefix + checked_key(key)

    def put(self, key: str, content: bytes) -> None:
        self.client.put_object(Bucket=self.settings.bucket, Key=self._name(key), Body=content)

    def get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.settings.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                raise KeyError(key) from None
            raise
        body: bytes = answer["Body"].read()
        return body

    def delete(self, key: str) -> None:
        # S3 answers a delete of a missing object with success, as the port asks.
        self.client.delete_object(Bucket=self.settings.bucket, Key=self._name(key))

    def entries(self) -> Iterator[tuple[str, int]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.settings.bucket, Prefix=self._prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(self._prefix) :], int(item["Size"])

    def link(self, key: str, *, content_type: str, disposition: str) -> str | None:
        if self.settings.link_seconds <= 0:
            return None
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.settings.bucket,
                "Key": self._name(key),
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, no-store",
            },
            ExpiresIn=self.settings.link_seconds,
        )
        return url

    def link_origin(self) -> str | None:
        """Where the links point (scheme and host), for the portal's Content-Security-Policy:
        a browser may load a photo from there. ``None`` when the portal serves the files."""
        link = self.link("origin", content_type="image/jpeg", disposition="inline")
        if link is None:
            return None
        parts = urlsplit(link)
        return f"{parts.scheme}://{parts.netloc}"
