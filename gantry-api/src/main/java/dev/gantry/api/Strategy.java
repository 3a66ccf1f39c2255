package dev.gantry.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;

/**
 * How a deploy replaces the live release: the {@code strategy} of gantry.yml, one of three. In JSON it is written
 * as gantry.yml writes it, an object with one key naming the strategy: {@code {"canary": {"steps": [...], ...}}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
    @JsonSubTypes.Type(value = Strategy.Rolling.class, name = "rolling"),
    @JsonSubTypes.Type(value = Strategy.BlueGreen.class, name = "blueGreen"),
    @JsonSubTypes.Type(value = Strategy.Canary.class, name = "canary")
})
public sealed interface Strategy {
    /** Today's behaviour: one new instance at a time, none of the old ones out before its successor is ready. */
    Rolling DEFAULT = new Rolling(1, 0);

    /**
     * Replace instances a few at a time.
     *
     * @param maxSurge       how many instances above the target may run during the update
     * @param maxUnavailable how many of the target may be out of service during the update
     */
    record Rolling(int maxSurge, int maxUnavailable) implements Strategy {
        public Rolling {
            if (maxSurge < 0) throw new IllegalArgumentException("rolling.maxSurge: must be >= 0, was " + maxSurge);
            if (maxUnavailable < 0)
                throw new IllegalArgumentException("rolling.maxUnavailable: must be >= 0, was " + maxUnavailable);
            if (maxSurge == 0 && maxUnavailable == 0)
                throw new IllegalArgumentException(
                        "rolling: maxSurge and maxUnavailable must not both be 0 (nothing could ever be replaced)");
        }
    }

    /**
     * Start the whole new set beside the old one, verify it, switch all traffic in one route-table update,
     * and keep the old set running for the rollback window.
     *
     * @param verify         a path every new instance must answer with 2xx before the switch; null for none
     * @param manual         wait for {@code gantry promote APP} before the switch
     * @param rollbackWindow how long the old set keeps running after the switch
     */
    record BlueGreen(String verify, boolean manual, Duration rollbackWindow) implements Strategy {
        public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

        public BlueGreen {
            if (verify != null && !verify.startsWith("/"))
                throw new IllegalArgumentException(
                        "blueGreen.verify: must be a path starting with / or manual, was " + verify);
            rollbackWindow = rollbackWindow == null ? DEFAULT_WINDOW : rollbackWindow;
            if (rollbackWindow.isNegative())
                throw new IllegalArgumentException("blueGreen.rollbackWindow: must be >= 0, was " + rollbackWindow);
        }
    }

    /**
     * Send a growing share of traffic to the new release, judged against the stable one at every interval.
     *
     * @param steps     the weights in order, each with its pause; the last need not be 100: after the last step
     *                  passes, the canary is promoted to all traffic
     * @param onFailure what a hard failure (canary down, error burst) does
     * @param sticky    a cookie keeps a user on the release it first got
     */
    record Canary(List<CanaryStep> steps, Analysis analysis, OnFailure onFailure, boolean sticky) implements Strategy {
        public Canary {
            if (steps == null || steps.isEmpty())
                throw new IllegalArgumentException("canary.steps: at least one step is required");
            steps = List.copyOf(steps);
            int previous = 0;
            for (int i = 0; i < steps.size(); i++) {
                int w = steps.get(i).weight();
                if (w <= previous)
                    throw new IllegalArgumentException("canary.steps[" + i + "].weight: must be greater than "
                            + previous + " (weights increase step by step), was " + w);
                previous = w;
            }
            analysis = analysis == null ? Analysis.DEFAULT : analysis;
            onFailure = onFailure == null ? OnFailure.ABORT : onFailure;
        }
    }

    /**
     * One canary step.
     *
     * @param weight percent of the app's requests the canary gets, 1..100
     * @param pause  how long the step lasts at least; ZERO for no pause
     * @param manual the step waits for {@code gantry promote APP}
     */
    record CanaryStep(int weight, Duration pause, boolean manual) {
        public CanaryStep {
            if (weight < 1 || weight > 100)
                throw new IllegalArgumentException("weight: must be 1..100 (percent), was " + weight);
            pause = pause == null ? Duration.ZERO : pause;
            if (pause.isNegative()) throw new IllegalArgumentException("pause: must be >= 0, was " + pause);
        }
    }

    /** What a hard canary failure does: abort rolls it back; pause sends its share to stable until it recovers. */
    enum OnFailure {
        ABORT,
        PAUSE
    }

    /** Which judge decides at every interval. */
    enum Judge {
        /** anytime-valid sequential tests (the default) */
        SEQUENTIAL,
        /** Kayenta's classic judge: Mann-Whitney per metric, a weighted 0-100 score */
        KAYENTA
    }

    /**
     * How the canary is judged.
     *
     * @param interval   how often the judge looks
     * @param judge      which judge
     * @param alpha      the false-alarm level of the sequential judge, 0 < alpha < 0.5
     * @param errorBurst hard threshold: a canary whose share of failed requests over the last second exceeds
     *                   stable's by this many points (with at least {@link #BURST_MIN_REQUESTS} requests) loses
     *                   its weight at once
     * @param pass       Kayenta score at or above which a step passes
     * @param marginal   Kayenta score below which the canary fails; between the two the step waits
     * @param timeout    how long a step may wait past its pause for a decision before the canary is aborted
     */
    record Analysis(
            Duration interval,
            Judge judge,
            double alpha,
            int errorBurst,
            double pass,
            double marginal,
            Duration timeout) {
        public static final int BURST_MIN_REQUESTS = 5;
        public static final Analysis DEFAULT =
                new Analysis(Duration.ofSeconds(10), Judge.SEQUENTIAL, 0.01, 50, 95, 75, Duration.ofMinutes(10));

        public Analysis {
            interval = interval == null ? Duration.ofSeconds(10) : interval;
            if (interval.compareTo(Duration.ofSeconds(1)) < 0)
                throw new IllegalArgumentException("analysis.interval: must be at least 1s, was " + interval);
            judge = judge == null ? Judge.SEQUENTIAL : judge;
            if (!(alpha > 0 && alpha < 0.5))
                throw new IllegalArgumentException("analysis.alpha: must be between 0 and 0.5, was " + alpha);
            if (errorBurst < 1 || errorBurst > 100)
                throw new IllegalArgumentException("analysis.errorBurst: must be 1..100 (percent), was " + errorBurst);
            if (!(pass >= 0 && pass <= 100))
                throw new IllegalArgumentException("analysis.pass: must be 0..100, was " + pass);
            if (!(marginal >= 0 && marginal <= 100))
                throw new IllegalArgumentException("analysis.marginal: must be 0..100, was " + marginal);
            if (marginal > pass)
                throw new IllegalArgumentException(
                        "analysis.marginal: must not be above analysis.pass (" + pass + "), was " + marginal);
            timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
            if (timeout.isNegative())
                throw new IllegalArgumentException("analysis.timeout: must be >= 0, was " + timeout);
        }
    }
}
