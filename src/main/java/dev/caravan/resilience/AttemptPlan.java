package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.resilience.Faults.Outcomes;
import dev.caravan.routing.RouteDecision;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;

/**
 * The attempts of one request: which model to call next, how long to wait first, and what to
 * answer when nothing worked. Walks the route's candidates best first; retries the same model for
 * transient failures; skips candidates whose breaker is open; stops at a caller error, after
 * {@code maxAttempts} calls or at the deadline. Pure bookkeeping: it never sleeps and never calls a
 * provider, and it only reads breaker state (whoever makes the call acquires the permission).
 *
 * <pre>{@code
 * AttemptPlan plan = AttemptPlan.start(route, properties, breakers, clock, random);
 * while (plan.hasNext()) {
 *     ModelProperties model = plan.next();
 *     wait(plan.backoffMillis());
 *     try {
 *         plan.succeeded(call(model));      // through breakers.forModel(model)
 *     } catch (RuntimeException e) {
 *         plan.failed(e);
 *     }
 * }
 * if (!plan.answered()) throw plan.finalFailure();
 * }</pre>
 *
 * <p>Settings: breaker, retry and back-off values come from the provider of the model being
 * called; {@code maxAttempts} and {@code deadline} from the provider of the route's primary. One
 * plan per request, used by one thread at a time (not thread-safe).
 */
public final class AttemptPlan {

    /**
     * One step of the plan: a call, or a candidate skipped because its breaker was open.
     *
     * @param model     model id
     * @param outcome   {@code ok}, {@code error}, {@code timeout}, {@code rate_limited}, {@code open},
     *                  {@code auth}, {@code rejected} or {@code closed}
     * @param latencyMs time from the call's start (after its back-off) to its outcome; 0 for a skip
     */
    public record Attempt(String model, String outcome, long latencyMs) {
    }

    private final RouteDecision route;
    private final List<ModelProperties> candidates;
    private final ResilienceProperties properties;
    private final BreakerRegistry breakers;
    private final Clock clock;
    private final RandomGenerator random;
    private final int maxAttempts;
    private final long deadlineAt;
    private final List<Attempt> attempts = new ArrayList<>(4);

    /** Index of the next candidate not yet considered. */
    private int nextCandidate;
    /** A candidate found usable by {@link #hasNext()}, not yet returned by {@link #next()}. */
    private ModelProperties queued;
    private ModelProperties current;
    private ResilienceProperties.Settings currentSettings;
    private int retriesOnCurrent;
    private boolean retryPending;
    private long pendingWait;
    private long backoff;
    private long attemptStartedAt;
    private boolean inFlight;
    private int calls;
    private ModelProperties answeredBy;
    /** The failure that ended the plan early: a caller error, or a call {@linkplain #stop stopped}. */
    private GatewayException stopFailure;

    private AttemptPlan(RouteDecision route, ResilienceProperties properties, BreakerRegistry breakers, Clock clock,
            RandomGenerator random) {
        this.route = route;
        this.candidates = route.candidates();
        this.properties = properties;
        this.breakers = breakers;
        this.clock = clock;
        this.random = random;
        ResilienceProperties.Settings primary = properties.forModel(route.primary());
        this.maxAttempts = primary.maxAttempts();
        this.deadlineAt = saturatedAdd(clock.millis(), primary.deadline().toMillis());
    }

    /** A plan over the route's candidates; the deadline starts now. */
    public static AttemptPlan start(RouteDecision route, ResilienceProperties properties, BreakerRegistry breakers,
            Clock clock, RandomGenerator random) {
        return new AttemptPlan(route, properties, breakers, clock, random);
    }

    /**
     * Whether another call should be made: nothing answered yet, no caller error, fewer than
     * {@code maxAttempts} calls, the deadline not passed, and a retry decided or a candidate left
     * whose breaker is not open. Candidates found open are recorded as {@code <id>:open}.
     */
    public boolean hasNext() {
        if (answeredBy != null || stopFailure != null || calls >= maxAttempts || clock.millis() >= deadlineAt) {
            return false;
        }
        return retryPending || advance() != null;
    }

    /**
     * The model for the next call: the same one when a retry was decided, else the next candidate
     * whose breaker is not open.
     *
     * @throws NoSuchElementException when {@link #hasNext()} is false
     * @throws IllegalStateException  when the previous call was not reported
     */
    public ModelProperties next() {
        if (inFlight) {
            throw new IllegalStateException("report the outcome of the call to " + current.id() + " first");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("no attempt left: " + summary());
        }
        if (retryPending) {
            retryPending = false;
            backoff = pendingWait;
        } else {
            current = queued;
            queued = null;
            currentSettings = properties.forModel(current);
            retriesOnCurrent = 0;
            backoff = 0;
        }
        calls++;
        inFlight = true;
        attemptStartedAt = clock.millis() + backoff;
        return current;
    }

