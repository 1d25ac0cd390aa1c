"""Cluster addresses: a Dask scheduler's (`tcp://HOST:8786`) or `local:N` for N worker processes on this machine."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: The environment variable that names a cluster when neither `--cluster` nor the config file does.
ENV_VAR = "DIGEST_CLUSTER"
#: The schemes of Dask's network protocols a scheduler listens on.
SCHEMES = ("tcp", "tls", "ws", "wss")
_LOCAL = re.compile(r"local:(\d+)")
#: What a valid address looks like, for messages.
FORMS = "tcp://HOST:PORT (a running Dask scheduler) or local:N (N worker processes on this machine)"


def local_workers(address: str) -> int | None:
    """N of `local:N`; None for a scheduler's address."""
    match = _LOCAL.fullmatch(address.strip())
    return int(match[1]) if match else None


def address_problem(address: str) -> str | None:
    """What is wrong with a cluster address, or None ("" means no cluster and is valid)."""
    address = address.strip()
    if not address:
        return None
    local = local_workers(address)
    if local is not None:
        return None if 1 <= local <= 1024 else f"{address!r} asks for {local} local workers: give 1 to 1024"
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        return f"{address!r} is not a cluster address: write {FORMS}"
    if parts.scheme not in SCHEMES or not parts.hostname or parts.path not in ("", "/") or parts.query:
        return f"{address!r} is not a cluster address: write {FORMS}"
    if port is None:
        return f"{address!r} has no port: write {parts.scheme}://{parts.hostname}:8786 (a scheduler's default port)"
    return None
