#!/usr/bin/python3
"""confluent-kafka 1.7.0 (librdkafka 2.0.2) interop scenarios against a running gregor broker.

Usage: confluent_kafka_client.py BOOTSTRAP SCENARIO [STATE_FILE]

Scenarios:
  roundtrip             AdminClient create (3 partitions); produce with every codec (keys, headers,
                        explicit timestamps, a null value); consume back with assign() to explicit
                        offsets (from 0 and from the middle of compressed batches); list_topics;
                        get_watermark_offsets and offsets_for_times; delete_topics.
  roundtrip-idempotent  the same with enable.idempotence=true.
  produce-durable       idempotent producer, writes records and saves what was acknowledged.
  verify-durable        after a broker restart: every acknowledged record exactly once at its
                        offset, watermarks, and new idempotent writes continue at the old end.

The consumer has a group.id only because confluent-kafka 1.7.0 refuses to build a Consumer without
one; it never subscribes or commits, so no group request is needed to pass.
Exits 0 on success; on any mismatch prints "FAIL: ..." to stderr and exits 1.
"""

import gc
import json
import sys
import time
import uuid

try:
    from confluent_kafka import (Consumer, KafkaError, KafkaException, Producer, TopicPartition,
                                 TIMESTAMP_CREATE_TIME)
    from confluent_kafka.admin import AdminClient, NewTopic
except ImportError as e:  # pragma: no cover - reported by the gtest as a missing package
    print("FAIL: confluent-kafka is not importable (Debian package python3-confluent-kafka): %s" % e,
          file=sys.stderr)
    sys.exit(2)

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
RECORDS_PER_CODEC = 200
PARTITIONS = 3
DURABLE_RECORDS = 300
TS_BASE = 1_600_000_000_000
# Where in each partition offsets_for_times targets a record (fraction of the way through it).
TARGET_POSITIONS = [0.0, 0.01, 0.25, 0.5, 0.77, 1.0]
TIMEOUT_S = 10


class Mismatch(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Mismatch(msg)


def log(msg):
    print("[confluent-kafka] " + msg, flush=True)


def base_conf(bootstrap):
    return {"bootstrap.servers": bootstrap, "client.id": "gregor-interop-confluent",
            "socket.timeout.ms": 10000, "reconnect.backoff.ms": 100, "reconnect.backoff.max.ms": 1000,
            "broker.address.family": "v4"}


def admin_client(bootstrap):
    return AdminClient(base_conf(bootstrap))


def make_producer(bootstrap, codec, idempotent):
    conf = dict(base_conf(bootstrap))
    conf.update({"compression.type": codec, "linger.ms": 5, "acks": "all", "retry.backoff.ms": 100,
                 "enable.idempotence": idempotent, "message.timeout.ms": 20000})
    return Producer(conf)


def make_consumer(bootstrap):
    conf = dict(base_conf(bootstrap))
    conf.update({"group.id": "gregor-interop-unused", "enable.auto.commit": False,
                 "enable.auto.offset.store": False, "enable.partition.eof": True,
                 "fetch.wait.max.ms": 100, "auto.offset.reset": "error"})
    return Consumer(conf)


def create_topic(admin, topic, partitions):
    futures = admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)],
                                  operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
    check(set(futures) == {topic}, "create_topics returned futures for %r" % (list(futures),))
    try:
        futures[topic].result(timeout=TIMEOUT_S + 5)
    except KafkaException as e:
        raise Mismatch("create_topics(%s) failed: %s" % (topic, e))


def record_fields(codec, i):
    """Record i of a codec; every 50th value is null. Timestamps grow with codec and i (see kafka-python).

    No header has a null value: confluent-kafka 1.7.0 mis-counts references to None when it hands
    such headers back and the interpreter aborts ("none_dealloc"), a client bug, not a broker one."""
    key = ("%s-key-%d" % (codec, i)).encode()
    value = None if i % 50 == 49 else ("%s-value-%d-" % (codec, i)).encode() * (1 + i % 7)
    headers = [("codec", codec.encode()), ("index", str(i).encode()), ("empty", b"")]
    return key, value, headers, TS_BASE + CODECS.index(codec) * 100_000 + i * 10


def decode_headers(headers):
    return [[k, None if v is None else v.decode()] for k, v in headers]


