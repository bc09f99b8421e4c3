#!/usr/bin/python3
"""Consumer-group interop scenarios with kafka-python 2.0.2 against a running gregor broker.

Usage: groups_kafka_python.py BOOTSTRAP SCENARIO [ARGS]

Scenarios:
  rebalance              consumers in separate processes on a 4-partition topic: two split it; a
                         third joins; one closes (LeaveGroup: fast); a fourth joins; one is killed
                         with SIGKILL (its partitions move only after session.timeout.ms). After
                         each step every member's own view and DescribeGroups agree on a disjoint
                         assignment covering all partitions. New records reach their owners.
  commit-before-restart STATE
                         manual commit() of part of a topic, checked by committed(); saved to STATE.
  resume-after-restart STATE
                         after a broker restart: committed offsets are still there and a new member
                         of the group gets exactly the records after them (values checked).
  auto-commit            enable_auto_commit with auto_commit_interval_ms=500: after consuming and
                         waiting, committed() and list_consumer_group_offsets equal the positions.
  pattern                subscribe(pattern=...) picks up a matching topic created later (after
                         metadata_max_age_ms), not a non-matching one, and consumes from it.
  admin                  KafkaAdminClient list_consumer_groups, describe_consumer_groups (members,
                         decoded assignments and subscriptions), list_consumer_group_offsets,
                         delete_consumer_groups (NON_EMPTY_GROUP while a member is active, then ok,
                         then GROUP_ID_NOT_FOUND).
  worker SPEC_JSON       (internal) one group consumer reporting events on stdout.

Exits 0 on success; on any mismatch prints "FAIL: ..." to stderr and exits 1.
"""

import json
import sys
import time

from group_helpers import (HEARTBEAT_INTERVAL_MS, PYTHON, REBALANCE_DEADLINE_S, SESSION_TIMEOUT_MS, Logger,
                           Mismatch, Worker, check, committed_offsets, create_topic, describe_assignments,
                           describe_group, emit, end_offsets, fmt_tps, kp_admin, kp_common, partition_problem,
                           produce, run_main, stop_on_sigterm, stop_workers, unique, wait_stable_group,
                           wait_until)

try:
    from kafka import KafkaConsumer, TopicPartition
    from kafka.consumer.subscription_state import ConsumerRebalanceListener
except ImportError as e:  # pragma: no cover - reported by the gtest as a missing package
    print("FAIL: kafka-python is not importable (Debian package python3-kafka): %s" % e, file=sys.stderr)
    sys.exit(2)

log = Logger("kafka-python")


def group_consumer(bootstrap, group, client_id, **overrides):
    conf = dict(group_id=group, enable_auto_commit=False, auto_offset_reset="earliest",
                session_timeout_ms=SESSION_TIMEOUT_MS, heartbeat_interval_ms=HEARTBEAT_INTERVAL_MS,
                max_poll_interval_ms=20000, fetch_max_wait_ms=100, **kp_common(bootstrap, client_id))
    conf.update(overrides)
    return KafkaConsumer(**conf)


def values_of(records):
    return [r.value.decode() for r in records]


# --- worker: one consumer in its own process ---------------------------------------------------


def worker(bootstrap, spec_json):
    """Subscribes, reports "assigned"/"revoked"/"record"/"committed" events; SIGTERM closes the
    consumer (which sends LeaveGroup) and reports "closed"."""
    spec = json.loads(spec_json)
    stop = stop_on_sigterm()
    c = group_consumer(bootstrap, spec["group"], spec["client_id"])

    class Listener(ConsumerRebalanceListener):
        def on_partitions_revoked(self, revoked):
            emit("revoked", partitions=sorted([tp.topic, tp.partition] for tp in revoked))

        def on_partitions_assigned(self, assigned):
            emit("assigned", partitions=sorted([tp.topic, tp.partition] for tp in assigned))

    c.subscribe(topics=spec["topics"], listener=Listener())
    emit("subscribed")
    while not stop.is_set():
        batch = c.poll(timeout_ms=200)
        for tp, recs in batch.items():
            for r in recs:
                emit("record", topic=tp.topic, partition=tp.partition, offset=r.offset, value=r.value.decode())
        if batch and spec.get("commit"):
            c.commit()
            emit("committed", offsets=sorted([tp.topic, tp.partition, c.position(tp)] for tp in batch))
    c.close()
    emit("closed")


