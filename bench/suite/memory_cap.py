"""The page-cache cap: the throughput parts and every process they start share one memory cgroup
with a limit, filled with a ballast file before the first part, so that they run with the page
cache full, as on a broker host that has been up for a while.

Why: this machine is a VM whose host backs guest memory lazily and takes back what the guest
frees (within seconds). Writing into a page-cache page that was never used, or was handed back,
costs several times more than writing into one that was just reclaimed (fio, 4 x 512 MiB into
kept files: ~400 MB/s; the same after deleting files a moment before: 2.5-5 GB/s). Without the
cap, every figure bound by the broker's page-cache writes (P2, P5 produce of 1 KiB records)
depends on what the machine did minutes before, not on the software. With the cap, new pages
come from reclaiming the cgroup's own clean ones, as they do on a host whose memory is full.

Only the parts bound by page-cache throughput run capped (CAPPED_PARTS in __main__.py). A cgroup
v1 limit is enforced by reclaim in the allocating thread, where a full host's kswapd reclaims in
the background: capped, every page the broker's write path takes beyond the limit would add
reclaim work to that write's latency, which P4 measures and a real host does not see.

Uses cgroup v1's memory controller, or v2's where the suite's own cgroup may have children with
the memory controller; elsewhere the run goes on uncapped and the table says so."""

import os

BALLAST_NAME = "page-cache-ballast"


def _own_cgroup_dirs():
    """(v1 memory directory, v2 directory) of this process, each None if not found."""
    v1_mount = v2_mount = None
    for line in open("/proc/mounts"):
        fields = line.split()
        if fields[2] == "cgroup" and "memory" in fields[3].split(","):
            v1_mount = fields[1]
        elif fields[2] == "cgroup2":
            v2_mount = fields[1]
    v1 = v2 = None
    for line in open("/proc/self/cgroup"):
        number, controllers, path = line.rstrip("\n").split(":", 2)
        if v1_mount and "memory" in controllers.split(","):
            v1 = os.path.join(v1_mount, path.lstrip("/"))
        elif v2_mount and number == "0" and controllers == "":
            v2 = os.path.join(v2_mount, path.lstrip("/"))
    return v1, v2


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


class MemoryCap:
    def __init__(self, mib):
        self.mib = mib
        self.group = None  # the cgroup directory we made and joined, while joined
        self.parent = None
        self.capped = False  # whether the run had the cap
        self.reason = None  # why there is no cap, if there is none

    def enter(self):
        """Makes a child cgroup limited to mib MiB and moves this process into it (its children
        follow). False (with self.reason) if no memory cgroup can be made here."""
        name = f"gregor-bench-{os.getpid()}"
        v1, v2 = _own_cgroup_dirs()
        errors = []
        for parent, limit_file in ((v1, "memory.limit_in_bytes"), (v2, "memory.max")):
            if not parent:
                continue
            if limit_file == "memory.max":
                try:
                    controllers = open(os.path.join(parent, "cgroup.subtree_control")).read().split()
                except OSError as e:
                    errors.append(f"cgroup v2: {e.strerror}")
                    continue
                if "memory" not in controllers:
                    errors.append("cgroup v2: the memory controller is not enabled for children")
                    continue
            group = os.path.join(parent, name)
            try:
                os.mkdir(group)
                _write(os.path.join(group, limit_file), str(self.mib * 2**20))
                _write(os.path.join(group, "cgroup.procs"), str(os.getpid()))
            except OSError as e:
                errors.append(f"{'v1' if limit_file.endswith('bytes') else 'v2'} {group}: {e.strerror}")
                try:
                    os.rmdir(group)
                except OSError:
                    pass
                continue
            self.group, self.parent, self.capped = group, parent, True
            return True
        self.reason = "; ".join(errors) or "no memory cgroup found"
        return False

    def use(self, capped):
        """Puts this process (and so what it starts from now on) in the capped cgroup or back in
        its parent; processes started before stay where they are."""
        if not self.capped:
            return
        target = self.group if capped else self.parent
        if target:
            _write(os.path.join(target, "cgroup.procs"), str(os.getpid()))

    def fill(self, directory):
        """Writes a ballast file of the cap's size into directory and syncs it, so that the
        cgroup's page cache is full (and clean) before the first part."""
        chunk = b"\0" * 2**20
        path = os.path.join(directory, BALLAST_NAME)
        with open(path, "wb") as f:
            for _ in range(self.mib):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())

    def leave(self):
        """Moves this process back to its parent cgroup and removes ours (the suite's children
        are stopped by then)."""
        if not self.group:
            return
        try:
            _write(os.path.join(self.parent, "cgroup.procs"), str(os.getpid()))
            os.rmdir(self.group)
        except OSError:
            pass
        self.group = None

    def describe(self, parts):
        if self.capped:
            return (f"page cache capped at {self.mib} MiB (a memory cgroup, filled first) for every process of "
                    f"{', '.join(parts) or 'no part'}")
        return f"page cache not capped ({self.reason})"
