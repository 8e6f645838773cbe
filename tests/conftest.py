"""Shared fixtures. The whole test session runs with the network switched off."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (development data, not part of the repository); tests that
# use it skip when it is absent.
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.is_dir()),
              REPO.parent / "shared")


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to reach another host."""


_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection
_real_getaddrinfo = socket.getaddrinfo
LOCAL = ("127.0.0.1", "localhost", "::1", "0.0.0.0")


def _is_local(address: object) -> bool:
    if isinstance(address, tuple) and address:
        return str(address[0]) in LOCAL or str(address[0]).startswith("127.")
    return isinstance(address, str | bytes)  # unix sockets


def _guard_connect(self: socket.socket, address: object) -> object:
    if not _is_local(address):
        raise NetworkBlocked(f"test tried to connect to {address!r}")
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guard_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if host is not None and not _is_local((host,)):
        raise NetworkBlocked(f"test tried to resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    """Block every non-loopback connection for the whole session."""
    socket.socket.connect = _guard_connect  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = _guard_getaddrinfo  # type: ignore[assignment]


@pytest.fixture(scope="session")
def knowledge():
    from pipeline.knowledge import KnowledgeBase

    return KnowledgeBase()


@pytest.fixture(scope="session")
def auditor(knowledge):
    """One Auditor (and one loaded spaCy model) for the whole session."""
    from pipeline.audit import Auditor
    from pipeline.config import Config

    return Auditor(Config(), knowledge)


@pytest.fixture(scope="session")
def nlp(auditor):
    return auditor.nlp


@pytest.fixture
def audit_text(auditor):
    def run(text: str, detect_title: bool = False):
        return auditor.audit_text(text, detect_title=detect_title)

    return run


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    yield tmp_path
