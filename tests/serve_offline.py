"""``threadline serve`` as on a machine with no network: no host name resolves, IP addresses still connect.

The browser tests start the server through this file so that what an offline machine says is what they
see, whether or not the machine running them is online (``python serve_offline.py serve --port …``).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any

_resolve = socket.getaddrinfo


def _offline_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        if name != "localhost":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
    return _resolve(host, *args, **kwargs)


if __name__ == "__main__":
    socket.getaddrinfo = _offline_getaddrinfo
    from threadline.cli import cli

    sys.exit(cli())
