"""References: this machine's own limits, measured in the same run as the scenarios that are
compared with them. Files go to the work directory, which is on the brokers' data file system."""

import json
import os
import shutil

from .common import Figure, MeasureError, Service, free_port, listening, parse_result, run, wait_for


def loopback_tcp(suite):
    """R1: one TCP stream over 127.0.0.1 with iperf3 (client and server on this machine)."""
    fig = suite.declare(Figure("R1", "reference", "loopback TCP, 1 stream (iperf3)", "MB/s"))
    if not shutil.which("iperf3"):
        raise MeasureError("iperf3 is not installed (make bench installs it)")
    port = free_port()
    server = Service(suite, "iperf3", ["iperf3", "--server", "--bind", "127.0.0.1", "--port", str(port)],
                     os.path.join(suite.work, "iperf3.log"))
    seconds = suite.sizes["iperf_seconds"]

    def once(duration=seconds):
        out = run(["iperf3", "--client", "127.0.0.1", "--port", str(port), "--time", str(duration), "--json"])
        return json.loads(out)["end"]["sum_received"]["bits_per_second"] / 8 / 1e6

    try:
        wait_for(lambda: listening(port), 10, what="iperf3 --server")
        once(1)  # warm-up
        suite.measure(fig, once, warmup=False)
    finally:
        server.stop()


def disk_write(suite):
    """R2: buffered sequential writes in 1 MiB blocks with fio, ending with an fsync that fio's
    bandwidth includes (the figure P2 is compared with). R2b: the same without the fsync, i.e.
    how fast the page cache takes the data (shown for information)."""
    synced = suite.declare(Figure("R2", "reference", "disk write, buffered 1 MiB + final fsync (fio)", "MB/s"))
    cached = suite.declare(Figure("R2b", "reference", "disk write, buffered 1 MiB, no fsync (fio)", "MB/s"))
    if not shutil.which("fio"):
        raise MeasureError("fio is not installed (make bench installs it)")
    size_mib = suite.sizes["disk_mib"]

    def once(end_fsync):
        directory = suite.scratch("fio")
        try:
            return fio_write(directory, size_mib, end_fsync)
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    suite.measure(synced, lambda: once(1))
    suite.measure(cached, lambda: once(0))


def fio_write(directory, size_mib, end_fsync):
    """fio writing one new file of size_mib in 1 MiB blocks (buffered, psync), with or without a
    final fsync that its bandwidth includes; MB/s."""
    if not shutil.which("fio"):
        raise MeasureError("fio is not installed (make bench installs it)")
    out = run(["fio", "--name=seqwrite", f"--directory={directory}", "--rw=write", "--bs=1M",
               f"--size={size_mib}M", "--ioengine=psync", "--fallocate=none", f"--end_fsync={end_fsync}",
               "--output-format=json"], timeout=600)
    return json.loads(out)["jobs"][0]["write"]["bw_bytes"] / 1e6


def sendfile(suite):
    """R3: a page-cached file sent with sendfile(2) to a loopback reader (bench/probes)."""
    fig = suite.declare(Figure("R3", "reference", "file -> loopback socket, sendfile (probe)", "MB/s"))
    probe = suite.binary("bench/sendfile_probe")
    directory = suite.scratch("sendfile")

    def once():
        out = run([probe, "--dir", directory, "--file-mib", str(suite.sizes["sendfile_mib"]),
                   "--seconds", str(suite.sizes["sendfile_seconds"])])
        return parse_result(out)["mb_per_s"]

    suite.measure(fig, once)


def fdatasync(suite):
    """R4: write + fdatasync of 4 KiB appends to a growing file (bench/probes), p50 and p99."""
    p50 = suite.declare(Figure("R4.p50", "reference", "4 KiB append + fdatasync, p50 (probe)", "ms"))
    p99 = suite.declare(Figure("R4.p99", "reference", "4 KiB append + fdatasync, p99 (probe)", "ms"))
    probe = suite.binary("bench/fsync_probe")
    directory = suite.scratch("fsync")

    def once():
        r = parse_result(run([probe, "--dir", directory, "--count", str(suite.sizes["fsync_count"])]))
        return {"value": r["p50_us"] / 1000, "p99": r["p99_us"] / 1000}

    suite.measure(p50, once)
    # The same runs' p99.
    p99.samples = p50.extra.pop("p99", [])
    p99.not_measured = p50.not_measured
