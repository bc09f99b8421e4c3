"""G: the consumer-group figures of bench/groups (a C++ program with brokers of its own). They
have no reference or target in issue 6, so they are printed as bench/groups prints them and kept
in the JSON file rather than in the table."""

import json
import os
import subprocess
import sys

from .common import MeasureError


def consumer_groups(suite):
    program = suite.binary("bench/groups")
    json_path = os.path.join(suite.work, "groups.jsonl")
    argv = [program, "--json", json_path] + (["--quick"] if suite.options.quick else [])
    print(flush=True)
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=sys.stdout, stderr=sys.stderr)
    figures = []
    if os.path.exists(json_path):
        with open(json_path) as f:
            figures = [json.loads(line) for line in f if line.strip()]
    suite.extra_results["groups"] = figures
    if done.returncode != 0:
        raise MeasureError(f"bench/groups exited {done.returncode}")