    /**
     * How long to wait before the call just returned by {@link #next()}: 0 for a new candidate,
     * exponential back-off with jitter (at most {@code maxBackoff}) for a retry, the provider's
     * Retry-After for a short 429. A retry whose wait would reach the deadline is not made.
     */
    public long backoffMillis() {
        return backoff;
    }

    /** Records the answer of the current call ({@code <id>:ok}); the plan is then finished. */
    public void succeeded(GatewayResponse response) {
        long latency = finishCall();
        attempts.add(new Attempt(current.id(), Outcomes.OK, latency));
        answeredBy = current;
    }

    /**
     * Records the failure of the current call and decides what comes next:
     * <ul>
     *   <li>a caller error (the request itself is wrong, or the caller went away): stop; the error
     *       is the {@link #finalFailure()};
     *   <li>a 429 whose Retry-After (read from the provider's message) is at most
     *       {@code maxRetryAfter}, with retries left: the same model after that wait; a longer or
     *       unknown wait: the next candidate;
     *   <li>a timeout, 5xx or connect failure: the same model after a back-off while retries are
     *       left, then the next candidate;
     *   <li>rejected credentials: the next candidate (the same key fails again);
     *   <li>the breaker refused the call: the next candidate, recorded {@code <id>:open}; the
     *       refusal does not count as an attempt.
     * </ul>
     */
    public void failed(Throwable error) {
        long latency = finishCall();
        if (error == null) {
            error = new IllegalStateException("a call failed without an error");
        }
        if (Faults.isNotPermitted(error)) {
            calls--;
            attempts.add(new Attempt(current.id(), Outcomes.OPEN, latency));
            return;
        }
        GatewayException failure = Faults.toGateway(error, current);
        ErrorKind kind = failure.kind();
        attempts.add(new Attempt(current.id(), Faults.outcome(kind), latency));
        if (kind.isCallerError()) {
            stopFailure = failure;
            return;
        }
        boolean retriesLeft = retriesOnCurrent < currentSettings.maxRetries();
        if (kind == ErrorKind.PROVIDER_RATE_LIMITED) {
            long wait = retryAfterMillis(error);
            if (retriesLeft && wait >= 0 && wait <= currentSettings.maxRetryAfter().toMillis()) {
                retry(wait);
            }
            return;
        }
        if (kind == ErrorKind.PROVIDER_AUTH) {
            return;
        }
        if (retriesLeft) {
            retry(backoff(retriesOnCurrent + 1));
        }
    }

    /**
     * Records the failure of the current call and makes no further attempt, whatever the error:
     * for a stream that broke after tokens reached the client (another model would repeat them).
     * {@link #finalFailure()} is then the error, as a {@link GatewayException}.
     */
    public void stop(Throwable error) {
        long latency = finishCall();
        GatewayException failure = Faults.isNotPermitted(error)
                ? new GatewayException(ErrorKind.MODEL_UNAVAILABLE, "No model could answer: " + current.id() + ":open")
                : Faults.toGateway(error, current);
        attempts.add(new Attempt(current.id(), Faults.isNotPermitted(error) ? Outcomes.OPEN
                : Faults.outcome(failure.kind()), latency));
        stopFailure = failure;
    }

    /** No more calls will be made: answered, stopped by a caller error, or out of candidates, attempts or time. */
    public boolean exhausted() {
        return !hasNext();
    }

    /** Whether a call succeeded. */
    public boolean answered() {
        return answeredBy != null;
    }

    /**
     * Why the request failed, once {@link #exhausted()} without an answer (null when answered): a
     * caller error as it was thrown (or the error given to {@link #stop}); otherwise {@code MODEL_UNAVAILABLE} (503) when every
     * candidate's breaker was open or refused the call, else {@code PROVIDER_ERROR} (502), with the
     * message {@code No model could answer: sim-small:error,sim-large:timeout}. Provider messages
     * are never included: they may quote secrets.
     */
    private boolean allOutcomes(String outcome) {
        if (attempts.isEmpty()) {
            return false;
        }
        for (Attempt a : attempts) {
            if (!outcome.equals(a.outcome())) {
                return false;
            }
        }
        return true;
    }

