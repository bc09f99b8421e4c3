#!/usr/bin/python3
"""kafka-python 2.0.2 interop scenarios against a running gregor broker.

Usage: kafka_python_client.py BOOTSTRAP SCENARIO [STATE_FILE]

Scenarios:
  roundtrip        admin create (3 partitions), produce with every codec (keys, headers, explicit
                   timestamps, a null value), consume back without a group and compare exactly,
                   topic listing, beginning/end offsets, offsets_for_times, admin delete.
  produce-durable  acks=all, writes records and saves what was acknowledged to STATE_FILE.
  verify-durable   after a broker restart: reads STATE_FILE back, checks every record and offset,
                   then checks that new writes continue at the old log end offsets.

Exits 0 on success; on any mismatch prints "FAIL: ..." to stderr and exits 1.
Always run with /usr/bin/python3 (Debian's python3-kafka).
"""

import json
import sys
import time
import uuid

try:
    from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
    from kafka.admin import NewTopic
except ImportError as e:  # pragma: no cover - reported by the gtest as a missing package
    print("FAIL: kafka-python is not importable (Debian package python3-kafka): %s" % e, file=sys.stderr)
    sys.exit(2)

CODECS = [None, "gzip", "snappy", "lz4", "zstd"]
RECORDS_PER_CODEC = 200
PARTITIONS = 3
DURABLE_RECORDS = 300
# Explicit CreateTime timestamps: a fixed past base so they can never be confused with "now".
TS_BASE = 1_600_000_000_000
# Where in each partition offsets_for_times targets a record (fraction of the way through it).
TARGET_POSITIONS = [0.0, 0.01, 0.25, 0.5, 0.77, 1.0]