class Group:
    """Worker processes of one group on one topic, and the checks on their assignments."""

    def __init__(self, bootstrap, topic, partitions, group, commit=False):
        self.bootstrap, self.topic, self.group, self.commit = bootstrap, topic, group, commit
        self.all_tps = {(topic, p) for p in range(partitions)}
        self.workers = {}

    def start(self, name):
        spec = dict(group=self.group, client_id=name, topics=[self.topic], commit=self.commit)
        self.workers[name] = Worker(name, [PYTHON, __file__, self.bootstrap, "worker", json.dumps(spec)])

    def live(self):
        return {n: w for n, w in self.workers.items() if w.alive()}

    def mark(self):
        """How many assignments each worker had so far; wait_balanced wants a newer one."""
        return {n: w.count("assigned") for n, w in self.workers.items()}

    def wait_balanced(self, members, since, what, timeout_s=REBALANCE_DEADLINE_S, require_nonempty=False):
        """Waits until exactly `members` are live, each got an assignment after `since` and has not
        been revoked since, their assignments partition the topic, and DescribeGroups is Stable
        with the same members and assignments. Returns {name: assignment}."""
        def probe():
            assignments = {}
            for name in members:
                w = self.workers[name]
                last = w.last_rebalance_event()
                if w.count("assigned") <= since.get(name, 0) or last["event"] != "assigned":
                    return False, "%s has no new assignment yet (%s)" % (name, describe_assignments(
                        {n: self.workers[n].assignment() for n in members}))
                assignments[name] = w.assignment()
            problem = partition_problem(assignments, self.all_tps, require_nonempty)
            if problem:
                return False, problem + " in " + describe_assignments(assignments)
            return True, assignments
        assignments = wait_until(probe, timeout_s, what)
        check(set(self.live()) == set(members), "%s: live workers %s, want %s"
              % (what, sorted(self.live()), sorted(members)))
        wait_stable_group(self.bootstrap, self.group, assignments, what, timeout_s=10)
        log("%s: %s" % (what, describe_assignments(assignments)))
        return assignments

    def stop_all(self):
        stop_workers(self.workers.values())

    def output(self):
        return "".join("\n  %s: %s" % (n, w.tail()) for n, w in sorted(self.workers.items()))


