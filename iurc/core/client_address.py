"""Who the client is, behind the trusted proxies of ``IURC_TRUSTED_PROXIES``: for sign-in
lockout (iurc/accounts/lockout.py) and any rate limit that counts clients."""

import ipaddress

from django.conf import settings


def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return networks


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip_address(request):
    """The address of the client, for ``AXES_CLIENT_IP_CALLABLE`` and the log.

    ``REMOTE_ADDR`` unless it is one of ``IURC_TRUSTED_PROXIES`` (nginx in front of gunicorn):
    then ``X-Forwarded-For`` is read from the right, each trusted proxy's entry skipped, and
    the first address no trusted proxy owns is the client. Entries further left were written
    by the client itself and are never believed; without a trusted proxy the header is ignored.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(getattr(settings, "IURC_TRUSTED_PROXIES", []))
    if not _trusted(remote, networks):
        return str(remote) if remote else None
    client = remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            # Only a client writes garbage: the last proxy that reported is the best answer.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
