"""The broker's weight and its starts: P6 idle RSS and start-to-serving, P7 10,000 partitions
(create, RSS, restart), P8 restart after kill -9 with a large log. "Serving" is measured from
just before the process is started (so it includes fork and exec) until a request answers."""

import time

from . import kafka_wire
from .broker import Broker
from .common import Figure, MeasureError, at_most, free_disk_bytes, log
from .throughput import client_perf


def p6_idle(suite):
    start = suite.declare(Figure("P6.start", "scenario", "start to serving (ApiVersions), empty data dir", "ms",
                                 targets=[at_most(50, "≤ 50 ms")]))
    rss = suite.declare(Figure("P6.rss", "scenario", "idle RSS after start", "MB", targets=[at_most(30, "≤ 30 MB")]))
    peak = suite.declare(Figure("P6.peak", "scenario", "peak RSS under load (P1-P5 brokers)", "MB"))
    # The load scenarios' brokers have stopped by now; P6's own must not count.
    if suite.peak_broker_rss_mb:
        peak.samples.append(suite.peak_broker_rss_mb)
    else:
        peak.not_measured = "none of P1-P5 ran"
    starts = suite.sizes["p6_starts"]
    start.note = rss.note = f"median of {starts} starts after one not counted, each with a new data directory"
    for n in range(starts + 1):
        broker = Broker(suite, "p6")
        try:
            seconds = broker.start()
            time.sleep(suite.sizes["idle_seconds"])
            if n > 0:
                start.samples.append(seconds * 1000)
                rss.samples.append(broker.rss_mb())
                log(f"    start {n}/{starts}: {seconds * 1000:.1f} ms, RSS {rss.samples[-1]:.1f} MB")
        finally:
            broker.stop()
            broker.remove_data()


def p7_partitions(suite):
    partitions = suite.sizes["p7_partitions"]
    label = f"{partitions:,} partitions"
    # The targets are for 10,000 partitions; fewer (--quick) are measured without them.
    full = partitions >= 10_000
    create = suite.declare(Figure("P7.create", "scenario", f"create 1 topic of {label} (gregor topics)", "s"))
    rss_created = suite.declare(Figure("P7.rss", "scenario", f"RSS with {label}, after create + writes", "MB",
                                       targets=[at_most(1000, "≤ 1 GB")] if full else []))
    restart = suite.declare(Figure("P7.start", "scenario", f"restart to serving, {label}", "s",
                                   targets=[at_most(2, "≤ 2 s")] if full else []))
    rss_restarted = suite.declare(Figure("P7.rss2", "scenario", f"RSS with {label}, after restart", "MB",
                                         targets=[at_most(1000, "≤ 1 GB")] if full else []))
    restart.note = ("10 records in each partition; serving = ListOffsets answers for the last partition; "
                    "no warm-up run, each repetition a new data directory"
                    + ("" if full else "; the targets are for 10,000 partitions (default without --quick)"))
    for rep in range(suite.reps):
        broker = Broker(suite, "p7")
        try:
            broker.start()
            began = time.monotonic()
            broker.create_topic("p7", partitions)
            create.samples.append(time.monotonic() - began)
            client_perf(suite, broker, "produce", "p7", partitions * 10, size=100, partition=-1,
                        extra=["partitioner=round_robin"])
            time.sleep(suite.sizes["idle_seconds"])
            rss_created.samples.append(broker.rss_mb())
            broker.stop()
            seconds = broker.start(ready=lambda: kafka_wire.latest_offset(broker.port, "p7", partitions - 1) is not None)
            restart.samples.append(seconds)
            time.sleep(suite.sizes["idle_seconds"])
            rss_restarted.samples.append(broker.rss_mb())
            log(f"    rep {rep + 1}/{suite.reps}: create {create.samples[-1]:.2f} s, restart {seconds:.2f} s, "
                f"RSS {rss_created.samples[-1]:.0f} / {rss_restarted.samples[-1]:.0f} MB")
        finally:
            broker.stop()
            broker.remove_data()


def p8_crash_restart(suite):
    wanted = int(suite.sizes["p8_gb"] * 1e9)
    size, note = wanted, ""
    # Room for the log, its indexes and some slack; scale down rather than fill the disk.
    free = free_disk_bytes(suite.work)
    if wanted * 1.1 + 2e9 > free:
        size = max(0, int((free - 2e9) / 1.1))
        note = f"scaled down from {wanted / 1e9:g} GB: {free / 1e9:.1f} GB free; "
        log(f"    P8: only {free / 1e9:.1f} GB free on the data file system: {size / 1e9:.2f} GB of log "
            f"instead of {wanted / 1e9:g} GB")
    fig = suite.declare(Figure("P8", "scenario", f"restart after kill -9, {size / 1e9:.3g} GB log, to serving", "s",
                               targets=[at_most(2, "≤ 2 s")]))
    fig.note = note + ("1 partition of 1 KiB records, unflushed (page cache) when killed; serving = ListOffsets "
                       "returns the full log end offset; no warm-up run, each repetition a new log")
    if size < 100e6:
        raise MeasureError(f"not enough free disk space ({free / 1e9:.1f} GB)")
    records = size // 1024
    for rep in range(suite.reps):
        broker = Broker(suite, "p8")
        try:
            broker.start()
            client_perf(suite, broker, "produce", "p8", records, size=1024)
            broker.kill()
            seconds = broker.start(ready=lambda: kafka_wire.latest_offset(broker.port, "p8", 0) == records,
                                   timeout=600)
            fig.samples.append(seconds)
            log(f"    rep {rep + 1}/{suite.reps}: {seconds:.2f} s")
        finally:
            broker.stop()
            broker.remove_data()
