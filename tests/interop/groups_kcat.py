#!/usr/bin/python3
"""kcat 1.7.1 balanced consumer groups (kcat -G) against a running gregor broker.

Usage: groups_kcat.py BOOTSTRAP balanced

balanced: two `kcat -G` processes in one group on a 4-partition topic split the partitions
(their "% Group ... rebalanced" reports and DescribeGroups agree); records produced then are
consumed exactly once in total, each by the process that owns its partition. Both are stopped
with SIGTERM (kcat commits its offsets on close); the committed offsets are the end offsets. A
third `kcat -G -e` then gets exactly the records produced after that, and exits at their end.

kcat runs as a real process; this script drives it and checks. Exits 0 on success; on any mismatch
prints "FAIL: ..." to stderr and exits 1.
"""

import re
import shutil
import signal
import subprocess
import sys
import threading
import time

from group_helpers import (REBALANCE_DEADLINE_S, Logger, Mismatch, check, committed_offsets, create_topic,
                           describe_assignments, partition_problem, produce, run_main, unique, wait_stable_group,
                           wait_until)

log = Logger("kcat")
REBALANCED = re.compile(r"% Group (\S+) rebalanced \(memberid (\S+)\): (assigned|revoked): (.*)$")


class KcatMember:
    """One `kcat -G` process: records from stdout as (partition, offset, value); its latest
    assignment from the "% Group ... rebalanced" lines on stderr."""

    def __init__(self, bootstrap, group, topic, name, extra=()):
        self.name, self.topic = name, topic
        argv = ["kcat", "-b", bootstrap, "-G", group, "-u", "-f", "%p|%o|%s\\n",
                "-X", "client.id=" + name, "-X", "broker.address.family=v4", "-X", "auto.offset.reset=earliest",
                "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
                "-X", "fetch.wait.max.ms=100"] + list(extra) + [topic]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lock = threading.Lock()
        self.records, self.rebalances, self.stderr = [], [], []
        self.threads = [threading.Thread(target=self._read_stdout, daemon=True),
                        threading.Thread(target=self._read_stderr, daemon=True)]
        for t in self.threads:
            t.start()

    def _read_stdout(self):
        for line in self.proc.stdout:
            p, o, v = line.rstrip("\n").split("|", 2)
            with self.lock:
                self.records.append((int(p), int(o), v))

    def _read_stderr(self):
        for line in self.proc.stderr:
            line = line.rstrip("\n")
            m = REBALANCED.match(line)
            with self.lock:
                self.stderr.append(line)
                if m:
                    tps = {(t, int(p)) for t, p in re.findall(r"(\S+) \[(\d+)\]", m.group(4))}
                    self.rebalances.append((m.group(3), tps))

    def assignment(self):
        """The latest assignment, or None while revoked / not yet assigned."""
        with self.lock:
            if not self.rebalances or self.rebalances[-1][0] != "assigned":
                return None
            return self.rebalances[-1][1]

    def got(self):
        with self.lock:
            return list(self.records)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(20)
        for t in self.threads:
            t.join(5)
        check(code == 0, "kcat %s exited %s after SIGTERM; stderr:%s" % (self.name, code, self.tail()))

    def tail(self, n=15):
        with self.lock:
            return "\n    " + "\n    ".join(self.stderr[-n:])


def scenario_balanced(bootstrap):
    check(shutil.which("kcat"), "kcat is not installed (Debian package kcat)")
    topic, partitions = unique("kcat-group"), 4
    group = unique("kcat-group-g")
    all_tps = {(topic, p) for p in range(partitions)}
    create_topic(bootstrap, topic, partitions)
    members = []
    try:
        members.append(KcatMember(bootstrap, group, topic, "kcat-a"))
        wait_until(lambda: (members[0].assignment() == all_tps, members[0].assignment()), REBALANCE_DEADLINE_S,
                   "the first kcat -G gets every partition")
        members.append(KcatMember(bootstrap, group, topic, "kcat-b"))

        def split():
            got = {m.name: m.assignment() for m in members}
            if None in got.values():
                return False, "waiting for %s" % [n for n, a in got.items() if a is None]
            problem = partition_problem(got, all_tps, require_nonempty=True)
            return problem is None, got if problem is None else problem
        assignments = wait_until(split, REBALANCE_DEADLINE_S, "two kcat -G split the partitions")
        wait_stable_group(bootstrap, group, assignments, "two kcat -G")
        log("two kcat -G processes split the topic: %s" % describe_assignments(assignments))

        sent = produce(bootstrap, topic, partitions, 100, "kcat")
        want = {(p, off): v for p, recs in sent.items() for off, v in recs}
        wait_until(lambda: (sum(len(m.got()) for m in members) >= len(want),
                            "%d of %d records" % (sum(len(m.got()) for m in members), len(want))),
                   REBALANCE_DEADLINE_S, "the two kcat -G consume what was produced")
        time.sleep(1)  # anything arriving now is a duplicate
        seen = {}
        for m in members:
            for p, off, v in m.got():
                check((p, off) not in seen, "record %d@%d consumed by %s and %s" % (p, off, seen.get((p, off)), m.name))
                seen[(p, off)] = m.name
                check(want.get((p, off)) == v, "%s consumed %d@%d = %r, want %r" % (m.name, p, off, v,
                                                                                   want.get((p, off))))
                check((topic, p) in assignments[m.name], "%s consumed partition %d, which it does not own"
                      % (m.name, p))
        check(len(seen) == len(want), "consumed %d distinct records, want %d" % (len(seen), len(want)))
        log("every one of %d records consumed exactly once, by the owner of its partition" % len(want))

        for m in members:
            m.stop()
        ends = {(topic, p): len(recs) for p, recs in sent.items()}
        got = committed_offsets(bootstrap, group)
        check(got == ends, "after both kcat closed, committed offsets %s, want the end offsets %s" % (got, ends))
        log("on close kcat committed the end offsets %s" % sorted(got.values()))

        more = produce(bootstrap, topic, partitions, 10, "kcat-more")
        last = KcatMember(bootstrap, group, topic, "kcat-c", extra=["-e"])
        members.append(last)
        code = last.proc.wait(REBALANCE_DEADLINE_S)
        for t in last.threads:
            t.join(5)
        check(code == 0, "kcat -G -e exited %s; stderr:%s" % (code, last.tail()))
        want_more = sorted((p, off, v) for p, recs in more.items() for off, v in recs)
        check(sorted(last.got()) == want_more, "kcat -G -e resumed with %d records (first %s), want exactly the %d "
              "new ones from offset 100" % (len(last.got()), sorted(last.got())[:2], len(want_more)))
        log("a third kcat -G resumed at the committed offsets: exactly the %d new records" % len(want_more))
    except Mismatch as e:
        raise Mismatch("%s\nkcat stderr:%s" % (e, "".join("\n  %s:%s" % (m.name, m.tail()) for m in members)))
    finally:
        for m in members:
            if m.proc.poll() is None:
                m.proc.kill()
                m.proc.wait()


if __name__ == "__main__":
    sys.exit(run_main(sys.argv, "kcat", {"balanced": scenario_balanced}, __doc__))
