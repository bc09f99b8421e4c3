"""Shared helpers for the consumer-group interop scenarios (tests/interop/groups_*.py).

Every scenario script imports this module. It holds what the scripts share: failure reporting and
the command-line runner, polling with a deadline, consumer worker processes (so a test can SIGKILL
one consumer), checks on partition assignments, kafka-python admin/produce helpers, the consumer
protocol's Subscription/Assignment decoding, and a reader of the group records in
`__consumer_offsets` (the only place a client can see a group's generation).

Always run with /usr/bin/python3 (Debian's python3-kafka and python3-confluent-kafka).
"""

import json
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
import uuid

PYTHON = "/usr/bin/python3"
# group.min.session.timeout.ms's default: the smallest session timeout the broker accepts.
SESSION_TIMEOUT_MS = 6000
HEARTBEAT_INTERVAL_MS = 500
# A rebalance must finish well within this (the members' rebalance timeout is larger).
REBALANCE_DEADLINE_S = 30


class Mismatch(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Mismatch(msg)


class Logger:
    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, msg):
        print("[%s] %s" % (self.prefix, msg), flush=True)


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def wait_until(probe, timeout_s, what, interval_s=0.1):
    """Calls probe() until it returns (True, value); returns value. On timeout raises Mismatch with
    what and the last detail probe() gave (probe returns (False, detail) while not done)."""
    deadline = time.time() + timeout_s
    detail = None
    while True:
        ok, detail = probe()
        if ok:
            return detail
        if time.time() > deadline:
            raise Mismatch("%s: not reached within %.0fs; last state: %s" % (what, timeout_s, detail))
        time.sleep(interval_s)


def run_main(argv, client, scenarios, doc):
    """The scripts' main(): argv is BOOTSTRAP SCENARIO [ARGS...]; scenarios maps a name to a
    function taking (bootstrap, *args). Prints FAIL: ... and returns 1 on a mismatch."""
    if len(argv) < 3 or argv[2] not in scenarios:
        print(doc, file=sys.stderr)
        return 2
    bootstrap, scenario, args = argv[1], argv[2], argv[3:]
    log = Logger(client)
    try:
        scenarios[scenario](bootstrap, *args)
    except Mismatch as e:
        print("FAIL: %s %s: %s" % (client, scenario, e), file=sys.stderr, flush=True)
        return 1
    except Exception as e:
        traceback.print_exc()
        # Last, so that the tail of the output (all a CI log may show) names the failure.
        print("FAIL: %s %s raised %s: %s" % (client, scenario, type(e).__name__, e), file=sys.stderr, flush=True)
        return 1
    log("%s: OK" % scenario)
    return 0


# --- worker processes ---------------------------------------------------------------------------
#
# A worker is a consumer running in its own process (this very interpreter on a scenario script's
# "worker" mode). It reports what happens to it as JSON lines on stdout ("events"); the driver
# reads them on a thread. SIGTERM asks it to close cleanly; SIGKILL is a real crash.


def emit(event, **fields):
    """Called by a worker: one JSON event line on stdout."""
    fields["event"] = event
    fields["t"] = time.time()
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def stop_on_sigterm():
    """Called by a worker: returns an Event set by SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    return stop


class Worker:
    def __init__(self, name, argv):
        self.name = name
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.events = []
        self.output = []  # non-event lines (client logs, tracebacks), shown when something fails
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            event = None
            if line.startswith("{"):
                try:
                    event = json.loads(line)
                except ValueError:
                    pass
            with self.lock:
                if event is not None:
                    self.events.append(event)
                else:
                    self.output.append(line)

    def of(self, kind):
        with self.lock:
            return [e for e in self.events if e["event"] == kind]

    def count(self, kind):
        return len(self.of(kind))

    def last_rebalance_event(self):
        """The latest "assigned" or "revoked" event, or None."""
        with self.lock:
            for e in reversed(self.events):
                if e["event"] in ("assigned", "revoked"):
                    return e
        return None

    def assignment(self):
        """Partitions of the latest "assigned" event as a set of (topic, partition)."""
        got = self.of("assigned")
        return set(tuple(tp) for tp in got[-1]["partitions"]) if got else set()

    def alive(self):
        return self.proc.poll() is None

    def terminate(self, timeout_s=20):
        """SIGTERM (the worker closes its consumer) and wait; checks it exited 0."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Mismatch("worker %s did not exit within %ds of SIGTERM; output: %s"
                           % (self.name, timeout_s, self.tail()))
        self.reader.join(5)
        check(code == 0, "worker %s exited with %s after SIGTERM; output: %s" % (self.name, code, self.tail()))

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.reader.join(5)

    def tail(self, n=30):
        with self.lock:
            return "\n    " + "\n    ".join(self.output[-n:]) if self.output else "(none)"