def scenario_rebalance(bootstrap):
    topic, partitions = unique("kp-rebalance"), 4
    create_topic(bootstrap, topic, partitions)
    g = Group(bootstrap, topic, partitions, unique("kp-rebalance-group"))
    try:
        mark = g.mark()
        g.start("c1")
        g.start("c2")
        g.wait_balanced(["c1", "c2"], mark, "two consumers split the topic", require_nonempty=True)

        mark = g.mark()
        g.start("c3")
        g.wait_balanced(["c1", "c2", "c3"], mark, "a third consumer joined", require_nonempty=True)

        mark = g.mark()
        left = g.workers["c2"].assignment()
        t0 = time.time()
        g.workers["c2"].terminate()
        after = g.wait_balanced(["c1", "c3"], mark, "c2 closed (LeaveGroup)", require_nonempty=True)
        took = time.time() - t0
        check(took < SESSION_TIMEOUT_MS / 1000.0 - 1,
              "rebalance after c2's LeaveGroup took %.1fs: as long as a session timeout, as if the broker "
              "ignored LeaveGroup" % took)
        check(left <= after["c1"] | after["c3"], "c2's partitions %s did not move to c1/c3" % fmt_tps(left))
        log("c2's partitions %s moved to the others %.1fs after close" % (fmt_tps(left), took))

        mark = g.mark()
        g.start("c4")
        g.wait_balanced(["c1", "c3", "c4"], mark, "a fourth consumer joined", require_nonempty=True)

        mark = g.mark()
        lost = g.workers["c3"].assignment()
        t0 = time.time()
        g.workers["c3"].kill()
        after = g.wait_balanced(["c1", "c4"], mark, "c3 killed with SIGKILL",
                                timeout_s=SESSION_TIMEOUT_MS / 1000.0 + REBALANCE_DEADLINE_S, require_nonempty=True)
        took = time.time() - t0
        # The last heartbeat came shortly before the kill (every HEARTBEAT_INTERVAL_MS, give or take
        # a slow heartbeat thread); reacting to the closed connection would take well under a second.
        earliest = SESSION_TIMEOUT_MS / 1000.0 - 2
        check(took >= earliest, "c3's partitions moved %.1fs after SIGKILL, before its session (%dms) could "
              "expire" % (took, SESSION_TIMEOUT_MS))
        check(lost <= after["c1"] | after["c4"], "c3's partitions %s did not move to c1/c4" % fmt_tps(lost))
        log("c3's partitions %s moved to the survivors %.1fs after SIGKILL" % (fmt_tps(lost), took))

        # New records are delivered to the current owner of their partition, each exactly once.
        sent = produce(bootstrap, topic, partitions, 10, "after-kill")
        want = {(topic, p, off): v for p, recs in sent.items() for off, v in recs}

        def probe():
            got = {}
            for name in ("c1", "c4"):
                for e in g.workers[name].of("record"):
                    k = (e["topic"], e["partition"], e["offset"])
                    if k in want:
                        check(k not in got, "record %s consumed by both %s and %s" % (k, got.get(k), name))
                        check((k[0], k[1]) in after[name], "record %s consumed by %s, which does not own "
                              "partition %d" % (k, name, k[1]))
                        check(e["value"] == want[k], "record %s value %r, want %r" % (k, e["value"], want[k]))
                        got[k] = name
            return len(got) == len(want), "%d of %d new records consumed" % (len(got), len(want))
        wait_until(probe, 20, "survivors consume new records")
        log("the survivors consumed all %d new records of their own partitions" % len(want))
        for name in ("c1", "c4"):
            g.workers[name].terminate()
        state, _, _, members = describe_group(bootstrap, g.group)
        check(state == "Empty" and not members, "after every member closed: %s with %d members, want Empty"
              % (state, len(members)))
    except Mismatch as e:
        raise Mismatch("%s\nworker output:%s" % (e, g.output()))
    finally:
        g.stop_all()


# --- manual commit across a broker restart -----------------------------------------------------


def scenario_commit_before_restart(bootstrap, state_file):
    topic, partitions, per_partition = unique("kp-commit"), 3, 100
    group = unique("kp-commit-group")
    create_topic(bootstrap, topic, partitions)
    sent = produce(bootstrap, topic, partitions, per_partition, "commit")
    c = group_consumer(bootstrap, group, "kp-commit-1", max_poll_records=7)
    c.subscribe([topic])
    consumed = {p: [] for p in range(partitions)}
    target = 130
    deadline = time.time() + REBALANCE_DEADLINE_S
    while sum(len(v) for v in consumed.values()) < target:
        check(time.time() < deadline, "consumed only %d records in %ds" % (sum(map(len, consumed.values())),
                                                                          REBALANCE_DEADLINE_S))
        for tp, recs in c.poll(timeout_ms=200, max_records=7).items():
            consumed[tp.partition].extend(recs)
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    positions = {tp.partition: c.position(tp) for tp in tps}
    for p, recs in consumed.items():
        want = [v for _, v in sent[p][:len(recs)]]
        check(values_of(recs) == want, "partition %d: consumed %s..., want %s..." % (p, values_of(recs)[:3], want[:3]))
        check(positions[p] == len(recs), "partition %d: position %d after consuming %d records"
              % (p, positions[p], len(recs)))
    c.commit()
    for tp in tps:
        got = c.committed(tp)
        check(got == positions[tp.partition], "committed(%s) = %r right after commit(), want %d"
              % (tp, got, positions[tp.partition]))
    c.close()
    total = sum(positions.values())
    check(0 < total < partitions * per_partition, "committed %d of %d records: want a partial commit"
          % (total, partitions * per_partition))
    with open(state_file, "w") as f:
        json.dump(dict(topic=topic, group=group, partitions=partitions, committed=positions,
                       sent={p: [v for _, v in recs] for p, recs in sent.items()}), f)
    log("committed positions %s of group %s (acknowledged), state in %s" % (positions, group, state_file))