    public GatewayException finalFailure() {
        if (answeredBy != null) {
            return null;
        }
        if (stopFailure != null) {
            return stopFailure;
        }
        ErrorKind kind = allOutcomes(Outcomes.OPEN) ? ErrorKind.MODEL_UNAVAILABLE
                // every provider said "later" or said nothing: keep that meaning for the caller (429 / 504)
                : allOutcomes(Outcomes.RATE_LIMITED) ? ErrorKind.PROVIDER_RATE_LIMITED
                : allOutcomes(Outcomes.TIMEOUT) ? ErrorKind.PROVIDER_TIMEOUT
                : ErrorKind.PROVIDER_ERROR;
        return new GatewayException(kind, attempts.isEmpty() ? "No model could answer."
                : "No model could answer: " + summary());
    }

    /** Every step as {@code model:outcome}, comma-separated: {@code sim-small:timeout,sim-large:ok}. */
    public String summary() {
        int n = attempts.size();
        if (n == 1) {
            Attempt a = attempts.get(0);
            return a.model() + ':' + a.outcome();
        }
        StringBuilder b = new StringBuilder(n * 20);
        for (int i = 0; i < n; i++) {
            Attempt a = attempts.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append(a.model()).append(':').append(a.outcome());
        }
        return b.toString();
    }

    /** Answered by a model other than the route's primary. */
    public boolean fellBack() {
        return answeredBy != null && !answeredBy.id().equals(route.primary().id());
    }

    /** The model that answered, or null. */
    public ModelProperties answeredBy() {
        return answeredBy;
    }

    /** The model of the last call returned by {@link #next()}, or null before the first. */
    public ModelProperties current() {
        return current;
    }

    /** Every step so far, in order. */
    public List<Attempt> attempts() {
        return Collections.unmodifiableList(attempts);
    }

    /** Calls made (retries included; breaker refusals and skipped candidates not). */
    public int calls() {
        return calls;
    }

    public RouteDecision route() {
        return route;
    }

    /** Milliseconds left before the deadline (0 once passed). */
    public long remainingMillis() {
        return Math.max(0, deadlineAt - clock.millis());
    }

    /**
     * The longest the current call may take: the provider's {@code totalTimeout}, the model's own
     * {@code timeout}, and what is left of the deadline after the back-off, whichever is shortest.
     */
    public long callTimeoutMillis() {
        if (current == null) {
            throw new IllegalStateException("no call yet");
        }
        long limit = Math.min(currentSettings.totalTimeout().toMillis(), current.timeout().toMillis());
        return Math.max(0, Math.min(limit, deadlineAt - attemptStartedAt));
    }

    /** The effective settings for the current call's provider (timeouts), or null before the first call. */
    public ResilienceProperties.Settings currentSettings() {
        return currentSettings;
    }

    private long finishCall() {
        if (!inFlight) {
            throw new IllegalStateException("no call in flight: call next() first");
        }
        inFlight = false;
        return Math.max(0, clock.millis() - attemptStartedAt);
    }

    /** Retries the current model after {@code wait} ms, unless that would reach the deadline. */
    private void retry(long wait) {
        if (clock.millis() + wait >= deadlineAt) {
            return;
        }
        retriesOnCurrent++;
        retryPending = true;
        pendingWait = wait;
    }

    /** Back-off before retry number {@code n} (1-based): initial × multiplier^(n-1), ± jitter, at most maxBackoff. */
    private long backoff(int n) {
        ResilienceProperties.Settings s = currentSettings;
        double base = s.initialBackoff().toMillis() * Math.pow(s.backoffMultiplier(), n - 1);
        double max = s.maxBackoff().toMillis();
        base = Math.min(base, max);
        double jittered = base * (1 + s.jitter() * (2 * random.nextDouble() - 1));
        return Math.max(0, Math.round(Math.min(jittered, max)));
    }

    /** The wait a 429 asks for, from the messages in its cause chain (the provider's body); -1 if none. */
    private static long retryAfterMillis(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            long millis = RetryAfter.parseMillis(t.getMessage());
            if (millis >= 0) {
                return millis;
            }
        }
        return -1;
    }

    /** The next candidate whose breaker is not open, recording the open ones skipped; null when none is left. */
    private ModelProperties advance() {
        while (queued == null && nextCandidate < candidates.size()) {
            ModelProperties candidate = candidates.get(nextCandidate++);
            CircuitBreaker.State state = breakers.forModel(candidate).getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                attempts.add(new Attempt(candidate.id(), Outcomes.OPEN, 0));
            } else {
                queued = candidate;
            }
        }
        return queued;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
