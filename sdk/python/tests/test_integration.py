"""Against a real Tightrope server (the conformance run), skipped unless these are set:

    TIGHTROPE_URL            e.g. http://127.0.0.1:8080
    TIGHTROPE_RUNTIME_TOKEN  a RUNTIME token
    TIGHTROPE_AGENT          an agent with at least two versions, deployed in the environment
    TIGHTROPE_ENVIRONMENT    default production
    TIGHTROPE_ADMIN_TOKEN    optional: lets the test make traffic changes (a rollout, a rollback)

The SDK must route every key exactly as the server's route() does, follow the changes, acknowledge them, and have
its outcomes accepted.
"""

import json
import os
import unittest
import urllib.request

from tightrope import Client

from .support import eventually

URL = os.environ.get("TIGHTROPE_URL")
TOKEN = os.environ.get("TIGHTROPE_RUNTIME_TOKEN")
AGENT = os.environ.get("TIGHTROPE_AGENT")
ENVIRONMENT = os.environ.get("TIGHTROPE_ENVIRONMENT", "production")
ADMIN = os.environ.get("TIGHTROPE_ADMIN_TOKEN")

ROUTE = ("query($agent: String!, $environment: String!, $routingKey: String) { route(agent: $agent, "
         "environment: $environment, routingKey: $routingKey) { version arm generation } }")


def graphql(token, query, variables):
    request = urllib.request.Request(URL.rstrip("/") + "/graphql", data=json.dumps(
        {"query": query, "variables": variables}).encode("utf-8"), headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.loads(response.read().decode("utf-8"))
    if answer.get("errors"):
        raise AssertionError(answer["errors"])
    return answer["data"]


def traffic(mutation, **arguments):
    declared = {"weight": "Int!", "version": "Int!"}
    params = "".join(", $%s: %s" % (name, declared[name]) for name in arguments)
    passed = "".join(", %s: $%s" % (name, name) for name in arguments)
    query = ("mutation($agent: String!, $environment: String!%s) { %s(agent: $agent, environment: $environment%s, "
             "reason: \"sdk conformance\") { generation } }" % (params, mutation, passed))
    variables = dict(arguments, agent=AGENT, environment=ENVIRONMENT)
    return graphql(ADMIN, query, variables)[mutation]["generation"]


@unittest.skipUnless(URL and TOKEN and AGENT, "set TIGHTROPE_URL, TIGHTROPE_RUNTIME_TOKEN and TIGHTROPE_AGENT")
class AgainstARealServerTest(unittest.TestCase):

    def setUp(self):
        self.client = Client(URL, TOKEN, AGENT, ENVIRONMENT, runtime_id="sdk-conformance", wait_for_config=15.0)
        self.addCleanup(self.client.close, 10.0)

    def assert_routes_like_the_server(self):
        keys = ["user-%d" % i for i in range(150)] + ["clé-é", "日本語", "🚀 rocket", "a:b", " "]
        for key in keys:
            server = graphql(TOKEN, ROUTE, {"agent": AGENT, "environment": ENVIRONMENT, "routingKey": key})["route"]
            local = self.client.route(key)
            self.assertEqual((local.version, local.arm, local.generation),
                             (server["version"], server["arm"], server["generation"]), key)

    def test_routes_exactly_like_the_server_and_follows_changes(self):
        self.assertIsNotNone(self.client.generation, "a first configuration")
        self.assert_routes_like_the_server()
        if not ADMIN:
            return
        generation = traffic("startRollout", version=2, weight=30)
        eventually(lambda: self.client.generation == generation, 15.0, "the rollout reaches the client")
        self.assert_routes_like_the_server()
        generation = traffic("advanceRollout", weight=60)
        eventually(lambda: self.client.generation == generation, 15.0, "the new weight reaches the client")
        self.assert_routes_like_the_server()
        generation = traffic("rollback")
        eventually(lambda: self.client.generation == generation, 15.0, "the rollback reaches the client")
        self.assertIsNone(self.client.config().canary)
        eventually(lambda: self.client.acknowledged >= 4, 15.0, "every generation acknowledged")

    def test_outcomes_are_accepted(self):
        for i in range(20):
            decision = self.client.route("user-%d" % i)
            self.assertTrue(self.client.report(decision, "SUCCESS" if i % 4 else "ERROR", 100 + i,
                                               task_completed=i % 3 != 0, cost_usd=0.001, input_tokens=10,
                                               output_tokens=5))
        self.assertTrue(self.client.outcomes.flush(15.0))
        self.assertEqual((self.client.outcomes.sent, self.client.outcomes.rejected, self.client.outcomes.failed),
                         (20, 0, 0))
