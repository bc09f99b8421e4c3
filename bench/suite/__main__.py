"""Gregor's benchmark suite (issue 6): references, peers and scenarios measured in one run,
printed as a table of figures, references, ratios and targets, and written as JSON.
Started by bench/run, which builds what it needs first; see bench/README.md.

    bench/run [--quick] [--reps N] [--only P1,P3,...] [--json FILE] [--p8-gb G] [--work-dir DIR]
"""

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import traceback

from . import groups, latency, lifecycle, peers, references, table, throughput
from .common import MeasureError, Suite, log
from .memory_cap import MemoryCap

# Each part: id, what it measures, its function, the parts whose figures it is compared with.
PARTS = (
    ("R1", "loopback TCP bandwidth", references.loopback_tcp, ()),
    ("R2", "sequential write bandwidth of the data file system", references.disk_write, ()),
    ("R3", "file -> socket with sendfile", references.sendfile, ()),
    ("R4", "fdatasync latency of 4 KiB appends", references.fdatasync, ()),
    ("REDIS", "Redis 7 Streams XADD", peers.redis_streams, ()),
    ("P1", "100 B records, acks=1", throughput.p1_small_records, ("REDIS",)),
    ("P2", "broker ingest, 1 KiB records", throughput.p2_ingest, ("R2",)),
    ("P3", "consume from page cache", throughput.p3_consume, ("R3",)),
    ("P4", "end-to-end latency at fixed rates", latency.p4_latency, ("R4",)),
    ("P5", "our client vs librdkafka", throughput.p5_clients, ()),
    ("P6", "idle RSS and start to serving", lifecycle.p6_idle, ()),
    ("P7", "many partitions (10,000; --quick: 2,000)", lifecycle.p7_partitions, ()),
    ("P8", "restart after kill -9 with a large log", lifecycle.p8_crash_restart, ()),
    ("G", "consumer groups (bench/groups)", groups.consumer_groups, ()),
)

# Parts run with the page cache capped and full (memory_cap.py): those whose figures are bound by
# writing to or reading from the page cache at full speed.
CAPPED_PARTS = ("P1", "P2", "P3", "P5")

# Sizes of the full run and of --quick (a smoke run of a few minutes).
SIZES = {
    "full": dict(iperf_seconds=3, disk_mib=1024, sendfile_mib=512, sendfile_seconds=2, fsync_count=2000,
                 redis_pipelined=2_000_000, redis_single=300_000, p1_records=5_000_000, p2_mib=1024,
                 p3_mib=1024, p4_seconds=10, p4_warmup=2, p5_small=2_000_000, p5_large=500_000, p6_starts=7,
                 idle_seconds=1, p7_partitions=10_000, p8_gb=10),
    "quick": dict(iperf_seconds=1, disk_mib=256, sendfile_mib=128, sendfile_seconds=1, fsync_count=300,
                  redis_pipelined=200_000, redis_single=50_000, p1_records=500_000, p2_mib=256, p3_mib=256,
                  p4_seconds=2, p4_warmup=0.5, p5_small=300_000, p5_large=100_000, p6_starts=3,
                  idle_seconds=0.5, p7_partitions=2_000, p8_gb=0.2),
}


def parse_args():
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and 1 repetition: a smoke run")
    parser.add_argument("--reps", type=int, help="measured repetitions per figure (default 3; --quick: 1)")
    parser.add_argument("--only", help="comma-separated parts, e.g. P1,P3 (plus the references they need); "
                                       "parts: " + ",".join(p[0] for p in PARTS))
    parser.add_argument("--json", default="bench/results/latest.json", help="where to write the results")
    parser.add_argument("--p8-gb", type=float, help="log size for P8 in GB (default 10; --quick: 0.2)")
    parser.add_argument("--p7-partitions", type=int, help="partitions for P7 (default 10000; --quick: 2000)")
    parser.add_argument("--work-dir", help="parent of the scratch directory, on the file system to measure "
                                           "(default: the build directory)")
    parser.add_argument("--keep-work", action="store_true", help="keep the scratch directory (logs)")
    parser.add_argument("--page-cache-mib", type=int, default=8192,
                        help="memory cap (a cgroup, filled first) for the throughput parts and what they start, so "
                             "that the page cache is full as on a long-running host (bench/README.md); 0: no cap "
                             "(default 8192)")
    parser.add_argument("--no-build", action="store_true", help="(handled by bench/run) do not build first")
    args = parser.parse_args()
    if args.reps is not None and args.reps < 1:
        parser.error("--reps must be at least 1")
    return args