def produce_all(bootstrap, topic, codecs, count, idempotent):
    sent = []
    for codec in codecs:
        p = make_producer(bootstrap, codec, idempotent)
        reports = []

        def on_delivery(err, msg, reports=reports):
            reports.append((err, msg))

        want = {}
        for i in range(count):
            key, value, headers, ts = record_fields(codec, i)
            want[key] = (value, headers, ts)
            while True:
                try:
                    p.produce(topic, value=value, key=key, headers=headers, timestamp=ts, on_delivery=on_delivery)
                    break
                except BufferError:
                    p.poll(0.1)
        remaining = p.flush(30)
        check(remaining == 0, "codec=%s: %d messages still undelivered after flush(30)" % (codec, remaining))
        check(len(reports) == count, "codec=%s: %d delivery reports for %d messages" % (codec, len(reports), count))
        for err, msg in reports:
            check(err is None, "codec=%s: delivery of key %r failed: %s" % (codec, msg.key(), err))
            value, headers, ts = want[msg.key()]
            ts_type, got_ts = msg.timestamp()
            check(ts_type == TIMESTAMP_CREATE_TIME and got_ts == ts,
                  "codec=%s key %r: delivery timestamp (%d, %d), want CreateTime %d"
                  % (codec, msg.key(), ts_type, got_ts, ts))
            sent.append(dict(partition=msg.partition(), offset=msg.offset(), key=msg.key().decode(),
                             value=None if value is None else value.decode(),
                             headers=decode_headers(headers), ts=ts, codec=codec))
        del p
        gc.collect()
        log("produced %d records with codec=%s idempotence=%s" % (count, codec, idempotent))
    return sent


def check_offsets_dense(sent, partitions):
    by_part = {}
    for r in sent:
        by_part.setdefault(r["partition"], []).append(r["offset"])
    for p, offs in by_part.items():
        check(0 <= p < partitions, "record acknowledged on partition %d of a %d-partition topic" % (p, partitions))
        check(sorted(offs) == list(range(len(offs))),
              "partition %d: acknowledged offsets are not dense from 0: %s..." % (p, sorted(offs)[:20]))
    return {p: len(o) for p, o in by_part.items()}


def consume_from(bootstrap, topic, starts, counts, deadline_s=30):
    """Assigns each partition at starts[p] and reads until every partition reports EOF at counts[p]."""
    c = make_consumer(bootstrap)
    c.assign([TopicPartition(topic, p, off) for p, off in starts.items()])
    got = []
    eof = set()
    deadline = time.time() + deadline_s
    while time.time() < deadline and len(eof) < len(starts):
        for msg in c.consume(num_messages=500, timeout=0.5):
            err = msg.error()
            if err is None:
                got.append(msg)
                eof.discard(msg.partition())
            elif err.code() == KafkaError._PARTITION_EOF:
                if msg.offset() == counts.get(msg.partition(), 0):
                    eof.add(msg.partition())
            else:
                raise Mismatch("consumer error on %s [%s] @%s: %s"
                               % (msg.topic(), msg.partition(), msg.offset(), err))
    check(len(eof) == len(starts), "consumer did not reach the end of partitions %s within %ds (read %d)"
          % (sorted(set(starts) - eof), deadline_s, len(got)))
    return c, got


def compare(sent, got, what, starts=None):
    want = {(r["partition"], r["offset"]): r for r in sent}
    if starts is not None:
        want = {k: v for k, v in want.items() if k[1] >= starts.get(k[0], 0)}
    seen = set()
    last = {}
    for msg in got:
        k = (msg.partition(), msg.offset())
        check(k not in seen, "%s: record %s delivered twice" % (what, k))
        seen.add(k)
        check(k in want, "%s: unexpected record at partition %d offset %d (key %r)" % (what, k[0], k[1], msg.key()))
        check(k[1] > last.get(k[0], -1), "%s: partition %d went backwards to offset %d" % (what, k[0], k[1]))
        last[k[0]] = k[1]
        w = want[k]
        check(msg.key() is not None and msg.key().decode() == w["key"],
              "%s: p%d@%d key %r, want %r" % (what, k[0], k[1], msg.key(), w["key"]))
        value = None if msg.value() is None else msg.value().decode()
        check(value == w["value"], "%s: p%d@%d value %r, want %r" % (what, k[0], k[1], value, w["value"]))
        headers = decode_headers(msg.headers() or [])
        check(headers == w["headers"], "%s: p%d@%d headers %r, want %r" % (what, k[0], k[1], headers, w["headers"]))
        ts_type, ts = msg.timestamp()
        check(ts_type == TIMESTAMP_CREATE_TIME and ts == w["ts"],
              "%s: p%d@%d timestamp (%d, %d), want CreateTime %d" % (what, k[0], k[1], ts_type, ts, w["ts"]))
    missing = sorted(set(want) - seen)
    check(not missing, "%s: %d acknowledged records never consumed, first: %s" % (what, len(missing), missing[:5]))