def scenario_resume_after_restart(bootstrap, state_file):
    with open(state_file) as f:
        state = json.load(f)
    topic, group, partitions = state["topic"], state["group"], state["partitions"]
    committed = {int(p): off for p, off in state["committed"].items()}
    sent = {int(p): vals for p, vals in state["sent"].items()}
    # committed() outside the group (no subscription) reads what the broker kept.
    probe = group_consumer(bootstrap, group, "kp-commit-probe")
    for p in range(partitions):
        got = probe.committed(TopicPartition(topic, p))
        check(got == committed[p], "after restart committed(%s-%d) = %r, want %d" % (topic, p, got, committed[p]))
    probe.close()
    c = group_consumer(bootstrap, group, "kp-commit-2")
    c.subscribe([topic])
    want_total = sum(len(sent[p]) - committed[p] for p in range(partitions))
    got = {p: [] for p in range(partitions)}
    deadline = time.time() + REBALANCE_DEADLINE_S
    while sum(len(v) for v in got.values()) < want_total and time.time() < deadline:
        for tp, recs in c.poll(timeout_ms=200).items():
            got[tp.partition].extend(recs)
    for tp, recs in c.poll(timeout_ms=1000).items():  # anything more is a duplicate
        got[tp.partition].extend(recs)
    for p in range(partitions):
        offsets = [r.offset for r in got[p]]
        want = sent[p][committed[p]:]
        check(values_of(got[p]) == want and offsets == list(range(committed[p], len(sent[p]))),
              "partition %d after restart: got %d records from offset %s (%s...), want %d from the committed "
              "offset %d (%s...)" % (p, len(got[p]), offsets[:1], values_of(got[p])[:2], len(want), committed[p],
                                     want[:2]))
    c.close()
    log("the new member resumed exactly at the committed offsets %s: %d records, no loss, no duplicates"
        % (committed, want_total))


# --- auto commit -------------------------------------------------------------------------------


def scenario_auto_commit(bootstrap):
    topic, partitions = unique("kp-autocommit"), 3
    group = unique("kp-autocommit-group")
    create_topic(bootstrap, topic, partitions)
    c = group_consumer(bootstrap, group, "kp-autocommit", enable_auto_commit=True, auto_commit_interval_ms=500)
    c.subscribe([topic])
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    checker = group_consumer(bootstrap, group, "kp-autocommit-checker")
    try:
        for round_ in range(2):
            sent = produce(bootstrap, topic, partitions, 40 + 20 * round_, "auto%d" % round_)
            ends = end_offsets(bootstrap, topic, partitions)
            deadline = time.time() + REBALANCE_DEADLINE_S
            while not c.assignment() or any(c.position(tp) < ends[tp.partition] for tp in tps):
                check(time.time() < deadline, "round %d: positions did not reach the end offsets %s" % (round_, ends))
                c.poll(timeout_ms=200)
            positions = {tp.partition: c.position(tp) for tp in tps}
            check(positions == ends, "round %d: positions %s, want the end offsets %s" % (round_, positions, ends))
            # Keep polling (kafka-python sends auto commits from poll()) until another client sees the
            # positions committed: within a few 500ms intervals, never by an explicit commit.
            def committed_positions():
                c.poll(timeout_ms=100)
                got = {tp.partition: checker.committed(tp) for tp in tps}
                return got == positions, got
            got = wait_until(committed_positions, 5, "round %d: committed() seen by another client equals the "
                             "consumed positions %s" % (round_, positions), interval_s=0)
            listed = committed_offsets(bootstrap, group)
            check(listed == {(topic, p): off for p, off in positions.items()},
                  "round %d: list_consumer_group_offsets %s, want %s" % (round_, listed, positions))
            log("round %d: %d records consumed; auto-committed offsets %s" % (round_, sum(map(len, sent.values())),
                                                                               got))
    finally:
        c.close()
        checker.close()


# --- pattern subscription ----------------------------------------------------------------------


