"""An example agent runtime: a small support-bot loop that routes every request with the Tightrope SDK, calls a
stand-in model (standin_model.py) with the served version's configuration, and reports each outcome.

    export TIGHTROPE_TOKEN=tr_…        # a RUNTIME token
    python3 examples/python-agent/agent.py --url http://localhost:8080 --agent support-bot --rate 20 --duration 300

It is what a real runtime does, minus the real model: the routing decision comes from the SDK's local cache (no
network on the request path), the configuration follows the server's stream, and outcomes go out in background
batches. Start a rollout of a version whose MODEL carries ``parameters.standIn.errorRate`` 0.3 and watch the
judge or a rule roll it back. Bounded: it stops after ``--duration`` seconds or ``--requests`` requests.
"""
import argparse
import collections
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "sdk", "python"))
sys.path.insert(0, HERE)

from tightrope import Client  # noqa: E402
from standin_model import ModelError, StandInModel  # noqa: E402

QUESTIONS = ("Where is my order?", "Can I get a refund for order 1042?", "How do I change my address?",
             "My parcel arrived damaged.", "Cancel my subscription, please.")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="An example agent loop on the Tightrope Python SDK.")
    parser.add_argument("--url", default=os.environ.get("TIGHTROPE_URL", "http://localhost:8080"))
    parser.add_argument("--agent", default=os.environ.get("TIGHTROPE_AGENT", "support-bot"))
    parser.add_argument("--environment", default=os.environ.get("TIGHTROPE_ENVIRONMENT", "production"))
    parser.add_argument("--rate", type=float, default=10.0, help="requests per second (0.1 to 1000)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds to run (at most 86 400)")
    parser.add_argument("--requests", type=int, default=0, help="stop after this many requests (0: no limit)")
    parser.add_argument("--customers", type=int, default=500, help="distinct customers (routing keys)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the stand-in model and the customers")
    parser.add_argument("--runtime-id", default=None, help="this runtime's id (default: host-pid-random)")
    parser.add_argument("--cache-file", default=None, help="fail-static backup of the configuration")
    parser.add_argument("--report-every", type=float, default=10.0, help="seconds between progress lines")
    args = parser.parse_args(argv)
    if not 0.1 <= args.rate <= 1000:
        parser.error("--rate must be between 0.1 and 1000 requests per second")
    if not 0 < args.duration <= 86_400:
        parser.error("--duration must be between 0 and 86 400 seconds")
    if args.requests < 0 or args.customers < 1:
        parser.error("--requests must be 0 or more and --customers at least 1")
    args.token = os.environ.get("TIGHTROPE_TOKEN") or os.environ.get("TIGHTROPE_RUNTIME_TOKEN")
    if not args.token:
        parser.error("set TIGHTROPE_TOKEN to a RUNTIME token")
    return args


class Tally(object):
    """Requests and errors per served version since the last progress line."""

    def __init__(self):
        self.requests = collections.Counter()
        self.errors = collections.Counter()

    def add(self, decision, failed):
        key = "v%s/%s" % (decision.version, decision.arm.lower())
        self.requests[key] += 1
        if failed:
            self.errors[key] += 1

    def line(self):
        return ", ".join("%s %d req %.0f %% errors" % (key, count, 100.0 * self.errors[key] / count)
                         for key, count in sorted(self.requests.items())) or "no requests"


def handle(client, model, customer, question):
    """One request of the agent: route, call the model with the served version, report what happened."""
    decision = client.route(customer)
    try:
        reply = model.answer(decision, question)
    except ModelError as error:
        client.report(decision, "ERROR", latency_ms=error.latency_ms, task_completed=False)
        return decision, True
    client.report(decision, "SUCCESS", latency_ms=reply.latency_ms, task_completed=reply.task_completed,
                  cost_usd=reply.cost_usd, input_tokens=reply.input_tokens, output_tokens=reply.output_tokens,
                  tool_calls=reply.tool_calls or None)
    return decision, False


def run(args, client, model, rng, clock=time.monotonic, sleep=time.sleep, out=sys.stdout):
    """The loop: ``args.rate`` requests per second until the duration or request limit; returns the total."""
    interval = 1.0 / args.rate
    started = clock()
    origin, scheduled = started, 0   # the n-th request after origin is due at origin + n × interval (no drift)
    next_report = started + args.report_every
    tally = Tally()
    total = 0
    while clock() - started < args.duration and (args.requests == 0 or total < args.requests):
        customer = "customer-%d" % rng.randrange(args.customers)
        decision, failed = handle(client, model, customer, rng.choice(QUESTIONS))
        tally.add(decision, failed)
        total += 1
        now = clock()
        if now >= next_report:
            print("[%5.0f s] generation %s: %s" % (now - started, client.generation, tally.line()), file=out)
            tally = Tally()
            next_report = now + args.report_every
        scheduled += 1
        next_at = origin + scheduled * interval
        if next_at > now:
            sleep(next_at - now)
        else:
            origin, scheduled = now, 0   # behind (a slow machine): go on from now, do not burst to catch up
    return total


def main(argv=None):
    args = parse_args(argv)
    rng = random.Random(args.seed)
    client = Client(args.url, token=args.token, agent=args.agent, environment=args.environment,
                    runtime_id=args.runtime_id, cache_file=args.cache_file)
    try:
        total = run(args, client, StandInModel(random.Random(rng.random())), rng)
    except KeyboardInterrupt:
        total = None
    finally:
        client.close()
    outcomes = client.outcomes
    print("requests %s; outcomes sent %d, rejected %d, dropped %d, failed %d"
          % ("?" if total is None else total, outcomes.sent, outcomes.rejected, outcomes.dropped, outcomes.failed))
    every_one_counted = total is not None and outcomes.sent == total
    return 0 if every_one_counted and outcomes.rejected == outcomes.dropped == outcomes.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
