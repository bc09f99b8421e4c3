"""Peers measured in the same run: Redis 7 Streams (Debian's redis-server, started here on a
free loopback port and stopped by PID) under redis-benchmark, and librdkafka's
rdkafka_performance as a neutral Kafka client (used by scenario P5)."""

import csv
import io
import os
import re
import shutil
import socket

from .common import Figure, MeasureError, Service, free_port, listening, run, wait_for

VALUE_100B = "v" * 100


def _redis_command(port, *words):
    """One command in Redis's inline protocol; returns the first reply line."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall((" ".join(words) + "\r\n").encode())
        return sock.recv(256).split(b"\r\n")[0]


def redis_streams(suite):
    """XADD of 100-byte values to one stream, 50 clients (redis-benchmark's default), pipelined
    16 deep and not, without persistence and with AOF (appendfsync everysec: written at once,
    fsynced once a second, so about what acks=1 on a page-cache log gives)."""
    figs = {}
    for aof in (False, True):
        for pipeline in (16, 1):
            fid = f"REDIS{'.aof' if aof else ''}.p{pipeline}"
            how = f"pipelined -P {pipeline}" if pipeline > 1 else "not pipelined"
            figs[(aof, pipeline)] = suite.declare(Figure(
                fid, "peer", f"Redis XADD 100 B, {how}, {'AOF everysec' if aof else 'no persistence'}", "ops/s"))
    if not shutil.which("redis-server") or not shutil.which("redis-benchmark"):
        raise MeasureError("redis-server is not installed (make bench installs it)")

    for aof in (False, True):
        port = free_port()
        directory = suite.scratch("redis-aof" if aof else "redis")
        argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "",
                "--appendonly", "yes" if aof else "no", "--appendfsync", "everysec", "--daemonize", "no"]
        server = Service(suite, "redis", argv, os.path.join(directory, "redis.log"))
        try:
            wait_for(lambda: listening(port) and _redis_command(port, "PING") == b"+PONG", 10,
                     interval=0.01, what="redis-server")
            for pipeline in (16, 1):
                count = suite.sizes["redis_pipelined" if pipeline > 1 else "redis_single"]

                def once():
                    _redis_command(port, "DEL", "bench")  # every run starts with an empty stream
                    out = run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", "50",
                               "-n", str(count), "-P", str(pipeline), "--csv",
                               "XADD", "bench", "*", "v", VALUE_100B], timeout=600)
                    rows = list(csv.DictReader(io.StringIO(out)))
                    if not rows:
                        raise MeasureError("no result from redis-benchmark: " + out[-160:])
                    return float(rows[-1]["rps"])

                suite.measure(figs[(aof, pipeline)], once)
        finally:
            server.stop()
            shutil.rmtree(directory, ignore_errors=True)


def rdkafka_performance(suite, bootstrap, args, timeout=600):
    """Runs rdkafka_performance (built by bench/run from librdkafka-dev's example source) and
    returns the messages per second of its final summary line."""
    perf = suite.binary("bench/rdkafka_performance")
    out = run([perf, *args, "-b", bootstrap], timeout=timeout, what="rdkafka_performance")
    # Its summary: "% N messages produced (B bytes), T ms, version ..., R msgs/s and M MB/s, ..."
    summaries = [line for line in out.replace("\r", "\n").splitlines()
                 if re.match(r"% [1-9][0-9]* messages .*(produced|consumed)", line)]
    rates = re.findall(r"([0-9]+) msgs/s", summaries[-1]) if summaries else []
    if not rates:
        raise MeasureError("no summary from rdkafka_performance: " + out.strip()[-160:])
    return float(rates[-1])