class Mismatch(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Mismatch(msg)


def log(msg):
    print("[kafka-python] " + msg, flush=True)


def common(bootstrap):
    return dict(bootstrap_servers=bootstrap, client_id="gregor-interop-kafka-python",
                request_timeout_ms=10000, retry_backoff_ms=100, reconnect_backoff_ms=100,
                reconnect_backoff_max_ms=1000)


def admin_client(bootstrap):
    return KafkaAdminClient(**common(bootstrap))


def producer(bootstrap, codec, acks):
    return KafkaProducer(compression_type=codec, acks=acks, linger_ms=5, retries=3,
                         max_block_ms=10000, **common(bootstrap))


def consumer(bootstrap):
    return KafkaConsumer(group_id=None, enable_auto_commit=False, auto_offset_reset="earliest",
                         consumer_timeout_ms=5000, fetch_max_wait_ms=200, **common(bootstrap))


def create_topic(admin, topic, partitions):
    resp = admin.create_topics([NewTopic(name=topic, num_partitions=partitions, replication_factor=1)],
                               timeout_ms=10000)
    for entry in resp.topic_errors:
        name, code = entry[0], entry[1]
        check(name == topic, "CreateTopics answered for unexpected topic %r" % (name,))
        check(code == 0, "CreateTopics(%s) error_code=%d (%r)" % (topic, code, entry[2:]))
    check(len(resp.topic_errors) == 1, "CreateTopics returned %d results, want 1" % len(resp.topic_errors))


def record_fields(codec, i):
    """The key, value, headers and timestamp for record i of a codec; every 50th value is null.

    Timestamps grow with the codec's position in CODECS and with i, so they also grow with the
    offset inside every partition and "earliest offset with timestamp >= T" has one answer."""
    name = codec or "none"
    key = ("%s-key-%d" % (name, i)).encode()
    value = None if i % 50 == 49 else ("%s-value-%d-" % (name, i)).encode() * (1 + i % 7)
    headers = [("codec", name.encode()), ("index", str(i).encode()), ("empty", b"")]
    return key, value, headers, TS_BASE + CODECS.index(codec) * 100_000 + i * 10


def produce_all(bootstrap, topic, codecs, count, acks):
    """Produces count records per codec; returns the acknowledged records as dicts."""
    sent = []
    for codec in codecs:
        p = producer(bootstrap, codec, acks)
        futures = []
        for i in range(count):
            key, value, headers, ts = record_fields(codec, i)
            fut = p.send(topic, key=key, value=value, headers=headers, timestamp_ms=ts)
            futures.append((fut, key, value, headers, ts))
        p.flush(timeout=20)
        for fut, key, value, headers, ts in futures:
            try:
                md = fut.get(timeout=20)
            except Exception as e:
                raise Mismatch("produce (codec=%s) of key %r failed: %r" % (codec, key, e))
            check(md.topic == topic, "RecordMetadata topic %r, want %r" % (md.topic, topic))
            check(md.timestamp == ts, "codec=%s key %r: acked timestamp %d, want CreateTime %d"
                  % (codec, key, md.timestamp, ts))
            sent.append(dict(partition=md.partition, offset=md.offset, key=key.decode(),
                             value=None if value is None else value.decode(),
                             headers=[[k, v.decode()] for k, v in headers], ts=ts, codec=codec or "none"))
        p.close(timeout=10)
        log("produced %d records with codec=%s" % (count, codec or "none"))
    return sent


def check_offsets_dense(sent, partitions, base=None):
    """Acknowledged offsets in each partition must be exactly base..base+n-1 with no gaps or duplicates."""
    by_part = {}
    for r in sent:
        by_part.setdefault(r["partition"], []).append(r["offset"])
    for p, offs in by_part.items():
        check(0 <= p < partitions, "record acknowledged on partition %d of a %d-partition topic" % (p, partitions))
        start = 0 if base is None else base.get(p, 0)
        check(sorted(offs) == list(range(start, start + len(offs))),
              "partition %d: acknowledged offsets are not dense from %d: %s..." % (p, start, sorted(offs)[:20]))
    return {p: len(o) for p, o in by_part.items()}


def consume_all(bootstrap, topic, partitions, expected_count, deadline_s=30):
    c = consumer(bootstrap)
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    c.assign(tps)
    c.seek_to_beginning()
    got = []
    deadline = time.time() + deadline_s
    while len(got) < expected_count and time.time() < deadline:
        batch = c.poll(timeout_ms=500)
        for recs in batch.values():
            got.extend(recs)
    # One more short poll: anything beyond the expected count is a defect (duplicates).
    for recs in c.poll(timeout_ms=300).values():
        got.extend(recs)
    return c, got


def compare(sent, got, what):
    want = {(r["partition"], r["offset"]): r for r in sent}
    seen = set()
    for rec in got:
        k = (rec.partition, rec.offset)
        check(k not in seen, "%s: record %s delivered twice" % (what, k))
        seen.add(k)
        check(k in want, "%s: unexpected record at partition %d offset %d (key %r)" % (what, k[0], k[1], rec.key))
        w = want[k]
        check(rec.key is not None and rec.key.decode() == w["key"],
              "%s: p%d@%d key %r, want %r" % (what, k[0], k[1], rec.key, w["key"]))
        got_value = None if rec.value is None else rec.value.decode()
        check(got_value == w["value"], "%s: p%d@%d value %r, want %r" % (what, k[0], k[1], got_value, w["value"]))
        got_headers = [[h, v.decode() if v is not None else None] for h, v in rec.headers]
        check(got_headers == w["headers"],
              "%s: p%d@%d headers %r, want %r" % (what, k[0], k[1], got_headers, w["headers"]))
        check(rec.timestamp == w["ts"], "%s: p%d@%d timestamp %d, want %d" % (what, k[0], k[1], rec.timestamp, w["ts"]))
        check(rec.timestamp_type == 0, "%s: p%d@%d timestamp_type %d, want 0 (CreateTime)"
              % (what, k[0], k[1], rec.timestamp_type))
    missing = sorted(set(want) - seen)
    check(not missing, "%s: %d acknowledged records never consumed, first: %s" % (what, len(missing), missing[:5]))
    # Within a partition, records arrive in offset order.
    last = {}
    for rec in got:
        check(rec.offset > last.get(rec.partition, -1), "%s: partition %d went backwards to offset %d"
              % (what, rec.partition, rec.offset))
        last[rec.partition] = rec.offset


def check_listing(c, admin, topic, partitions):
    topics = c.topics()
    check(topic in topics, "KafkaConsumer.topics() lacks %r: %r" % (topic, sorted(topics)))
    parts = c.partitions_for_topic(topic)
    check(parts == set(range(partitions)), "partitions_for_topic(%s) = %r, want %r"
          % (topic, parts, set(range(partitions))))
    listed = admin.list_topics()
    check(topic in listed, "KafkaAdminClient.list_topics() lacks %r: %r" % (topic, listed))
    described = admin.describe_topics([topic])
    check(len(described) == 1 and described[0]["error_code"] == 0,
          "describe_topics(%s) = %r" % (topic, described))
    check(len(described[0]["partitions"]) == partitions,
          "describe_topics: %d partitions, want %d" % (len(described[0]["partitions"]), partitions))
    for p in described[0]["partitions"]:
        check(p["leader"] == 0 and p["replicas"] == [0] and p["isr"] == [0],
              "describe_topics partition %r: want leader 0, replicas [0], isr [0]" % (p,))


def check_offsets_api(c, topic, sent, counts, partitions):
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    begin = c.beginning_offsets(tps)
    end = c.end_offsets(tps)
    for tp in tps:
        check(begin[tp] == 0, "beginning_offsets %s = %d, want 0" % (tp, begin[tp]))
        check(end[tp] == counts.get(tp.partition, 0), "end_offsets %s = %d, want %d"
              % (tp, end[tp], counts.get(tp.partition, 0)))
    # offsets_for_times: the earliest offset whose timestamp >= target, computed from what was acknowledged.
    by_part = {}
    for r in sent:
        by_part.setdefault(r["partition"], []).append((r["offset"], r["ts"]))
    # Targets at several positions, so some fall inside (not at the start of) a record batch: the
    # answer is a record's own offset and timestamp, not its batch's base offset or max timestamp.
    for position in TARGET_POSITIONS:
        queries, expect = {}, {}
        for tp in tps:
            recs = sorted(by_part.get(tp.partition, []))
            if not recs:
                continue
            target = recs[int(position * (len(recs) - 1))][1]
            queries[tp] = target
            expect[tp] = min(((o, t) for o, t in recs if t >= target), key=lambda ot: ot[0])
        result = c.offsets_for_times(queries)
        for tp, (off, ts) in expect.items():
            got = result.get(tp)
            check(got is not None, "offsets_for_times(%s, %d) = None, want offset %d" % (tp, queries[tp], off))
            check(got.offset == off and got.timestamp == ts, "offsets_for_times(%s, %d) = (offset %d, timestamp %d), "
                  "want (%d, %d)" % (tp, queries[tp], got.offset, got.timestamp, off, ts))
    # A timestamp after every record: no offset.
    late = c.offsets_for_times({tp: TS_BASE + 10**9 for tp in tps})
    for tp in tps:
        check(late.get(tp) is None, "offsets_for_times(%s, after last record) = %r, want None" % (tp, late.get(tp)))
    # A timestamp before every record: the first offset.
    early = c.offsets_for_times({tp: 0 for tp in tps if counts.get(tp.partition)})
    for tp, v in early.items():
        check(v is not None and v.offset == 0, "offsets_for_times(%s, 0) = %r, want offset 0" % (tp, v))


def wait_topic_gone(admin, topic, timeout_s=10):
    deadline = time.time() + timeout_s
    while True:
        listed = admin.list_topics()
        if topic not in listed:
            return
        if time.time() > deadline:
            raise Mismatch("topic %r still listed %ds after DeleteTopics: %r" % (topic, timeout_s, listed))
        time.sleep(0.2)


def scenario_roundtrip(bootstrap):
    topic = "kp-roundtrip-" + uuid.uuid4().hex[:8]
    admin = admin_client(bootstrap)
    create_topic(admin, topic, PARTITIONS)
    log("created %s with %d partitions" % (topic, PARTITIONS))
    sent = produce_all(bootstrap, topic, CODECS, RECORDS_PER_CODEC, acks="all")
    counts = check_offsets_dense(sent, PARTITIONS)
    check(len(counts) == PARTITIONS, "keyed records landed on only %d of %d partitions" % (len(counts), PARTITIONS))
    c, got = consume_all(bootstrap, topic, PARTITIONS, len(sent))
    compare(sent, got, "consume")
    log("consumed %d records back, all fields equal" % len(got))
    check_listing(c, admin, topic, PARTITIONS)
    check_offsets_api(c, topic, sent, counts, PARTITIONS)
    log("listing and offset lookups ok")
    c.close()
    resp = admin.delete_topics([topic], timeout_ms=10000)
    for name, code in resp.topic_error_codes:
        check(name == topic and code == 0, "DeleteTopics(%s) -> (%r, %d)" % (topic, name, code))
    wait_topic_gone(admin, topic)
    described = admin.describe_topics([topic])
    check(len(described) == 1 and described[0]["error_code"] == 3,
          "Metadata for deleted topic %s (auto-create off) = %r, want UNKNOWN_TOPIC_OR_PARTITION (3)"
          % (topic, described))
    admin.close()
    log("deleted %s" % topic)


def scenario_produce_durable(bootstrap, state_file):
    topic = "kp-durable-" + uuid.uuid4().hex[:8]
    admin = admin_client(bootstrap)
    create_topic(admin, topic, PARTITIONS)
    admin.close()
    per_codec = DURABLE_RECORDS // 2
    sent = produce_all(bootstrap, topic, [None, "gzip"], per_codec, acks="all")
    counts = check_offsets_dense(sent, PARTITIONS)
    with open(state_file, "w") as f:
        json.dump(dict(topic=topic, partitions=PARTITIONS, records=sent), f)
    log("%d records acknowledged with acks=all (per partition %r), state in %s" % (len(sent), counts, state_file))


def scenario_verify_durable(bootstrap, state_file):
    with open(state_file) as f:
        state = json.load(f)
    topic, partitions, sent = state["topic"], state["partitions"], state["records"]
    counts = {}
    for r in sent:
        counts[r["partition"]] = counts.get(r["partition"], 0) + 1
    c, got = consume_all(bootstrap, topic, partitions, len(sent))
    compare(sent, got, "after restart")
    check_offsets_api(c, topic, sent, counts, partitions)
    c.close()
    log("all %d acknowledged records survived the restart" % len(sent))
    # New writes must continue exactly at the recovered log end offsets.
    p = producer(bootstrap, None, "all")
    futs = [p.send(topic, key=b"after-restart", value=b"v", partition=part, timestamp_ms=TS_BASE + 10**8)
            for part in range(partitions)]
    p.flush(timeout=20)
    for part, fut in enumerate(futs):
        md = fut.get(timeout=20)
        check(md.offset == counts.get(part, 0), "first write after restart on partition %d got offset %d, want %d"
              % (part, md.offset, counts.get(part, 0)))
    p.close(timeout=10)
    log("writes after restart continue at the old log end offsets")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    bootstrap, scenario = argv[1], argv[2]
    try:
        if scenario == "roundtrip":
            scenario_roundtrip(bootstrap)
        elif scenario == "produce-durable" and len(argv) == 4:
            scenario_produce_durable(bootstrap, argv[3])
        elif scenario == "verify-durable" and len(argv) == 4:
            scenario_verify_durable(bootstrap, argv[3])
        else:
            print("unknown scenario or missing STATE_FILE: %r" % argv[2:], file=sys.stderr)
            return 2
    except Mismatch as e:
        print("FAIL: kafka-python %s: %s" % (scenario, e), file=sys.stderr)
        return 1
    except Exception as e:
        print("FAIL: kafka-python %s raised %s: %s" % (scenario, type(e).__name__, e), file=sys.stderr)
        import traceback
        traceback.print_exc()
        return 1
    log("%s: OK" % scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