def selected_parts(only):
    known = {p[0] for p in PARTS}
    if not only:
        return known
    wanted = {name.strip().upper() for name in only.split(",") if name.strip()}
    unknown = wanted - known
    if unknown:
        sys.exit(f"bench/run: unknown part(s) {', '.join(sorted(unknown))}; known: {', '.join(p[0] for p in PARTS)}")
    for part_id, _, _, needs in PARTS:
        if part_id in wanted:
            wanted.update(needs)
    return wanted


def machine(suite):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               "unknown CPU")
    mem_kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    mount, fstype = "/", "?"
    for line in open("/proc/mounts"):
        fields = line.split()
        if suite.work.startswith(fields[1].rstrip("/") + "/") and len(fields[1]) >= len(mount):
            mount, fstype = fields[1], fields[2]
    try:
        commit = subprocess.run(["git", "-C", suite.root, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", suite.root, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except OSError:
        commit = "?"
    return {
        "cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(), "data_fs": fstype, "data_mount": mount,
        "commit": commit, "date": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def _interrupted(signum, frame):
    """SIGTERM (e.g. from timeout) ends the run like Ctrl-C: processes stopped, scratch removed."""
    raise KeyboardInterrupt


def main():
    args = parse_args()
    sizes = dict(SIZES["quick" if args.quick else "full"])
    if args.p8_gb is not None:
        sizes["p8_gb"] = args.p8_gb
    if args.p7_partitions is not None:
        sizes["p7_partitions"] = args.p7_partitions
    suite = Suite(args, sizes)
    wanted = selected_parts(args.only)
    signal.signal(signal.SIGTERM, _interrupted)
    crashed = False
    cap = MemoryCap(args.page_cache_mib)
    try:
        if args.page_cache_mib <= 0:
            cap.reason = "--page-cache-mib 0"
        elif not any(p in wanted for p in CAPPED_PARTS):
            cap.reason = "no part that runs capped"
        elif cap.enter():
            log(f"== page cache: capped at {cap.mib} MiB (cgroup {cap.group}) for {', '.join(CAPPED_PARTS)}; "
                f"writing the ballast")
            cap.fill(suite.work)
        else:
            log(f"== page cache: not capped: {cap.reason}")
        for part_id, title, run_part, _ in PARTS:
            if part_id not in wanted:
                continue
            log(f"== {part_id}: {title}")
            cap.use(part_id in CAPPED_PARTS)
            # What earlier parts left dirty must not slow this part (measure() does so per run too).
            suite.settle()
            before = set(suite.figures)
            reason = None
            try:
                run_part(suite)
            except MeasureError as e:
                reason = str(e)
                log(f"    {part_id}: {e}")
            except Exception as e:  # a bug in the suite: report it, go on with the other parts
                crashed = True
                reason = f"{type(e).__name__}: {e}"
                traceback.print_exc()
            # Figures the part left without a result: the first gets the reason, the rest point to it.
            first = None
            for fig in (f for fid, f in suite.figures.items() if fid not in before):
                if not fig.samples and not fig.not_measured:
                    fig.not_measured = f"see {first}" if first else (reason or "no result")
                    first = first or fig.id
        info = machine(suite)
    finally:
        suite.stop_all()
        cap.leave()
        if args.keep_work:
            log(f"scratch directory kept: {suite.work}")
        else:
            suite.remove_work()

    mode = "--quick" if args.quick else "full"
    heading = [
        f"Gregor benchmark suite, {info['date']}, commit {info['commit']}: {mode} run, "
        f"median of {suite.reps} repetition(s) after a warm-up",
        f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory_gib']} GiB RAM, Linux {info['kernel']}, "
        f"data on {info['data_fs']} ({info['data_mount']}); shared and noisy: read ratios, not absolute figures",
        cap.describe([p for p in CAPPED_PARTS if p in wanted]),
    ]
    figures = list(suite.figures.values())
    print()
    print(table.render(figures, heading))

    json_path = os.path.join(suite.root, args.json) if not os.path.isabs(args.json) else args.json
    os.makedirs(os.path.dirname(json_path), exist_ok=True)
    with open(json_path, "w") as f:
        json.dump({"machine": info, "options": {"mode": mode, "reps": suite.reps, "sizes": sizes,
                                                "parts": sorted(wanted)},
                   "page_cache": cap.describe([p for p in CAPPED_PARTS if p in wanted]), "figures": [fig.to_json() for fig in figures], **suite.extra_results}, f, indent=1)
    shown = os.path.relpath(json_path) if json_path.startswith(os.getcwd() + "/") else json_path
    print(f"\nresults: {shown}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
