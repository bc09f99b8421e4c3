#!/usr/bin/python3
"""Cross-client checks between Gregor's C++ client and kafka-python / confluent-kafka.

Usage: client_interop.py BOOTSTRAP TOOL SCENARIO

TOOL is the client_interop_tool binary (Gregor's C++ client). Scenarios:
  ours-to-python   the C++ producer writes every codec (none/gzip/snappy/lz4/zstd) with null and
                   binary keys, empty and null values, headers and explicit timestamps; kafka-python
                   and confluent-kafka must read exactly those records at exactly those offsets.
  python-to-ours   kafka-python (every codec whose Python module is present, at least gzip) and
                   confluent-kafka (every codec) write the same variety; the C++ consumer must read
                   exactly what they acknowledged.
  partitioning     1000 keys on a 7-partition topic: the C++ default partitioner, confluent-kafka's
                   murmur2_random and kafka-python's default partitioner choose the same partition.

Records are compared as (topic, partition, offset) -> (timestamp, key, value, headers); the tool
prints bytes as hex. Exits 0 on success; prints "FAIL: ..." and exits 1 on the first mismatch.
Always run with /usr/bin/python3 (Debian's python3-kafka and python3-confluent-kafka).
"""

import ctypes
import importlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid

try:
    from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition as KTopicPartition
    from kafka.admin import NewTopic
    from confluent_kafka import Consumer, Producer, TopicPartition, TIMESTAMP_CREATE_TIME
except ImportError as e:  # reported by the gtest as a missing package
    print("FAIL: a Python Kafka client is not importable (python3-kafka, python3-confluent-kafka): %s" % e,
          file=sys.stderr)
    sys.exit(2)

ALL_CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
# kafka-python needs a Python module per codec; gzip comes with Python itself.
KAFKA_PYTHON_CODEC_MODULES = {"none": None, "gzip": None, "snappy": "snappy", "lz4": "lz4.frame",
                              "zstd": "zstandard"}
RECORDS_PER_TOPIC = 100
TS_BASE = 1_600_000_000_000
TIMEOUT_S = 20


class Mismatch(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Mismatch(msg)


def log(msg):
    print("[client-interop] " + msg, flush=True)


def make_record(i, null_header_values=True):
    """Record i; the same shapes as make_record in client_interop_tool.cc.

    kafka-python 2.0.2's send() asserts that header values are bytes, so for its producer
    (null_header_values=False) the null header value becomes b"" (its consumer reads null fine)."""
    n = str(i).encode()
    key = None
    if i % 4 == 1:
        key = b"key-" + n
    elif i % 4 == 2:
        key = b"\x00\xff\x80k" + n
    elif i % 4 == 3:
        key = b""
    if i % 10 == 1:
        value = b""
    elif i % 10 == 3:  # odd i: never with a null key, which kafka-python cannot send
        value = None
    elif i % 10 == 7:
        value = bytes([ord("a") + i % 26]) * 3000
    else:
        value = b"value-" + n + b"\x00\x01\xfe"
    headers = []
    if i % 3 == 1:
        headers = [("h-a", b"x" + n)]
    elif i % 3 == 2:
        headers = [("h-a", b"\x00\xff"), ("h-null", None if null_header_values else b""), ("h-a", b"dup")]
    return key, value, headers, TS_BASE + i * 1000


def canon(timestamp, key, value, headers):
    """A comparable form of a record's contents."""
    return (timestamp, key, value, tuple((k, v) for k, v in (headers or [])))


def from_tool_line(line):
    d = json.loads(line)
    unhex = lambda h: None if h is None else bytes.fromhex(h)
    rec = canon(d["timestamp"], unhex(d["key"]), unhex(d["value"]), [(k, unhex(v)) for k, v in d["headers"]])
    return (d["topic"], d["partition"], d["offset"]), rec, d


def confluent_headers(m):
    """m.headers(), compensating a confluent-kafka 1.7.0 bug: it hands back a null header value as
    None without taking a reference to it, and the interpreter later aborts ("none_dealloc")."""
    headers = m.headers()
    for _, v in headers or []:
        if v is None:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return headers


def run_tool(tool, *args):
    r = subprocess.run([tool] + [str(a) for a in args], capture_output=True, timeout=60)
    check(r.returncode == 0, "client_interop_tool %s exited %d: %s" % (args[0], r.returncode,
                                                                       r.stderr.decode(errors="replace")))
    return [line for line in r.stdout.decode().splitlines() if line.strip()]


def create_topics(bootstrap, names, partitions):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        resp = admin.create_topics([NewTopic(name=t, num_partitions=partitions, replication_factor=1)
                                    for t in names], timeout_ms=10000)
        for entry in resp.topic_errors:
            check(entry[1] == 0, "CreateTopics(%s) error_code=%d" % (entry[0], entry[1]))
    finally:
        admin.close()


def compare(who, expected, got):
    check(len(got) == len(expected), "%s read %d records, want %d" % (who, len(got), len(expected)))
    for where, rec in expected.items():
        check(where in got, "%s did not read %s:%d@%d" % ((who,) + where))
        check(got[where] == rec, "%s read %s:%d@%d as %r, want %r" % ((who,) + where + (got[where], rec)))


def read_with_kafka_python(bootstrap, topics, partitions, total):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                             auto_offset_reset="earliest", fetch_max_wait_ms=100, request_timeout_ms=11000)
    consumer.assign([KTopicPartition(t, p) for t in topics for p in range(partitions)])
    got = {}
    deadline = time.time() + TIMEOUT_S
    while len(got) < total and time.time() < deadline:
        for tp, records in consumer.poll(timeout_ms=200).items():
            for r in records:
                check(r.timestamp_type == 0, "kafka-python: %s@%d has timestamp type %d" % (tp, r.offset,
                                                                                           r.timestamp_type))
                got[(r.topic, r.partition, r.offset)] = canon(r.timestamp, r.key, r.value, r.headers)
    consumer.close()
    return got


