"""What every part of the suite shares: figures and targets, the run's settings and scratch
space, and the processes it starts (each stopped by its PID)."""

import dataclasses
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from .table import number


class MeasureError(Exception):
    """A measurement could not be made; its message becomes the figure's 'not measured' reason."""


# ----------------------------------------------------------------------------------------------
# Figures

@dataclasses.dataclass
class Target:
    """One goal from issue 6: the figure's median (kind 'value') or its ratio to the reference
    (kind 'ratio') at least (op '>=') or at most (op '<=') bound."""
    text: str
    kind: str
    op: str
    bound: float

    def met(self, figure):
        measured = figure.ratio if self.kind == "ratio" else figure.value
        if measured is None:
            return None
        return measured >= self.bound if self.op == ">=" else measured <= self.bound


def at_least(bound, text):
    return Target(text, "value", ">=", bound)


def at_most(bound, text):
    return Target(text, "value", "<=", bound)


def ratio_at_least(bound):
    return Target(f"≥ {bound:g}x ref", "ratio", ">=", bound)


@dataclasses.dataclass
class Figure:
    """One row of the table: the samples of the measured repetitions (their median is the
    figure), what it is compared with, and the targets it is held to."""
    id: str
    section: str  # "reference", "peer" or "scenario"
    name: str
    unit: str  # "rec/s", "ops/s", "MB/s", "ms", "s", "MB"
    reference: "Figure | None" = None
    targets: list = dataclasses.field(default_factory=list)
    note: str = ""
    samples: list = dataclasses.field(default_factory=list)
    # Further series measured alongside the figure (e.g. other percentiles), name -> samples.
    extra: dict = dataclasses.field(default_factory=dict)
    not_measured: str | None = None

    @property
    def value(self):
        return statistics.median(self.samples) if self.samples else None

    def extra_value(self, name):
        samples = self.extra.get(name)
        return statistics.median(samples) if samples else None

    @property
    def ratio(self):
        ref = self.reference.value if self.reference else None
        if self.value is None or not ref:
            return None
        return self.value / ref

    def to_json(self):
        return {
            "id": self.id,
            "section": self.section,
            "name": self.name,
            "unit": self.unit,
            "value": self.value,
            "samples": self.samples,
            "extra": {k: {"median": self.extra_value(k), "samples": v} for k, v in self.extra.items()},
            "reference": {"id": self.reference.id, "value": self.reference.value} if self.reference else None,
            "ratio": self.ratio,
            "targets": [{"target": t.text, "met": t.met(self)} for t in self.targets],
            "note": self.note,
            "not_measured": self.not_measured,
        }


# ----------------------------------------------------------------------------------------------
# Processes

def log(message):
    """Progress goes to stderr; the table goes to stdout."""
    print(message, file=sys.stderr, flush=True)


class Service:
    """A background process this run started (a broker, Redis, iperf3's server). It is stopped
    by its own PID, never by name."""

    def __init__(self, suite, name, argv, log_path):
        self.name = name
        self.log_path = log_path
        with open(log_path, "ab") as out:
            self.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid
        suite.services.append(self)

    def running(self):
        return self.proc.poll() is None

    def stop(self, timeout=30):
        """SIGTERM, and SIGKILL if it has not exited after timeout seconds."""
        if self.running():
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self):
        """SIGKILL: the process gets no chance to clean up (scenario P8)."""
        if self.running():
            os.kill(self.pid, signal.SIGKILL)
        self.proc.wait()

    def log_tail(self, lines=5):
        try:
            with open(self.log_path, errors="replace") as f:
                return " | ".join(f.read().strip().splitlines()[-lines:])
        except OSError:
            return ""


