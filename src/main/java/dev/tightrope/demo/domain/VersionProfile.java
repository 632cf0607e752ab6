package dev.tightrope.demo.domain;

/**
 * How one version of the demo agent behaves under synthetic traffic.
 *
 * @param errorRate       share of requests that end in an error (0..1)
 * @param completionRate  share of successful requests that complete their task (0..1); errors report none
 * @param latencyMedianMs median latency; latencies are log-normal around it
 * @param latencySigma    standard deviation of ln(latency)
 * @param costUsd         typical cost of one request
 * @param inputTokens     typical prompt tokens of one request
 * @param outputTokens    typical answer tokens of one request
 */
public record VersionProfile(double errorRate, double completionRate, double latencyMedianMs, double latencySigma,
        double costUsd, int inputTokens, int outputTokens) {

    public VersionProfile {
        if (!(errorRate >= 0 && errorRate <= 1) || !(completionRate >= 0 && completionRate <= 1)) {
            throw new IllegalArgumentException("rates must be between 0 and 1");
        }
        if (!(latencyMedianMs > 0) || !(latencySigma >= 0) || !(costUsd >= 0) || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("latency must be positive; sigma, cost and tokens not negative");
        }
    }
}
