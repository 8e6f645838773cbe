import socket

import pytest

from tests.conftest import NetworkBlocked


def test_outside_connections_are_blocked():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_name_resolution_is_blocked():
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.com", 443)


def test_audit_connects_nowhere(monkeypatch, auditor):
    """An audit never connects a socket, not even to localhost (urllib3 creating an IPv6
    probe socket at import time is no connection and is allowed)."""
    attempts = []
    real = socket.socket.connect

    def spy(self, address):
        attempts.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    monkeypatch.setattr(socket.socket, "connect_ex", spy)
    result = auditor.audit_text("Stretch your hamstrings gently. Stop if it hurts.")
    assert result.document.text
    assert attempts == []
