"""Put on PYTHONPATH to run a Python process with no network: every connection attempt raises."""

import socket


def _refuse(*args, **kwargs):
    raise OSError("network access is disabled for this process (tests/support/nonet)")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