def run(argv, timeout=600, what=None):
    """Runs a measuring program to the end and returns its stdout; MeasureError if it fails."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise MeasureError(f"{what or os.path.basename(argv[0])} took longer than {timeout} s")
    if done.returncode != 0:
        tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise MeasureError(f"{what or os.path.basename(argv[0])} exited {done.returncode}: {tail[0][:400]}")
    return done.stdout


def parse_result(output):
    """The last 'RESULT key=value ...' line of a probe's output, as a dict of floats."""
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise MeasureError("no RESULT line in: " + output.strip()[-160:])
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-0-9.e+]+)", lines[-1])}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """True when something listens on 127.0.0.1:port (read from /proc/net/tcp, without
    connecting: a stray connection would disturb iperf3's server)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as f:
        return any(line.split()[1] == wanted and line.split()[3] == "0A" for line in list(f)[1:])


def wait_for(check, timeout, interval=0.001, what="the service"):
    """Calls check() until it returns a true value (returned), or MeasureError after timeout s.
    check() may raise OSError (e.g. connection refused) while the service is not ready yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise MeasureError(f"{what} was not ready after {timeout} s")
        time.sleep(interval)


def rss_mb(pid):
    """Resident set size of a process in MB (10^6 bytes)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    raise MeasureError(f"no VmRSS for pid {pid}")


# ----------------------------------------------------------------------------------------------
# The run

class Suite:
    """Settings of this run, its scratch directory, the figures measured so far and the
    processes started. Parts add figures with declare() before measuring them."""

    def __init__(self, options, sizes):
        self.options = options
        self.sizes = sizes
        self.reps = 1 if options.quick and options.reps is None else (options.reps or 3)
        self.root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
        self.build = os.path.join(self.root, os.environ.get("BUILD_DIR", "build"))
        parent = options.work_dir or self.build
        os.makedirs(parent, exist_ok=True)
        self.work = tempfile.mkdtemp(prefix="gregor-bench.", dir=parent)
        self.figures = {}
        self.services = []
        self.peak_broker_rss_mb = 0.0
        self.extra_results = {}  # part name -> JSON-able results printed outside the table

    def binary(self, relative):
        path = os.path.join(self.build, relative)
        if not os.access(path, os.X_OK):
            raise MeasureError(f"{relative} is not built (run bench/run without --no-build)")
        return path

    def gregor(self):
        return self.binary("src/gregor/gregor")

    def scratch(self, name):
        """A fresh directory in the work directory (which is on the data directory's file system)."""
        path = tempfile.mkdtemp(prefix=name + ".", dir=self.work)
        return path

    def declare(self, figure):
        self.figures[figure.id] = figure
        return figure

    def figure(self, figure_id):
        return self.figures.get(figure_id)

    def measure(self, figure, once, warmup=True):
        """A warm-up run of once() that is not counted, then one per repetition; each returns
        the figure's number (or a dict with the figure's number under 'value' and extra series).
        A MeasureError marks the figure 'not measured' and the part goes on with the next one."""
        try:
            if warmup:
                self.settle()
                once()
            for rep in range(self.reps):
                self.settle()
                record(figure, once())
                log(f"    {figure.name}: rep {rep + 1}/{self.reps}: {number(figure.samples[-1], figure.unit)}")
        except MeasureError as e:
            figure.samples.clear()
            figure.extra.clear()
            figure.not_measured = str(e)
            log(f"    {figure.name}: not measured: {e}")

    def settle(self):
        """Writes back what earlier runs left dirty on the data file system before the next run,
        so that no run pays for its predecessors' writeback (ext4 commits dirty data with its
        journal; reclaim in the capped cgroup waits for pages under writeback)."""
        subprocess.run(["sync", "--file-system", self.work], check=False)

    def stop_all(self):
        for service in reversed(self.services):
            try:
                service.stop(timeout=10)
            except OSError:
                pass

    def remove_work(self):
        shutil.rmtree(self.work, ignore_errors=True)


def record(figure, result):
    """Adds one repetition: a number, or a dict with 'value' and extra series."""
    if isinstance(result, dict):
        figure.samples.append(result["value"])
        for k, v in result.items():
            if k != "value":
                figure.extra.setdefault(k, []).append(v)
    else:
        figure.samples.append(result)


def free_disk_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize
