"""Prepares a fresh Tightrope for the SDK conformance run, over its GraphQL API (standard library only): an agent
with two versions, version 1 deployed in production, and a RUNTIME token. Prints shell assignments for the SDK's
integration test: TIGHTROPE_AGENT, TIGHTROPE_ENVIRONMENT, TIGHTROPE_RUNTIME_TOKEN."""

import json
import sys
import time
import urllib.request

URL, ADMIN = sys.argv[1], sys.argv[2]


def graphql(query, variables):
    request = urllib.request.Request(URL + "/graphql", data=json.dumps({"query": query, "variables": variables})
                                     .encode("utf-8"), headers={"Authorization": "Bearer " + ADMIN,
                                                                "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.loads(response.read().decode("utf-8"))
    if answer.get("errors"):
        raise SystemExit("GraphQL refused: %s" % answer["errors"])
    return answer["data"]


agent = "conformance-%d" % int(time.time())
graphql("mutation($input: CreateAgentInput!) { createAgent(input: $input) { slug } }",
        {"input": {"slug": agent, "name": "SDK conformance"}})
graphql("mutation($input: CreateVersionInput!) { createVersion(input: $input) { number } }", {"input": {
    "agent": agent, "message": "v1",
    "prompt": {"system": "You are the support assistant of Acme."},
    "model": {"provider": "openai", "modelId": "gpt-4o", "temperature": 0.2},
    "tools": {"tools": [{"name": "lookup_order", "parameters": {"type": "object"}}]},
    "guardrails": {"inputFilters": [{"type": "pii"}]},
    "knowledgeBase": {"indexId": "kb-orders"}}})
graphql("mutation($input: CreateVersionInput!) { createVersion(input: $input) { number } }", {"input": {
    "agent": agent, "message": "v2", "prompt": {"system": "You are the support assistant of Acme. Be brief."}}})
graphql("mutation($agent: String!) { deploy(agent: $agent, environment: \"production\", version: 1) "
        "{ generation } }", {"agent": agent})
token = graphql("mutation($name: String!) { createApiToken(name: $name, role: RUNTIME) { secret } }",
                {"name": agent + "-runtime"})["createApiToken"]["secret"]
print("TIGHTROPE_AGENT=%s" % agent)
print("TIGHTROPE_ENVIRONMENT=production")
print("TIGHTROPE_RUNTIME_TOKEN=%s" % token)
