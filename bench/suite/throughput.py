"""Throughput scenarios, each on a broker of its own: P1 small records (vs Redis XADD), P2 broker
ingest (vs the disk), P3 consuming from page cache (vs sendfile), P5 our client vs librdkafka."""

import itertools
import os
import shutil

from . import peers, references
from .broker import Broker
from .table import number
from .common import Figure, MeasureError, at_least, log, parse_result, ratio_at_least, record, run

# Producer settings of every throughput run (ours and librdkafka's): up to 5 ms to fill batches
# of up to 1,000,000 bytes (just under the broker's default max.message.bytes).
LINGER_MS = 5
BATCH_BYTES = 1_000_000


def client_perf(suite, broker, mode, topic, count, size=100, partition=0, acks="1", codec="none", extra=()):
    """Runs bench/client_perf (Gregor's client) and returns its RESULT figures. partition -1:
    the partitioner spreads the records (produce) / every partition is read (consume)."""
    argv = [suite.binary("bench/client_perf"), mode, "-b", broker.bootstrap, "-t", topic, "-c", str(count),
            "-p", str(partition)]
    if mode == "produce":
        argv += ["-s", str(size), "-a", acks, "-z", codec, "-X", f"linger_ms={LINGER_MS}",
                 "-X", f"batch_size={BATCH_BYTES}"]
    for setting in extra:
        argv += ["-X", setting]
    result = parse_result(run(argv, timeout=1800, what=f"client_perf {mode}"))
    if result.get("errors"):
        raise MeasureError(f"client_perf {mode}: {result['errors']:.0f} records failed")
    return result


def p1_small_records(suite):
    redis = suite.figure("REDIS.p16")
    count = suite.sizes["p1_records"]
    with Broker(suite, "p1") as broker:
        for partitions in (1, 8):
            fig = suite.declare(Figure(
                f"P1.{partitions}p", "scenario", f"produce 100 B acks=1, {partitions} partition{'s' * (partitions > 1)}",
                "rec/s", reference=redis, targets=[at_least(2.5e6, "≥ 2.5 M/s"), ratio_at_least(2)],
                note=f"{count} records per run; with 8 partitions the producer's sticky partitioner spreads them"))
            run_number = itertools.count()

            def once():
                topic = f"p1-{partitions}p-{next(run_number)}"
                broker.create_topic(topic, partitions)
                return client_perf(suite, broker, "produce", topic, count, size=100,
                                   partition=0 if partitions == 1 else -1)["records_per_s"]

            suite.measure(fig, once)


def p2_ingest(suite):
    """Broker ingest against fio writing the same amount, the two alternating run by run and both
    keeping what they wrote until the part ends (R2 deletes its file after every run, so its runs
    reuse the pages the run before freed, which on this VM is cheaper than the new pages a growing
    log takes when the page cache is not capped; memory_cap.py). R2f puts fio in P2's situation."""
    mib = suite.sizes["p2_mib"]
    disk = suite.declare(Figure("R2f", "reference", "disk write, 1 MiB + fsync, alternating with P2 (fio)", "MB/s",
                                note="fio as R2 (1 MiB blocks, final fsync) into a new file per run, files kept "
                                     "until P2 ends, runs alternating with P2's; R2 reuses freed page-cache pages"))
    fig = suite.declare(Figure("P2", "scenario", "broker ingest, 1 KiB records, ~1 MB batches, acks=1", "MB/s",
                               reference=disk, targets=[ratio_at_least(0.7)],
                               note=f"{mib} MiB per run; compared with R2f, fio under the same page-cache conditions"))
    fio_dir = suite.scratch("p2-fio")
    try:
        with Broker(suite, "p2") as broker:
            run_number = itertools.count()

            def fio():
                directory = os.path.join(fio_dir, str(next(run_number)))
                os.mkdir(directory)
                return references.fio_write(directory, mib, end_fsync=1)

            def gregor():
                topic = f"p2-{next(run_number)}"
                return client_perf(suite, broker, "produce", topic, mib * 1024, size=1024)["mb_per_s"]

            _alternate(suite, disk, fio, fig, gregor)
    finally:
        shutil.rmtree(fio_dir, ignore_errors=True)