def scenario_pattern(bootstrap):
    prefix = unique("kp-pattern")
    first, later, other = prefix + "-a", prefix + "-b", unique("kp-nomatch")
    create_topic(bootstrap, first, 2)
    c = group_consumer(bootstrap, unique("kp-pattern-group"), "kp-pattern", metadata_max_age_ms=1000)
    c.subscribe(pattern="^" + prefix + ".*")
    try:
        got = {}

        def consume_until(topic, want, what):
            def probe():
                for tp, recs in c.poll(timeout_ms=200).items():
                    check(tp.topic in (first, later), "consumed from %s, which does not match the pattern" % tp.topic)
                    got.setdefault(tp.topic, []).extend(values_of(recs))
                return sorted(got.get(topic, [])) == sorted(want), "%s: %d of %d records" % (
                    topic, len(got.get(topic, [])), len(want))
            wait_until(probe, REBALANCE_DEADLINE_S, what, interval_s=0)

        sent_a = produce(bootstrap, first, 2, 10, "a")
        consume_until(first, [v for recs in sent_a.values() for _, v in recs], "consume the topic present at start")
        check(c.subscription() == {first}, "subscription() %r, want {%r}" % (c.subscription(), first))
        log("consumed %s, the only matching topic at start" % first)

        t0 = time.time()
        create_topic(bootstrap, later, 3)
        create_topic(bootstrap, other, 1)
        sent_b = produce(bootstrap, later, 3, 10, "b")
        produce(bootstrap, other, 1, 5, "other")
        consume_until(later, [v for recs in sent_b.values() for _, v in recs], "consume the topic created later")
        check(c.subscription() == {first, later}, "subscription() %r, want {%r, %r}" % (c.subscription(), first, later))
        want = {(first, p) for p in range(2)} | {(later, p) for p in range(3)}
        got_assignment = {(tp.topic, tp.partition) for tp in c.assignment()}
        check(got_assignment == want, "assignment %s, want %s" % (fmt_tps(got_assignment), fmt_tps(want)))
        state, _, _, members = describe_group(bootstrap, c.config["group_id"])
        check(state == "Stable" and members.get("kp-pattern", (None, set()))[1] == want,
              "DescribeGroups: %s with %s, want Stable with kp-pattern=%s"
              % (state, describe_assignments({k: v[1] for k, v in members.items()}), fmt_tps(want)))
        log("picked up %s %.1fs after it was created, consumed all its records; %s ignored"
            % (later, time.time() - t0, other))
    finally:
        c.close()


# --- admin client ------------------------------------------------------------------------------


def error_name(err):
    return getattr(err, "__name__", None) or type(err).__name__


def delete_group(admin, group):
    result = admin.delete_consumer_groups([group])
    check(len(result) == 1 and result[0][0] == group, "delete_consumer_groups(%s) answered %r" % (group, result))
    return result[0][1]


