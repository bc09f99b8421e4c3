"""Just enough of the Kafka wire protocol to tell when a broker serves, over a plain socket:
ApiVersions v0 (does it answer requests at all?) and ListOffsets v1 for the latest offset of one
partition (has it loaded that partition's log?). Both use request header v1; their responses
have header v0 (a correlation id), so there are no tagged fields to skip."""

import socket
import struct

API_VERSIONS = 18
LIST_OFFSETS = 2
LATEST = -1  # ListOffsets timestamp meaning "the log end offset"


def _string(text):
    raw = text.encode()
    return struct.pack(">h", len(raw)) + raw


def _read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        data += chunk
    return data


def _call(sock, api_key, version, body):
    """Sends one request and returns the response body (after the correlation id)."""
    correlation_id = 1
    request = struct.pack(">hhi", api_key, version, correlation_id) + _string("gregor-bench") + body
    sock.sendall(struct.pack(">i", len(request)) + request)
    size = struct.unpack(">i", _read_exactly(sock, 4))[0]
    response = _read_exactly(sock, size)
    if struct.unpack(">i", response[:4])[0] != correlation_id:
        raise ConnectionError("unexpected correlation id")
    return response[4:]


def answers_api_versions(port, timeout=1.0):
    """True when the broker on 127.0.0.1:port answers ApiVersions without an error."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        body = _call(sock, API_VERSIONS, 0, b"")
        return struct.unpack(">h", body[:2])[0] == 0


def latest_offset(port, topic, partition, timeout=5.0):
    """The partition's log end offset, or None while the broker answers with an error for it."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        body = (struct.pack(">i", -1)  # replica id: a consumer
                + struct.pack(">i", 1) + _string(topic)
                + struct.pack(">i", 1) + struct.pack(">iq", partition, LATEST))
        response = _call(sock, LIST_OFFSETS, 1, body)
        # topics: [name, partitions: [partition, error_code, timestamp, offset]]
        pos = 4  # topic count (1)
        name_length = struct.unpack(">h", response[pos:pos + 2])[0]
        pos += 2 + name_length + 4  # the name, then the partition count (1)
        _, error_code, _, offset = struct.unpack(">ihqq", response[pos:pos + 22])
        return offset if error_code == 0 else None
