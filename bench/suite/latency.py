"""P4: end-to-end latency (produce -> consume) at fixed rates with bench/e2e_latency, which
measures from each record's intended send time (no coordinated omission)."""

import itertools

from .broker import Broker
from .common import Figure, at_most, parse_result, run

RATES = (1_000, 10_000, 100_000)
RECORD_BYTES = 1024
# The producer sends as soon as it can (linger_ms=0); records that arrive while earlier requests
# are in flight wait in a batch of up to this many bytes. With the client's default 16 KiB,
# acks=all at 100k msg/s would be limited by 5 requests in flight per fsync, not by the broker.
BATCH_BYTES = 1_000_000


def p4_latency(suite):
    seconds, warmup = suite.sizes["p4_seconds"], suite.sizes["p4_warmup"]
    figures = []
    for acks in ("1", "all"):
        for rate in RATES:
            targets = []
            if rate == 10_000:  # the targets are for 10k msg/s
                bound = 1.0 if acks == "1" else 2.0
                targets = [at_most(bound, f"p99 ≤ {bound:g} ms")]
            figures.append((rate, acks, suite.declare(Figure(
                f"P4.{rate // 1000}k.acks{acks}", "scenario",
                f"e2e p50/p99/p99.9, {rate // 1000}k msg/s 1 KiB acks={acks}", "ms",
                # acks=all waits for an fdatasync: compare with the machine's own.
                reference=suite.figure("R4.p99") if acks == "all" else None, targets=targets,
                note=f"{seconds:g} s measured after {warmup:g} s not counted; linger_ms=0, batch_size={BATCH_BYTES}; "
                     "figure and ratio use p99"))))

    e2e = suite.binary("bench/e2e_latency")
    with Broker(suite, "p4") as broker:
        for rate, acks, fig in figures:
            run_number = itertools.count()

            def once():
                topic = f"p4-{rate}-acks{acks}-{next(run_number)}"
                r = parse_result(run([e2e, "-b", broker.bootstrap, "-t", topic, "--rate", str(rate),
                                      "--seconds", str(seconds), "--warmup", str(warmup),
                                      "--size", str(RECORD_BYTES), "--acks", acks,
                                      "-X", f"batch_size={BATCH_BYTES}"],
                                     timeout=seconds + warmup + 120, what="e2e_latency"))
                return {"value": r["p99_us"] / 1000, "p50": r["p50_us"] / 1000, "p99.9": r["p999_us"] / 1000}

            # e2e_latency's first warmup seconds are its warm-up.
            suite.measure(fig, once, warmup=False)
