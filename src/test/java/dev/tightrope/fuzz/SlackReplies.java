package dev.tightrope.fuzz;

import java.util.List;

import dev.tightrope.testing.FakeSlack;

/**
 * Slack clicks are acknowledged at once and answered later on their {@code response_url}, which the fuzz cases
 * point at a {@link FakeSlack} path of their own ({@code /fz/<case>}): after the run, every reply that arrived is
 * checked for internal errors and Java text like any other answer.
 */
final class SlackReplies {

    private SlackReplies() {
    }

    static void check(FakeSlack slack, List<Integer> cases, FuzzReport report, String origin) {
        for (int number : cases) {
            for (FakeSlack.Received reply : slack.received("/fz/" + number)) {
                String text = reply.body().encode();
                String java = DocumentedCodes.javaText(text);
                String violation = text.contains("because of an internal error")
                        ? "[INTERNAL] Slack reply on the response_url reports an internal error"
                        : java == null ? null : "[java-text] Slack reply on the response_url: " + java;
                if (violation != null) {
                    FuzzCase marker = new FuzzCase(number, "slack-reply:response_url", FuzzCase.Expect.ANY, false,
                            FuzzCase.Differential.NONE, null, null);
                    report.add(marker, List.of(violation), Answer.abbreviate(text, 400),
                            "(the reply to case #" + number + " above; replay with the seed)");
                }
            }
        }
    }
}