def read_with_confluent(bootstrap, topics, partitions, total):
    # confluent-kafka 1.7.0 needs a group.id to build a Consumer; it never joins (assign only).
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "client-interop-" + uuid.uuid4().hex,
                         "enable.auto.commit": False, "fetch.wait.max.ms": 100})
    consumer.assign([TopicPartition(t, p, 0) for t in topics for p in range(partitions)])
    got = {}
    deadline = time.time() + TIMEOUT_S
    while len(got) < total and time.time() < deadline:
        m = consumer.poll(0.2)
        if m is None:
            continue
        check(m.error() is None, "confluent-kafka consumer error: %s" % (m.error(),))
        ts_type, ts = m.timestamp()
        check(ts_type == TIMESTAMP_CREATE_TIME, "confluent-kafka: timestamp type %d" % ts_type)
        got[(m.topic(), m.partition(), m.offset())] = canon(ts, m.key(), m.value(), confluent_headers(m))
    consumer.close()
    return got


def ours_to_python(bootstrap, tool):
    run_id = uuid.uuid4().hex[:8]
    topics = {codec: "ci-ours-%s-%s" % (codec, run_id) for codec in ALL_CODECS}
    create_topics(bootstrap, topics.values(), 3)
    expected = {}
    for codec, topic in topics.items():
        lines = run_tool(tool, "produce", bootstrap, topic, codec, RECORDS_PER_TOPIC)
        check(len(lines) == RECORDS_PER_TOPIC, "tool reported %d deliveries for %s" % (len(lines), codec))
        for i, line in enumerate(lines):
            where, rec, _ = from_tool_line(line)
            key, value, headers, ts = make_record(i)
            check(rec == canon(ts, key, value, headers), "tool echoed record %d of %s wrongly: %r" % (i, codec, rec))
            expected[where] = rec
        log("C++ producer wrote %d records with codec %s" % (len(lines), codec))
    compare("kafka-python", expected, read_with_kafka_python(bootstrap, topics.values(), 3, len(expected)))
    log("kafka-python read all %d records identically" % len(expected))
    compare("confluent-kafka", expected, read_with_confluent(bootstrap, topics.values(), 3, len(expected)))
    log("confluent-kafka read all %d records identically" % len(expected))


def available_kafka_python_codecs():
    codecs = []
    for codec, module in KAFKA_PYTHON_CODEC_MODULES.items():
        try:
            if module:
                importlib.import_module(module)
            codecs.append(codec)
        except ImportError:
            log("kafka-python: skipping %s (module %s missing)" % (codec, module))
    check("gzip" in codecs, "kafka-python cannot even use gzip")
    return codecs


def produce_with_kafka_python(bootstrap, topic, codec):
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_block_ms=10000,
                             compression_type=None if codec == "none" else codec)
    futures = []
    for i in range(RECORDS_PER_TOPIC):
        key, value, headers, ts = make_record(i, null_header_values=False)
        futures.append((producer.send(topic, value=value, key=key, headers=headers, timestamp_ms=ts),
                        canon(ts, key, value, headers)))
    producer.flush()
    out = {}
    for f, rec in futures:
        md = f.get(timeout=TIMEOUT_S)
        out[(md.topic, md.partition, md.offset)] = rec
    producer.close()
    return out


