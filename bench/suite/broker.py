"""A Gregor broker of this build for one part of the suite: config/server.properties (what
`make run` uses) with its own loopback port and data directory, started, timed until it
serves, sampled for RSS, and stopped (or killed) by PID."""

import os
import shutil
import threading
import time

from . import kafka_wire
from .common import MeasureError, Service, free_port, rss_mb, run, wait_for


class Broker:
    def __init__(self, suite, name, overrides=None):
        self.suite = suite
        self.name = name
        self.port = free_port()
        self.dir = suite.scratch("broker-" + name)
        self.overrides = {
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "log.dirs": os.path.join(self.dir, "data"),
            **(overrides or {}),
        }
        self.service = None
        self.peak_rss_mb = 0.0
        self._sampler = None

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    def start(self, ready=None, timeout=120):
        """Starts the broker process and returns the seconds from just before starting it until
        ready() is true: by default, until it answers ApiVersions."""
        argv = [self.suite.gregor(), "server", os.path.join(self.suite.root, "config", "server.properties"),
                "--log-level", "warn"]
        for key, value in self.overrides.items():
            argv += ["--override", f"{key}={value}"]
        check = ready or (lambda: kafka_wire.answers_api_versions(self.port))

        def serving():
            if not self.service.running():
                raise MeasureError(f"broker {self.name} exited: {self.service.log_tail(2)}")
            return check()

        started = time.monotonic()
        self.service = Service(self.suite, "broker-" + self.name, argv, os.path.join(self.dir, "broker.log"))
        wait_for(serving, timeout, what=f"broker {self.name}")
        elapsed = time.monotonic() - started
        self._sampler = threading.Thread(target=self._sample_rss, args=(self.service,), daemon=True)
        self._sampler.start()
        return elapsed

    def _sample_rss(self, service):
        while service.running():
            try:
                self.peak_rss_mb = max(self.peak_rss_mb, rss_mb(service.pid))
            except (OSError, MeasureError):
                pass
            time.sleep(0.1)

    def rss_mb(self):
        return rss_mb(self.service.pid)

    def stop(self):
        """A clean shutdown (SIGTERM)."""
        self.service.stop()
        self._after_exit()

    def kill(self):
        """kill -9: no shutdown at all."""
        self.service.kill()
        self._after_exit()

    def _after_exit(self):
        if self._sampler:
            self._sampler.join()
        self.suite.peak_broker_rss_mb = max(self.suite.peak_broker_rss_mb, self.peak_rss_mb)

    def create_topic(self, topic, partitions, timeout=600):
        """Creates the topic with `gregor topics`, allowing it `timeout` seconds."""
        settings = os.path.join(self.dir, "admin.properties")
        with open(settings, "w") as f:
            f.write(f"request.timeout.ms={timeout * 1000}\n")
        run([self.suite.gregor(), "topics", "--bootstrap-server", self.bootstrap, "--command-config", settings,
             "--create", "--topic", topic, "--partitions", str(partitions), "--replication-factor", "1"],
            timeout=timeout + 10, what="gregor topics --create")

    def remove_data(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        if self.service and self.service.running():
            self.stop()
        self.remove_data()
        return False
