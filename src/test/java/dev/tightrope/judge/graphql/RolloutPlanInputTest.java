package dev.tightrope.judge.graphql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tightrope.judge.domain.Metric;
import dev.tightrope.platform.error.TightropeException;

/** A plan's VALIDATION names every broken rule at once, whichever others are broken too. */
class RolloutPlanInputTest {

    private static RolloutPlanInput.MetricPolicyInput metric(Metric metric, double tolerance) {
        RolloutPlanInput.MetricPolicyInput policy = new RolloutPlanInput.MetricPolicyInput();
        policy.metric = metric;
        policy.tolerance = tolerance;
        return policy;
    }

    private static RolloutPlanInput.StepInput step(int weight) {
        RolloutPlanInput.StepInput step = new RolloutPlanInput.StepInput();
        step.weight = weight;
        return step;
    }

    @Test
    void aMetricGivenTwiceIsReportedBesideABrokenToleranceAndStep() {
        RolloutPlanInput plan = new RolloutPlanInput();
        plan.steps = List.of(step(50), step(25));
        plan.metrics = List.of(metric(Metric.ERROR_RATE, -1), metric(Metric.ERROR_RATE, 1));

        assertThatThrownBy(plan::toPlan).isInstanceOf(TightropeException.class)
                .hasMessageContaining("plan.steps[1].weight")
                .hasMessageContaining("plan.metrics[0].tolerance: must be 0 or more")
                .hasMessageContaining("plan.metrics[1].metric: ERROR_RATE is given twice");
    }

    @Test
    void aPlanThatJudgesNothingIsRefused() {
        RolloutPlanInput plan = new RolloutPlanInput();
        plan.steps = List.of(step(10));
        plan.metrics = List.of();

        assertThatThrownBy(plan::toPlan).isInstanceOf(TightropeException.class)
                .hasMessageContaining("plan.metrics: is empty, so nothing would be judged");
        plan.metrics = null;
        org.assertj.core.api.Assertions.assertThat(plan.toPlan().metrics()).as("left out: the default six")
                .hasSize(6);
    }
}