def scenario_admin(bootstrap):
    topic, partitions = unique("kp-admin"), 4
    create_topic(bootstrap, topic, partitions)
    sent = produce(bootstrap, topic, partitions, 25, "admin")
    g = Group(bootstrap, topic, partitions, unique("kp-admin-group"), commit=True)
    # A second group that only ever committed (admin-style, generation -1): protocol type "".
    simple_group = unique("kp-admin-simple")
    simple = group_consumer(bootstrap, simple_group, "kp-admin-simple")
    simple.assign([TopicPartition(topic, 0)])
    from kafka.structs import OffsetAndMetadata
    simple.commit({TopicPartition(topic, 0): OffsetAndMetadata(17, "simple")})
    simple.close()
    admin = kp_admin(bootstrap)
    try:
        mark = g.mark()
        g.start("admin-a")
        g.start("admin-b")
        assignments = g.wait_balanced(["admin-a", "admin-b"], mark, "two members", require_nonempty=True)
        # Both commit everything they consume; wait until the group has committed every record.
        ends = {(topic, p): len(recs) for p, recs in sent.items()}
        wait_until(lambda: (committed_offsets(bootstrap, g.group) == ends, committed_offsets(bootstrap, g.group)),
                   REBALANCE_DEADLINE_S, "the members commit all %d records" % sum(ends.values()), interval_s=0.3)

        listed = admin.list_consumer_groups()
        check((g.group, "consumer") in listed, "list_consumer_groups %r lacks (%s, consumer)" % (listed, g.group))
        check((simple_group, "") in listed, "list_consumer_groups %r lacks (%s, '') (a group that only committed)"
              % (listed, simple_group))

        (info,) = admin.describe_consumer_groups([g.group])
        check(info.error_code == 0 and info.group == g.group and info.state == "Stable" and
              info.protocol_type == "consumer" and info.protocol == "range",
              "describe_consumer_groups: %r" % (info,))
        check(sorted(m.client_id for m in info.members) == ["admin-a", "admin-b"],
              "describe_consumer_groups members %r" % ([m.client_id for m in info.members],))
        for m in info.members:
            check(m.client_host.endswith("127.0.0.1"), "member %s client_host %r" % (m.client_id, m.client_host))
            check(m.member_id.startswith(m.client_id + "-"), "member id %r, want %r-<uuid>" % (m.member_id, m.client_id))
            check(list(m.member_metadata.subscription) == [topic], "member %s subscription %r, want [%r]"
                  % (m.client_id, m.member_metadata.subscription, topic))
            decoded = {(t, p) for t, ps in m.member_assignment.assignment for p in ps}
            check(decoded == assignments[m.client_id], "member %s assignment decodes to %s, the member has %s"
                  % (m.client_id, fmt_tps(decoded), fmt_tps(assignments[m.client_id])))
        log("list/describe ok: Stable, range, members %s" % describe_assignments(assignments))

        offsets = admin.list_consumer_group_offsets(g.group)
        check({(tp.topic, tp.partition): om.offset for tp, om in offsets.items()} == ends,
              "list_consumer_group_offsets %r, want %r" % (offsets, ends))
        some = admin.list_consumer_group_offsets(g.group, partitions=[TopicPartition(topic, 2)])
        check({(tp.topic, tp.partition): om.offset for tp, om in some.items()} == {(topic, 2): ends[(topic, 2)]},
              "list_consumer_group_offsets(partitions=[2]) %r" % (some,))
        simple_offsets = admin.list_consumer_group_offsets(simple_group)
        check({tp: (om.offset, om.metadata) for tp, om in simple_offsets.items()} ==
              {TopicPartition(topic, 0): (17, "simple")}, "simple group's offsets %r" % (simple_offsets,))
        log("list_consumer_group_offsets ok")

        err = delete_group(admin, g.group)
        check(error_name(err) == "NonEmptyGroupError", "delete_consumer_groups while members are active: %s, want "
              "NON_EMPTY_GROUP (NonEmptyGroupError)" % error_name(err))
        check(describe_group(bootstrap, g.group)[0] == "Stable", "the group changed after a refused delete")

        for name in ("admin-a", "admin-b"):
            g.workers[name].terminate()
        state, _, _, members = describe_group(bootstrap, g.group)
        check(state == "Empty" and not members, "after both left: %s with %d members, want Empty" % (state, len(members)))
        err = delete_group(admin, g.group)
        check(error_name(err) == "NoError", "delete_consumer_groups of an empty group: %s, want NoError" % error_name(err))
        listed = admin.list_consumer_groups()
        check(all(name != g.group for name, _ in listed), "deleted group still listed: %r" % (listed,))
        check(committed_offsets(bootstrap, g.group) == {}, "a deleted group still has offsets")
        state = describe_group(bootstrap, g.group)[0]
        check(state == "Dead", "DescribeGroups of a deleted group: %s, want Dead" % state)
        err = delete_group(admin, g.group)
        check(error_name(err) == "GroupIdNotFoundError", "deleting it again: %s, want GROUP_ID_NOT_FOUND"
              % error_name(err))
        err = delete_group(admin, simple_group)
        check(error_name(err) == "NoError", "delete_consumer_groups(simple group): %s" % error_name(err))
        log("delete_consumer_groups: NON_EMPTY_GROUP while active, then deleted, then GROUP_ID_NOT_FOUND")
    except Mismatch as e:
        raise Mismatch("%s\nworker output:%s" % (e, g.output()))
    finally:
        admin.close()
        g.stop_all()


SCENARIOS = {
    "rebalance": scenario_rebalance,
    "commit-before-restart": scenario_commit_before_restart,
    "resume-after-restart": scenario_resume_after_restart,
    "auto-commit": scenario_auto_commit,
    "pattern": scenario_pattern,
    "admin": scenario_admin,
    "worker": worker,
}

if __name__ == "__main__":
    sys.exit(run_main(sys.argv, "kafka-python", SCENARIOS, __doc__))