def stop_workers(workers):
    for w in workers:
        if w.alive():
            w.proc.kill()
            w.proc.wait()


# --- assignments --------------------------------------------------------------------------------


def fmt_tps(tps):
    return "[" + ", ".join("%s-%d" % tp for tp in sorted(tps)) + "]"


def partition_problem(assignments, all_tps, require_nonempty=False):
    """Why the assignments (name -> set of (topic, partition)) are not a partition of all_tps, or
    None when they are: disjoint, covering everything, nothing foreign, optionally none empty."""
    seen = {}
    for name, tps in sorted(assignments.items()):
        for tp in tps:
            if tp in seen:
                return "%s assigned to both %s and %s" % (tp, seen[tp], name)
            seen[tp] = name
        if require_nonempty and not tps:
            return "%s has an empty assignment" % name
    missing = set(all_tps) - set(seen)
    if missing:
        return "nobody owns %s" % fmt_tps(missing)
    foreign = set(seen) - set(all_tps)
    if foreign:
        return "unexpected partitions assigned: %s" % fmt_tps(foreign)
    return None


def describe_assignments(assignments):
    return ", ".join("%s=%s" % (n, fmt_tps(tps)) for n, tps in sorted(assignments.items()))


# --- kafka-python helpers (admin, produce, group description) -----------------------------------


def kp_common(bootstrap, client_id="gregor-interop-groups"):
    return dict(bootstrap_servers=bootstrap, client_id=client_id, request_timeout_ms=15000,
                retry_backoff_ms=100, reconnect_backoff_ms=100, reconnect_backoff_max_ms=1000)


def kp_admin(bootstrap):
    from kafka import KafkaAdminClient
    return KafkaAdminClient(**kp_common(bootstrap))


_shared_admins = {}


def shared_admin(bootstrap):
    """One long-lived admin client per bootstrap, for the checks that poll."""
    if bootstrap not in _shared_admins:
        _shared_admins[bootstrap] = kp_admin(bootstrap)
    return _shared_admins[bootstrap]


def create_topic(bootstrap, topic, partitions):
    from kafka.admin import NewTopic
    admin = kp_admin(bootstrap)
    try:
        resp = admin.create_topics([NewTopic(name=topic, num_partitions=partitions, replication_factor=1)],
                                   timeout_ms=10000)
        for entry in resp.topic_errors:
            check(entry[0] == topic and entry[1] == 0, "CreateTopics(%s) answered %r" % (topic, entry))
    finally:
        admin.close()


def produce(bootstrap, topic, partitions, per_partition, tag):
    """Writes per_partition records to each partition with values "<tag>-p<partition>-<i>" (acks=all).
    Returns {partition: [(offset, value), ...]} as acknowledged."""
    from kafka import KafkaProducer
    p = KafkaProducer(acks="all", linger_ms=5, max_block_ms=15000, **kp_common(bootstrap))
    futures = []
    for i in range(per_partition):
        for part in range(partitions):
            value = "%s-p%d-%d" % (tag, part, i)
            futures.append((part, value, p.send(topic, key=value.encode(), value=value.encode(), partition=part)))
    p.flush(timeout=30)
    out = {}
    for part, value, fut in futures:
        md = fut.get(timeout=30)
        check(md.partition == part, "record %s acknowledged on partition %d" % (value, md.partition))
        out.setdefault(part, []).append((md.offset, value))
    p.close(timeout=10)
    for part in out:
        out[part].sort()
    return out


def end_offsets(bootstrap, topic, partitions):
    from kafka import KafkaConsumer, TopicPartition
    c = KafkaConsumer(group_id=None, enable_auto_commit=False, **kp_common(bootstrap))
    try:
        ends = c.end_offsets([TopicPartition(topic, p) for p in range(partitions)])
        return {tp.partition: off for tp, off in ends.items()}
    finally:
        c.close()


def committed_offsets(bootstrap, group):
    """The group's committed offsets via the admin client (OffsetFetch for all partitions):
    {(topic, partition): offset}."""
    got = shared_admin(bootstrap).list_consumer_group_offsets(group)
    return {(tp.topic, tp.partition): om.offset for tp, om in got.items()}


def describe_group(bootstrap, group):
    """DescribeGroups through kafka-python's admin client: (state, protocol_type, protocol,
    {client_id: (member_id, set of (topic, partition))})."""
    (info,) = shared_admin(bootstrap).describe_consumer_groups([group])
    check(info.error_code == 0, "DescribeGroups(%s) error_code %d" % (group, info.error_code))
    members = {}
    for m in info.members:
        tps = set()
        if m.member_assignment is not None:
            for topic, parts in m.member_assignment.assignment:
                tps.update((topic, p) for p in parts)
        check(m.client_id not in members, "two members of %s have client id %s" % (group, m.client_id))
        members[m.client_id] = (m.member_id, tps)
    return info.state, info.protocol_type, info.protocol, members


