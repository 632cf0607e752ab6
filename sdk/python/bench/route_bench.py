"""Local route() latency of the Python SDK: one routing decision from the client's cache (no network).

    python3 sdk/python/bench/route_bench.py                     # 300 000 measured calls after 50 000 of warm-up
    python3 sdk/python/bench/route_bench.py --calls 1000000 --warmup 100000

A client is made without a server (``start=False``) and reads a configuration with a 25 % canary from its file
cache; each call routes a different key, so nothing is cached by key. Each call is timed alone with
``time.perf_counter_ns()``, whose own cost (measured and printed) is included in the figures.
"""
import argparse
import json
import os
import platform
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from tightrope import Client  # noqa: E402


def version(number):
    return {"version": number, "snapshotHash": "h%d" % number, "prompt": {"system": "You are v%d." % number},
            "model": {"provider": "openai", "modelId": "gpt-4o"}, "tools": {"tools": [{"name": "lookup_order"}]},
            "guardrails": {}, "knowledgeBase": {"indexId": "kb"}}


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))] / 1000.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300_000)
    parser.add_argument("--warmup", type=int, default=50_000)
    args = parser.parse_args()
    if args.calls < 1 or args.warmup < 0:
        parser.error("--calls must be at least 1 and --warmup at least 0")

    with tempfile.TemporaryDirectory(prefix="tightrope-bench-") as folder:
        cache_file = os.path.join(folder, "config.json")
        with open(cache_file, "w") as out:
            json.dump({"agent": "support-bot", "environment": "production", "generation": 7, "weight": 25,
                       "salt": "9f86d081884c7d65", "rolloutId": "12", "stable": version(13),
                       "canary": version(14)}, out)
        client = Client("http://127.0.0.1:9", token="tr_bench", agent="support-bot", environment="production",
                        cache_file=cache_file, start=False)
        keys = ["customer-%d" % i for i in range(min(args.calls, 1_000_000))]
        for i in range(args.warmup):
            client.route(keys[i % len(keys)])

        clock = time.perf_counter_ns
        overhead = []
        for _ in range(100_000):
            t0 = clock()
            overhead.append(clock() - t0)
        samples = [0] * args.calls
        canary = 0
        route = client.route
        started = clock()
        for i in range(args.calls):
            key = keys[i % len(keys)]
            t0 = clock()
            decision = route(key)
            samples[i] = clock() - t0
            if decision.arm == "CANARY":
                canary += 1
        wall = clock() - started
        samples.sort()
        overhead.sort()
        print("python %s (%s), %d cores (%s), %d calls after %d of warm-up"
              % (platform.python_version(), platform.python_implementation(), os.cpu_count(),
                 platform.processor() or platform.machine(), args.calls, args.warmup))
        print("route() us: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.1f"
              % (percentile(samples, 0.5), percentile(samples, 0.9), percentile(samples, 0.99),
                 percentile(samples, 0.999), samples[-1] / 1000.0))
        print("timer overhead us: p50 %.2f  p99 %.2f" % (percentile(overhead, 0.5), percentile(overhead, 0.99)))
        print("throughput (timed loop): %.3f M calls/s; canary share %.2f %% (weight 25)"
              % (args.calls / (wall / 1e9) / 1e6, 100.0 * canary / args.calls))
        client.close(0.1)


if __name__ == "__main__":
    main()
