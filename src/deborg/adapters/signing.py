"""Signed tokens for links that must work without a login: the one-click unsubscribe
address in a mail (RFC 8058) names a parent and a kind of mail, signed with the portal's
secret key (itsdangerous), so nobody can make one for another parent."""

from __future__ import annotations

from itsdangerous import BadData, URLSafeSerializer

_SALT = "deborg.unsubscribe"


class UnsubscribeTokens:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt=_SALT)
        # What ``dumps`` does, with its signer made once (the digest signs a link per mail).
        self._signer = self._serializer.make_signer()

    def make(self, school_id: int, parent_id: int, kind: str) -> str:
        payload = self._serializer.dump_payload([school_id, parent_id, kind])
        return self._signer.sign(payload).decode()

    def read(self, token: str) -> tuple[int, int, str] | None:
        """The (school id, parent id, kind) the token was made for; None when it was not
        signed with this key or is malformed."""
        try:
            value = self._serializer.loads(token)
        except BadData:
            return None
        match value:
            case [int(school_id), int(parent_id), str(kind)]:
                return school_id, parent_id, kind
        return None