def check_metadata(admin, topic, partitions):
    md = admin.list_topics(timeout=TIMEOUT_S)
    check(topic in md.topics, "list_topics() lacks %r: %r" % (topic, sorted(md.topics)))
    check(list(md.brokers) == [0], "list_topics brokers %r, want [0]" % (list(md.brokers),))
    t = md.topics[topic]
    check(t.error is None, "list_topics %s error %s" % (topic, t.error))
    check(sorted(t.partitions) == list(range(partitions)), "list_topics %s partitions %r" % (topic, sorted(t.partitions)))
    for p in t.partitions.values():
        check(p.leader == 0 and list(p.replicas) == [0] and list(p.isrs) == [0] and p.error is None,
              "partition %d: leader %d replicas %r isrs %r error %s" % (p.id, p.leader, p.replicas, p.isrs, p.error))


def check_offsets_api(c, topic, sent, counts, partitions):
    for p in range(partitions):
        low, high = c.get_watermark_offsets(TopicPartition(topic, p), timeout=TIMEOUT_S)
        check((low, high) == (0, counts.get(p, 0)), "get_watermark_offsets(%s [%d]) = (%d, %d), want (0, %d)"
              % (topic, p, low, high, counts.get(p, 0)))
    by_part = {}
    for r in sent:
        by_part.setdefault(r["partition"], []).append((r["offset"], r["ts"]))
    # Targets at several positions, so some fall inside (not at the start of) a record batch.
    for position in TARGET_POSITIONS:
        queries, expect = [], {}
        for p in range(partitions):
            recs = sorted(by_part.get(p, []))
            if not recs:
                continue
            target = recs[int(position * (len(recs) - 1))][1]
            queries.append(TopicPartition(topic, p, target))
            expect[p] = (target, min(o for o, t in recs if t >= target))
        for tp in c.offsets_for_times(queries, timeout=TIMEOUT_S):
            target, want = expect[tp.partition]
            check(tp.error is None, "offsets_for_times(%s [%d], %d): %s" % (topic, tp.partition, target, tp.error))
            check(tp.offset == want, "offsets_for_times(%s [%d], %d) = %d, want %d"
                  % (topic, tp.partition, target, tp.offset, want))
    late = c.offsets_for_times([TopicPartition(topic, p, TS_BASE + 10**9) for p in range(partitions)],
                               timeout=TIMEOUT_S)
    for tp in late:
        check(tp.error is None and tp.offset == -1, "offsets_for_times(%s [%d], after last record) = %d (%s), want -1"
              % (topic, tp.partition, tp.offset, tp.error))
    early = c.offsets_for_times([TopicPartition(topic, p, 0) for p in range(partitions) if counts.get(p)],
                                timeout=TIMEOUT_S)
    for tp in early:
        check(tp.error is None and tp.offset == 0, "offsets_for_times(%s [%d], 0) = %d (%s), want 0"
              % (tp.topic, tp.partition, tp.offset, tp.error))