def wait_stable_group(bootstrap, group, expected, what, timeout_s=REBALANCE_DEADLINE_S):
    """Waits until DescribeGroups says Stable with exactly the members expected maps client id ->
    set of partitions, each with that assignment. Returns the description."""
    def probe():
        d = describe_group(bootstrap, group)
        state, _, _, members = d
        got = {cid: tps for cid, (_, tps) in members.items()}
        if state == "Stable" and got == expected:
            return True, d
        return False, "%s with %s" % (state, describe_assignments(got))
    return wait_until(probe, timeout_s, "%s: DescribeGroups(%s) Stable with %s"
                      % (what, group, describe_assignments(expected)), interval_s=0.3)


# --- consumer protocol (the bytes inside JoinGroup metadata and SyncGroup assignments) ----------


class _Buf:
    def __init__(self, data):
        self.data, self.pos = bytes(data), 0

    def take(self, fmt):
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return v

    def string(self):
        n = self.take(">h")
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s

    def bytes_(self):
        n = self.take(">i")
        if n < 0:
            return None
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def array(self, read):
        n = self.take(">i")
        return [read() for _ in range(max(n, 0))]


def decode_assignment(data):
    """ConsumerProtocolAssignment bytes -> set of (topic, partition)."""
    if not data:
        return set()
    b = _Buf(data)
    b.take(">h")  # version
    out = set()
    for topic, parts in b.array(lambda: (b.string(), b.array(lambda: b.take(">i")))):
        out.update((topic, p) for p in parts)
    return out


def decode_subscription(data):
    """ConsumerProtocolSubscription bytes -> list of topics."""
    b = _Buf(data)
    b.take(">h")
    return b.array(b.string)


# --- group records in __consumer_offsets --------------------------------------------------------


def java_string_hash(s):
    h = 0
    units = s.encode("utf-16-be")
    for i in range(0, len(units), 2):
        h = (31 * h + int.from_bytes(units[i:i + 2], "big")) & 0xFFFFFFFF
    return h - (1 << 32) if h >= (1 << 31) else h


def decode_group_metadata(key, value):
    """A GroupMetadataKey/Value record -> (group, None for a tombstone or a dict with protocol_type,
    generation, protocol, leader, member ids). Returns None for an offset-commit record."""
    k = _Buf(key)
    if k.take(">h") != 2:
        return None
    group = k.string()
    if value is None:
        return group, None
    v = _Buf(value)
    version = v.take(">h")
    out = dict(version=version, protocol_type=v.string(), generation=v.take(">i"), protocol=v.string(),
               leader=v.string())
    if version >= 2:
        v.take(">q")  # current_state_timestamp
    members = []
    for _ in range(max(v.take(">i"), 0)):
        member_id = v.string()
        instance_id = v.string() if version >= 3 else None
        v.string(), v.string()  # client_id, client_host
        if version >= 1:
            v.take(">i")  # rebalance_timeout
        v.take(">i")  # session_timeout
        v.bytes_(), v.bytes_()  # subscription, assignment
        members.append((member_id, instance_id))
    out["members"] = members
    return group, out


def group_metadata_records(bootstrap, group):
    """Every GroupMetadata record of the group in __consumer_offsets, oldest first, as
    (partition, offset, value dict or None). Checks they all sit in the group's partition
    (Java String.hashCode(group) & 0x7fffffff modulo the partition count)."""
    from kafka import KafkaConsumer, TopicPartition
    c = KafkaConsumer(group_id=None, enable_auto_commit=False, consumer_timeout_ms=2000, fetch_max_wait_ms=100,
                      **kp_common(bootstrap))
    try:
        parts = c.partitions_for_topic("__consumer_offsets")
        check(parts, "__consumer_offsets does not exist")
        tps = [TopicPartition("__consumer_offsets", p) for p in sorted(parts)]
        ends = c.end_offsets(tps)
        c.assign(tps)
        c.seek_to_beginning()
        out = []
        deadline = time.time() + 30
        while any(c.position(tp) < ends[tp] for tp in tps):
            check(time.time() < deadline, "reading __consumer_offsets did not reach its end in 30s")
            for tp, recs in c.poll(timeout_ms=300).items():
                for r in recs:
                    decoded = decode_group_metadata(r.key, r.value) if r.key else None
                    if decoded and decoded[0] == group:
                        out.append((tp.partition, r.offset, decoded[1]))
    finally:
        c.close()
    want = (java_string_hash(group) & 0x7FFFFFFF) % len(tps)
    wrong = [p for p, _, _ in out if p != want]
    check(not wrong, "group %s's records are in __consumer_offsets partitions %r, want %d (Kafka's "
          "String.hashCode mapping)" % (group, sorted(set(wrong)), want))
    return out