def p3_consume(suite):
    mib = suite.sizes["p3_mib"]
    count = mib * 1024
    with Broker(suite, "p3") as broker:
        for partitions in (1, 8):
            fig = suite.declare(Figure(
                f"P3.{partitions}p", "scenario", f"consume from page cache, 1 KiB, {partitions} partition{'s' * (partitions > 1)}",
                "MB/s", reference=suite.figure("R3"), targets=[ratio_at_least(0.7)],
                note=f"{mib} MiB written first; every run reads it all"))
            topic = f"p3-{partitions}p"
            broker.create_topic(topic, partitions)
            spread = 0 if partitions == 1 else -1
            client_perf(suite, broker, "produce", topic, count, size=1024, partition=spread)
            suite.measure(fig, lambda: client_perf(suite, broker, "consume", topic, count, partition=spread)["mb_per_s"])


def p5_clients(suite):
    """Gregor's client and rdkafka_performance with the same settings on the same broker, the two
    alternating run by run so that drift on the machine affects both alike."""
    small, large = suite.sizes["p5_small"], suite.sizes["p5_large"]
    produce_specs = [(100, small, "1", "none"), (1024, large, "1", "none")]
    if not suite.options.quick:
        produce_specs += [(100, small, "-1", "none"), (1024, large, "-1", "none"), (100, small, "1", "lz4"),
                          (100, small, "1", "zstd"), (1024, large, "1", "lz4"), (1024, large, "1", "zstd")]
    with Broker(suite, "p5") as broker:
        for size, count, acks, codec in produce_specs:
            what = f"produce {size} B acks={'all' if acks == '-1' else acks}{'' if codec == 'none' else ' ' + codec}"
            key = f"{_size_key(size)}{'.all' if acks == '-1' else ''}{'' if codec == 'none' else '.' + codec}"
            theirs = suite.declare(Figure(f"RK.p{key}", "peer", f"rdkafka_performance {what}", "rec/s"))
            ours = suite.declare(Figure(f"P5.p{key}", "scenario", f"our client {what}", "rec/s",
                                        reference=theirs, targets=[ratio_at_least(1.2)]))
            run_number = itertools.count()

            def rdkafka():
                return peers.rdkafka_performance(
                    suite, broker.bootstrap,
                    ["-P", "-t", f"rk-{key}-{next(run_number)}", "-p", "0", "-s", str(size), "-c", str(count),
                     "-a", acks, "-z", codec, "-X", f"linger.ms={LINGER_MS}", "-X", f"batch.size={BATCH_BYTES}"])

            def gregor():
                return client_perf(suite, broker, "produce", f"cl-{key}-{next(run_number)}", count, size=size,
                                   acks=acks, codec=codec)["records_per_s"]

            _alternate(suite, theirs, rdkafka, ours, gregor)

        for size, count in ((100, small), (1024, large)):
            theirs = suite.declare(Figure(f"RK.c{_size_key(size)}", "peer", f"rdkafka_performance consume {size} B",
                                          "rec/s"))
            ours = suite.declare(Figure(f"P5.c{_size_key(size)}", "scenario", f"our client consume {size} B", "rec/s",
                                        reference=theirs, targets=[ratio_at_least(1.2)]))
            topic = f"p5-consume-{size}"
            client_perf(suite, broker, "produce", topic, count, size=size)

            def rdkafka():
                return peers.rdkafka_performance(
                    suite, broker.bootstrap,
                    ["-C", "-t", topic, "-p", "0", "-o", "beginning", "-c", str(count),
                     "-X", "enable.partition.eof=false"])

            def gregor():
                return client_perf(suite, broker, "consume", topic, count)["records_per_s"]

            _alternate(suite, theirs, rdkafka, ours, gregor)


def _size_key(size):
    return "1k" if size == 1024 else str(size)


def _alternate(suite, first_fig, first, second_fig, second):
    """A warm-up of each, then per repetition one run of each."""
    try:
        for run_once in (first, second):
            suite.settle()
            run_once()
        for rep in range(suite.reps):
            suite.settle()
            record(first_fig, first())
            suite.settle()
            record(second_fig, second())
            log(f"    {second_fig.name}: rep {rep + 1}/{suite.reps}: {number(second_fig.samples[-1], second_fig.unit)}"
                f" vs {number(first_fig.samples[-1], first_fig.unit)}")
    except MeasureError as e:
        for fig in (first_fig, second_fig):
            if not fig.samples:
                fig.not_measured = str(e)
        log(f"    {second_fig.name}: not measured: {e}")