def produce_with_confluent(bootstrap, topic, codec):
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "compression.codec": codec})
    out = {}
    errors = []

    def delivered(rec):
        def cb(err, msg):
            if err is not None:
                errors.append(err)
            else:
                out[(msg.topic(), msg.partition(), msg.offset())] = rec
        return cb

    for i in range(RECORDS_PER_TOPIC):
        key, value, headers, ts = make_record(i)
        producer.produce(topic, value=value, key=key, headers=headers, timestamp=ts,
                         on_delivery=delivered(canon(ts, key, value, headers)))
    check(producer.flush(TIMEOUT_S) == 0, "confluent-kafka: records left unflushed")
    check(not errors, "confluent-kafka delivery errors: %s" % errors)
    return out


def python_to_ours(bootstrap, tool):
    run_id = uuid.uuid4().hex[:8]
    jobs = [("kafka-python", codec, "ci-kp-%s-%s" % (codec, run_id), produce_with_kafka_python)
            for codec in available_kafka_python_codecs()]
    jobs += [("confluent-kafka", codec, "ci-ck-%s-%s" % (codec, run_id), produce_with_confluent)
             for codec in ALL_CODECS]
    create_topics(bootstrap, [j[2] for j in jobs], 3)
    expected = {}
    for who, codec, topic, produce in jobs:
        acked = produce(bootstrap, topic, codec)
        check(len(acked) == RECORDS_PER_TOPIC, "%s acknowledged %d records" % (who, len(acked)))
        expected.update(acked)
        log("%s wrote %d records with codec %s" % (who, len(acked), codec))
    got = {}
    for line in run_tool(tool, "consume", bootstrap, len(expected), *[j[2] for j in jobs]):
        where, rec, d = from_tool_line(line)
        check(d["timestamp_type"] == 0, "C++ consumer: %s:%d@%d timestamp type %d" % (where + (d["timestamp_type"],)))
        got[where] = rec
    compare("C++ consumer", expected, got)
    log("C++ consumer read all %d records identically" % len(expected))


def partitioning(bootstrap, tool):
    partitions = 7
    topic = "ci-partitioning-" + uuid.uuid4().hex[:8]
    create_topics(bootstrap, [topic], partitions)
    rnd = random.Random(7)
    keys = [b"key-%d" % i for i in range(500)]
    keys += [bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 33))) for _ in range(500)]
    keys = list(dict.fromkeys(keys))  # distinct keys, order kept

    with tempfile.NamedTemporaryFile("w", suffix=".keys", delete=False) as f:
        f.write("\n".join(k.hex() for k in keys) + "\n")
        key_file = f.name
    try:
        ours = {}
        for line in run_tool(tool, "partition", bootstrap, topic, key_file):
            d = json.loads(line)
            ours[bytes.fromhex(d["key"])] = d["partition"]
    finally:
        os.unlink(key_file)
    check(len(ours) == len(keys), "C++ producer placed %d of %d keys" % (len(ours), len(keys)))

    confluent = {}
    producer = Producer({"bootstrap.servers": bootstrap, "partitioner": "murmur2_random", "linger.ms": 5})
    for k in keys:
        producer.produce(topic, value=b"p", key=k,
                         on_delivery=lambda err, msg: confluent.__setitem__(msg.key(), msg.partition()))
    check(producer.flush(TIMEOUT_S) == 0, "confluent-kafka: records left unflushed")

    kp = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_block_ms=10000)
    futures = [(k, kp.send(topic, value=b"p", key=k)) for k in keys]
    kp.flush()
    kafka_python = {k: f.get(timeout=TIMEOUT_S).partition for k, f in futures}
    kp.close()

    used = set()
    for k in keys:
        check(ours[k] == confluent.get(k), "key %s: C++ partition %d, confluent-kafka (murmur2_random) %s"
              % (k.hex(), ours[k], confluent.get(k)))
        check(ours[k] == kafka_python[k], "key %s: C++ partition %d, kafka-python %d"
              % (k.hex(), ours[k], kafka_python[k]))
        used.add(ours[k])
    check(len(used) == partitions, "keys used only partitions %s" % sorted(used))
    log("%d keys: C++, confluent-kafka murmur2_random and kafka-python agree on every partition" % len(keys))


SCENARIOS = {"ours-to-python": ours_to_python, "python-to-ours": python_to_ours, "partitioning": partitioning}


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in SCENARIOS:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        SCENARIOS[sys.argv[3]](sys.argv[1], sys.argv[2])
    except Mismatch as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    log("PASS " + sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