def delete_topic(admin, topic):
    futures = admin.delete_topics([topic], operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
    try:
        futures[topic].result(timeout=TIMEOUT_S + 5)
    except KafkaException as e:
        raise Mismatch("delete_topics(%s) failed: %s" % (topic, e))
    deadline = time.time() + TIMEOUT_S
    while topic in admin.list_topics(timeout=TIMEOUT_S).topics:
        check(time.time() < deadline, "topic %s still listed %ds after delete_topics" % (topic, TIMEOUT_S))
        time.sleep(0.2)


def scenario_roundtrip(bootstrap, idempotent):
    topic = "ck-roundtrip-%s-%s" % ("idem" if idempotent else "plain", uuid.uuid4().hex[:8])
    admin = admin_client(bootstrap)
    create_topic(admin, topic, PARTITIONS)
    log("created %s with %d partitions" % (topic, PARTITIONS))
    sent = produce_all(bootstrap, topic, CODECS, RECORDS_PER_CODEC, idempotent)
    counts = check_offsets_dense(sent, PARTITIONS)
    check(len(counts) == PARTITIONS, "keyed records landed on only %d of %d partitions" % (len(counts), PARTITIONS))
    c, got = consume_from(bootstrap, topic, {p: 0 for p in range(PARTITIONS)}, counts)
    compare(sent, got, "consume from 0")
    log("consumed %d records from offset 0, all fields equal" % len(got))
    c.close()
    # Start in the middle of what are compressed batches on the broker: the client must get the
    # batch containing the offset and skip the records before it.
    starts = {p: counts[p] // 2 + 1 for p in range(PARTITIONS)}
    c, got = consume_from(bootstrap, topic, starts, counts)
    compare(sent, got, "consume from middle", starts)
    check(all(min(m.offset() for m in got if m.partition() == p) == starts[p] for p in starts),
          "consume from middle: first offsets differ from %r" % (starts,))
    log("consumed from explicit middle offsets %r" % (starts,))
    check_metadata(admin, topic, PARTITIONS)
    check_offsets_api(c, topic, sent, counts, PARTITIONS)
    log("metadata, watermarks and offsets_for_times ok")
    c.close()
    del c
    gc.collect()
    delete_topic(admin, topic)
    log("deleted %s" % topic)


def scenario_produce_durable(bootstrap, state_file):
    topic = "ck-durable-" + uuid.uuid4().hex[:8]
    create_topic(admin_client(bootstrap), topic, PARTITIONS)
    sent = produce_all(bootstrap, topic, ["none", "lz4"], DURABLE_RECORDS // 2, idempotent=True)
    counts = check_offsets_dense(sent, PARTITIONS)
    with open(state_file, "w") as f:
        json.dump(dict(topic=topic, partitions=PARTITIONS, records=sent), f)
    log("%d records acknowledged by an idempotent producer (per partition %r)" % (len(sent), counts))


def scenario_verify_durable(bootstrap, state_file):
    with open(state_file) as f:
        state = json.load(f)
    topic, partitions, sent = state["topic"], state["partitions"], state["records"]
    counts = {}
    for r in sent:
        counts[r["partition"]] = counts.get(r["partition"], 0) + 1
    c, got = consume_from(bootstrap, topic, {p: 0 for p in range(partitions)}, counts)
    compare(sent, got, "after restart")
    keys = [m.key() for m in got]
    check(len(keys) == len(set(keys)), "duplicate keys after restart: %d records, %d distinct keys"
          % (len(keys), len(set(keys))))
    check_offsets_api(c, topic, sent, counts, partitions)
    c.close()
    log("all %d acknowledged records present exactly once after the restart" % len(sent))
    p = make_producer(bootstrap, "none", True)
    reports = []
    for part in range(partitions):
        p.produce(topic, key=b"after-restart", value=b"v", partition=part, timestamp=TS_BASE + 10**8,
                  on_delivery=lambda err, msg: reports.append((err, msg)))
    check(p.flush(30) == 0, "writes after restart not delivered within 30s")
    for err, msg in reports:
        check(err is None, "write after restart to partition %d failed: %s" % (msg.partition(), err))
        check(msg.offset() == counts.get(msg.partition(), 0), "first write after restart on partition %d got offset "
              "%d, want %d" % (msg.partition(), msg.offset(), counts.get(msg.partition(), 0)))
    log("idempotent writes after restart continue at the old log end offsets")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    bootstrap, scenario = argv[1], argv[2]
    try:
        if scenario == "roundtrip":
            scenario_roundtrip(bootstrap, idempotent=False)
        elif scenario == "roundtrip-idempotent":
            scenario_roundtrip(bootstrap, idempotent=True)
        elif scenario == "produce-durable" and len(argv) == 4:
            scenario_produce_durable(bootstrap, argv[3])
        elif scenario == "verify-durable" and len(argv) == 4:
            scenario_verify_durable(bootstrap, argv[3])
        else:
            print("unknown scenario or missing STATE_FILE: %r" % argv[2:], file=sys.stderr)
            return 2
    except Mismatch as e:
        print("FAIL: confluent-kafka %s: %s" % (scenario, e), file=sys.stderr)
        return 1
    except Exception as e:
        print("FAIL: confluent-kafka %s raised %s: %s" % (scenario, type(e).__name__, e), file=sys.stderr)
        import traceback
        traceback.print_exc()
        return 1
    log("%s: OK" % scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
