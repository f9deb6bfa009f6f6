package dev.caravan.pipeline;

import dev.caravan.budget.BudgetAmount;
import dev.caravan.budget.BudgetEstimator;
import dev.caravan.budget.BudgetService;
import dev.caravan.budget.BudgetSubject;
import dev.caravan.budget.Reservation;
import dev.caravan.cache.CacheResult;
import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.identity.Identity;
import dev.caravan.identity.Plan;
import dev.caravan.provider.TokenCounter;
import dev.caravan.ratelimit.ConcurrencyDecision;
import dev.caravan.ratelimit.ConcurrencyKey;
import dev.caravan.ratelimit.ConcurrencyLimiter;
import dev.caravan.ratelimit.Decision;
import dev.caravan.ratelimit.Permit;
import dev.caravan.ratelimit.LimitKey;
import dev.caravan.ratelimit.RateLimitKeys;
import dev.caravan.ratelimit.RateLimitRules;
import dev.caravan.ratelimit.RateLimitedException;
import dev.caravan.ratelimit.RateLimiter;
import dev.caravan.routing.RouteDecision;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The governance steps of the pipeline, around the model call: what the caller's plan and rate
 * limits and concurrency limits let in ({@link #admit}), which candidates the plan allows ({@link #restrictToPlan}), the
 * budget reservation ({@link #reserve}), and afterwards the books ({@link #settle}: the budget
 * charged with the actual usage or released, the token limits corrected).
 *
 * <p>The request's caller is the authenticated one (the ingress replaced it); a dead letter
 * replayed later carries the caller it was sent by, and is governed the same way except for the
 * plan (its plan is not kept with it).
 */
@Component("governance")
public class Governance {

    private static final Logger log = LoggerFactory.getLogger(Governance.class);

    private final RateLimiter limiter;
    private final RateLimitRules rateRules;
    private final BudgetService budgets;
    private final BudgetEstimator estimator;
    private final TokenCounter tokens;
    private final ConcurrencyLimiter concurrency;

    public Governance(RateLimiter limiter, RateLimitRules rateRules, ConcurrencyLimiter concurrency,
            BudgetService budgets, BudgetEstimator estimator, TokenCounter tokens) {
        this.concurrency = concurrency;
        this.limiter = limiter;
        this.rateRules = rateRules;
        this.budgets = budgets;
        this.estimator = estimator;
        this.tokens = tokens;
    }

    /**
     * The plan's per-request limits (input tokens refused above {@code max_tokens_in}; an answer
     * capped at {@code max_tokens_out}, a larger {@code max_tokens} refused), then the caller's rate
     * limits (global, tenant, key, user), counting one request and its expected tokens.
     *
     * @param identity null for a replayed request (no plan)
     * @throws GatewayException {@code plan_limit_exceeded}, or a {@link RateLimitedException}
     */
    public Admission admit(GatewayRequest request, Identity identity) {
        Plan plan = identity == null ? null : identity.plan();
        long inputTokens = -1;
        if (plan != null && plan.maxTokensIn() != null) {
            inputTokens = inputTokens(request);
            if (inputTokens > plan.maxTokensIn()) {
                throw new GatewayException(ErrorKind.PLAN_LIMIT_EXCEEDED, "The prompt has about " + inputTokens
                        + " tokens; plan '" + plan.id() + "' allows " + plan.maxTokensIn() + " per request.", "messages");
            }
        }
        GatewayRequest admitted = capOutput(request, plan);
        List<LimitKey> keys = List.of();
        Decision decision = Decision.unlimited();
        long expected = 0;
        if (rateRules.limitsAnything()) {
            if (inputTokens < 0) {
                inputTokens = inputTokens(request);
            }
            Integer maxTokens = maxTokens(admitted);
            expected = inputTokens + (maxTokens == null ? 0 : maxTokens);
            keys = RateLimitKeys.forCaller(caller(request));
            decision = limiter.check(keys, expected);
            if (!decision.allowed()) {
                throw new RateLimitedException(decision);
            }
        }
        return new Admission(admitted, keys, decision, expected, inputTokens, enterFlight(request));
    }

    /** A place among the requests in flight of the caller's tenant and the task, or 429 / 503. */
    private Permit enterFlight(GatewayRequest request) {
        ConcurrencyDecision flight = concurrency.acquire(ConcurrencyKey.of(caller(request).tenant(), request.task()));
        if (flight.acquired()) {
            return flight.permit();
        }
        throw new GatewayException(flight.outcome() == ConcurrencyDecision.Outcome.UNAVAILABLE
                ? ErrorKind.RATE_LIMITS_UNAVAILABLE : ErrorKind.CONCURRENCY_LIMITED, flight.message());
    }

    /**
     * The gateway's own limit on a candidate's provider ({@code caravan.rate-limits.provider}),
     * checked before each attempt so that the gateway stays under what the provider allows. A
     * provider at its limit fails the attempt as the provider's own 429 would: a short wait is
     * retried on the same model, a longer one moves on to the next candidate.
     *
     * @param admission null for a request that was not admitted here (counts one request, no tokens)
     * @throws GatewayException {@link ErrorKind#PROVIDER_RATE_LIMITED}
     */
    public void admitProvider(ModelProperties model, Admission admission) {
        if (!rateRules.limitsAnything()) {
            return;
        }
        List<LimitKey> keys = RateLimitKeys.forProvider(model.provider().id());
        Decision decision = limiter.check(keys, admission == null ? 0 : admission.estimatedTokens());
        if (!decision.allowed()) {
            throw new GatewayException(ErrorKind.PROVIDER_RATE_LIMITED, decision.message());
        }
    }

    /**
     * The candidates the caller's plan allows for the request's task (see {@link Plan#allowsModel}),
     * in the router's order.
     *
     * @throws GatewayException 403 {@code model_not_allowed} when none is left
     */
    public RouteDecision restrictToPlan(RouteDecision route, GatewayRequest request, Identity identity) {
        Plan plan = identity == null ? null : identity.plan();
        if (plan == null || plan.allowedTiers().isEmpty()) {
            return route;
        }
        List<ModelProperties> allowed = route.candidates().stream()
                .filter(m -> plan.allowsModel(request.task(), m.id(), m.qualityTier()))
                .toList();
        if (allowed.isEmpty()) {
            String task = request.task() == null ? "requests without a task" : "task '" + request.task() + "'";
            throw new GatewayException(ErrorKind.MODEL_NOT_ALLOWED, "Plan '" + plan.id() + "' allows none of the"
                    + " models that could answer this request for " + task + ".", "model");
        }
        if (allowed.size() == route.candidates().size()) {
            return route;
        }
        return new RouteDecision(allowed, route.reason(), route.strategy(),
                route.explanation() + " plan=" + plan.id(), List.of(), route.complexity());
    }

    /**
     * Reserves the request's estimate (its input plus the most any candidate may answer, at the
     * dearest candidate's prices) in every budget that applies to its caller and task.
     *
     * @throws GatewayException 429 {@code budget_exceeded} ({@code BudgetExceededException})
     */
    public Reservation reserve(GatewayRequest request, RouteDecision route, Admission admission) {
        BudgetSubject subject = subject(request);
        return budgets.reserve(request.requestId(), subject, () -> {
            long input = admission != null && admission.inputTokens() >= 0 ? admission.inputTokens() : inputTokens(request);
            boolean embedding = !(request.payload() instanceof ChatRequest);
            return embedding
                    ? BudgetEstimator.estimate(input, 0, maxPrice(route, true), 0)
                    : estimator.estimate(input, maxTokens(request), route.candidates());
        }).orThrow();
    }

    /**
     * The books once the request is over, whatever its outcome: the reservation charged with what
     * the call used (released when nothing answered, or the cache did), the token limits corrected
     * by actual minus expected. Never throws: a failure here must not cost the usage record.
     */
    public void settle(Admission admission, Reservation reservation, GatewayResponse response, CacheResult cache) {
        boolean fromProvider = response != null && (cache == null || !cache.hit());
        long used = fromProvider ? response.usage().inputTokens() + response.usage().outputTokens() : 0;
        try {
            if (reservation != null && !reservation.isEmpty()) {
                if (fromProvider) {
                    budgets.settle(reservation, new BudgetAmount(used, Math.max(0, response.costMicros())));
                } else {
                    budgets.release(reservation);
                }
            }
        } catch (RuntimeException e) {
            log.error("Could not settle the budget reservation {} (it expires by itself)", reservation.id(), e);
        }
        if (admission != null && !admission.permit().isEmpty()) {
            concurrency.release(admission.permit());
        }
        try {
            if (admission != null && !admission.keys().isEmpty() && used != admission.estimatedTokens()) {
                limiter.adjustTokens(admission.keys(), used - admission.estimatedTokens());
                if (fromProvider) {
                    // only the provider that answered is corrected; one that failed keeps the estimate
                    limiter.adjustTokens(RateLimitKeys.forProvider(response.provider()), used - admission.estimatedTokens());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not correct the token rate limits: {}", e.toString());
        }
    }

    /** Budget names: users qualified by their tenant ({@code acme/alice}), as user ids are unique only there. */
    static BudgetSubject subject(GatewayRequest request) {
        Caller c = caller(request);
        String user = c.user() == null ? null : c.tenant() == null ? c.user() : c.tenant() + "/" + c.user();
        return new BudgetSubject(c.keyId(), user, c.tenant(), request.task());
    }

    private long inputTokens(GatewayRequest request) {
        return request.payload() instanceof ChatRequest chat ? tokens.count(chat.messages())
                : request.texts().stream().mapToLong(tokens::count).sum();
    }

    private static GatewayRequest capOutput(GatewayRequest request, Plan plan) {
        if (plan == null || plan.maxTokensOut() == null || !(request.payload() instanceof ChatRequest chat)) {
            return request;
        }
        long cap = plan.maxTokensOut();
        if (chat.maxTokens() == null) {
            return request.withPayload(chat.withMaxTokens((int) Math.min(cap, Integer.MAX_VALUE)));
        }
        if (chat.maxTokens() > cap) {
            throw new GatewayException(ErrorKind.PLAN_LIMIT_EXCEEDED, "max_tokens is " + chat.maxTokens()
                    + "; plan '" + plan.id() + "' allows at most " + cap + " output tokens per request.", "max_tokens");
        }
        return request;
    }

    private static Integer maxTokens(GatewayRequest request) {
        return request.payload() instanceof ChatRequest chat ? chat.maxTokens() : Integer.valueOf(0);
    }

    private static long maxPrice(RouteDecision route, boolean input) {
        return route.candidates().stream()
                .mapToLong(m -> input ? m.inputPricePer1m() : m.outputPricePer1m()).max().orElse(0);
    }

    private static Caller caller(GatewayRequest request) {
        return request.caller() == null ? Caller.anonymous() : request.caller();
    }
}
