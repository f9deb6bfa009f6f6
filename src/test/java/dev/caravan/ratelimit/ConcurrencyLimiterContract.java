package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.ratelimit.ConcurrencyDecision.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConcurrencyLimiter} must do, run against the in-memory one
 * ({@code InMemoryConcurrencyLimiterTest}) and the Redis script ({@code ConcurrencyRedisIT}) with
 * the same moved-by-hand clock.
 */
abstract class ConcurrencyLimiterContract {

    protected static final Duration LEASE = Duration.ofMinutes(10);

    protected final TestClock clock = new TestClock();

    /** A limiter with these limits, dating leases by {@link #clock}. */
    protected abstract ConcurrencyLimiter limiter(ConcurrencyProperties properties);

    static ConcurrencyProperties limits(Integer global, Integer tenant, Integer task, Map<String, Integer> tenantOverrides,
            Map<String, Integer> taskOverrides) {
        return new ConcurrencyProperties(global, tenant, task, tenantOverrides, taskOverrides, LEASE);
    }

    static ConcurrencyProperties tenantLimit(int limit) {
        return limits(null, limit, null, null, null);
    }

    private static List<ConcurrencyKey> request(String tenant, String task) {
        return ConcurrencyKey.of(tenant, task);
    }

    private static List<Permit> acquireAll(ConcurrencyLimiter limiter, int times, String tenant, String task) {
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            ConcurrencyDecision decision = limiter.acquire(request(tenant, task));
            assertThat(decision.acquired()).as("acquire %d of %d: %s", i + 1, times, decision).isTrue();
            permits.add(decision.permit());
        }
        return permits;
    }

    @Test
    void should_hold_up_to_the_limit_and_refuse_the_next_naming_key_and_limit_when_the_tenant_is_full() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(4));
        List<Permit> held = acquireAll(limiter, 4, "acme", null);

        ConcurrencyDecision refused = limiter.acquire(request("acme", null));

        assertThat(held).allSatisfy(p -> assertThat(p.keys()).containsExactly(ConcurrencyKey.tenant("acme")));
        assertThat(held).extracting(Permit::id).doesNotHaveDuplicates();
        assertThat(refused.outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(refused.acquired()).isFalse();
        assertThat(refused.refusedBy()).contains(ConcurrencyKey.tenant("acme"));
        assertThat(refused.limit()).isEqualTo(4);
        assertThat(refused.retryAfter()).isZero();
        assertThat(refused.message()).isEqualTo("Too many requests in flight for tenant 'acme' (limit 4)."
                + " Please try again when one of them has finished.");
    }

    @Test
    void should_count_each_tenant_apart_when_the_limit_is_per_tenant() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(2));
        acquireAll(limiter, 2, "acme", null);

        assertThat(limiter.acquire(request("globex", null)).acquired()).isTrue();
        assertThat(limiter.acquire(request("acme", null)).acquired()).isFalse();
    }

    @Test
    void should_admit_again_when_a_permit_is_released() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(2));
        List<Permit> held = acquireAll(limiter, 2, "acme", null);
        assertThat(limiter.acquire(request("acme", null)).acquired()).isFalse();

        limiter.release(held.get(0));

        assertThat(limiter.acquire(request("acme", null)).acquired()).isTrue();
        assertThat(limiter.acquire(request("acme", null)).acquired()).isFalse();
    }

    @Test
    void should_free_one_place_only_when_a_permit_is_released_twice() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(2));
        List<Permit> held = acquireAll(limiter, 2, "acme", null);

        limiter.release(held.get(0));
        limiter.release(held.get(0));

        assertThat(limiter.acquire(request("acme", null)).acquired()).isTrue();
        assertThat(limiter.acquire(request("acme", null)).acquired()).as("the second release freed nothing").isFalse();
    }

    @Test
    void should_take_nothing_anywhere_when_one_key_is_full() {
        ConcurrencyLimiter limiter = limiter(limits(null, 3, null, null, Map.of("LLM2_DRAFT", 1)));
        Permit draft = limiter.acquire(request("acme", "LLM2_DRAFT")).permit();
        assertThat(draft.keys()).containsExactly(ConcurrencyKey.tenant("acme"), ConcurrencyKey.task("LLM2_DRAFT"));

        for (int i = 0; i < 5; i++) {
            ConcurrencyDecision refused = limiter.acquire(request("acme", "LLM2_DRAFT"));
            assertThat(refused.refusedBy()).contains(ConcurrencyKey.task("LLM2_DRAFT"));
            assertThat(refused.message()).startsWith("Too many requests in flight for task 'LLM2_DRAFT' (limit 1).");
        }

        assertThat(acquireAll(limiter, 2, "acme", "quiz")).as("the refusals held no place of acme's").hasSize(2);
        assertThat(limiter.acquire(request("acme", "flashcards")).refusedBy()).contains(ConcurrencyKey.tenant("acme"));
        assertThat(limiter.acquire(request("globex", "quiz")).acquired())
                .as("a refusal by acme's limit held no place of the task's").isTrue();
    }

    @Test
    void should_refuse_by_the_first_full_key_in_the_request_order() {
        ConcurrencyLimiter limiter = limiter(limits(2, 1, 1, null, null));
        acquireAll(limiter, 1, "acme", "quiz");
        acquireAll(limiter, 1, "globex", "code");

        ConcurrencyDecision refused = limiter.acquire(request("acme", "quiz"));

        assertThat(refused.refusedBy()).contains(ConcurrencyKey.GLOBAL);
        assertThat(refused.limit()).isEqualTo(2);
        assertThat(refused.message()).startsWith("Too many requests in flight for all callers (limit 2).");
    }

    @Test
    void should_apply_an_override_to_its_name_only_whether_higher_or_lower() {
        ConcurrencyLimiter limiter = limiter(limits(null, 1, 10, Map.of("acme", 3), Map.of("LLM2_DRAFT", 2)));

        acquireAll(limiter, 3, "acme", null);
        assertThat(limiter.acquire(request("acme", null)).limit()).isEqualTo(3);
        acquireAll(limiter, 1, "globex", null);
        assertThat(limiter.acquire(request("globex", null)).limit()).isEqualTo(1);

        acquireAll(limiter, 1, "t1", "LLM2_DRAFT");
        acquireAll(limiter, 1, "t2", "LLM2_DRAFT");
        ConcurrencyDecision draft = limiter.acquire(request("t3", "LLM2_DRAFT"));
        assertThat(draft.refusedBy()).contains(ConcurrencyKey.task("LLM2_DRAFT"));
        assertThat(draft.limit()).isEqualTo(2);
        assertThat(limiter.acquire(request("t4", "quiz")).acquired()).isTrue();
    }

    @Test
    void should_limit_a_name_with_an_override_only_when_its_scope_has_no_limit() {
        ConcurrencyLimiter limiter = limiter(limits(null, null, null, Map.of("acme", 1), null));

        acquireAll(limiter, 1, "acme", null);

        assertThat(limiter.acquire(request("acme", null)).acquired()).isFalse();
        assertThat(limiter.acquire(request("globex", null)).permit()).isSameAs(Permit.none());
    }

    @Test
    void should_return_the_shared_empty_permit_when_no_key_has_a_limit() {
        ConcurrencyLimiter limiter = limiter(limits(null, 5, null, null, null));

        ConcurrencyDecision decision = limiter.acquire(List.of(ConcurrencyKey.GLOBAL, ConcurrencyKey.task("quiz")));

        assertThat(decision.acquired()).isTrue();
        assertThat(decision.permit()).isSameAs(Permit.none());
        assertThat(decision.permit().isEmpty()).isTrue();
        limiter.release(decision.permit());
        limiter.release(Permit.none());
    }

    @Test
    void should_count_a_key_given_twice_once() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(2));
        ConcurrencyKey acme = ConcurrencyKey.tenant("acme");

        Permit permit = limiter.acquire(List.of(acme, acme)).permit();

        assertThat(permit.keys()).containsExactly(acme);
        assertThat(limiter.acquire(List.of(acme)).acquired()).isTrue();
    }

    @Test
    void should_end_the_lease_of_a_permit_never_released_when_its_ttl_has_passed() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(2));
        acquireAll(limiter, 1, "acme", null);
        clock.advance(Duration.ofMinutes(4));
        Permit later = acquireAll(limiter, 1, "acme", null).get(0);

        clock.advance(LEASE.minusMinutes(4).minusMillis(1));
        assertThat(limiter.acquire(request("acme", null)).acquired()).as("both leases still run").isFalse();

        clock.advanceMillis(1);
        ConcurrencyDecision afterFirstLease = limiter.acquire(request("acme", null));
        assertThat(afterFirstLease.acquired()).as("the first lease has ended").isTrue();
        assertThat(limiter.acquire(request("acme", null)).acquired()).as("the later lease still runs").isFalse();

        limiter.release(later);
        assertThat(limiter.acquire(request("acme", null)).acquired()).isTrue();
    }

    @Test
    void should_release_without_effect_a_permit_whose_lease_has_ended() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(1));
        Permit old = acquireAll(limiter, 1, "acme", null).get(0);
        clock.advance(LEASE);
        Permit current = acquireAll(limiter, 1, "acme", null).get(0);

        limiter.release(old);

        assertThat(limiter.acquire(request("acme", null)).acquired()).as("the current permit still holds").isFalse();
        limiter.release(current);
        assertThat(limiter.acquire(request("acme", null)).acquired()).isTrue();
    }

    @Test
    void should_keep_a_renewed_permit_past_its_first_lease_until_the_renewed_one_ends() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(1));
        Permit held = acquireAll(limiter, 1, "acme", null).get(0);

        clock.advance(LEASE.minusMinutes(1));
        limiter.renew(held);
        clock.advance(Duration.ofMinutes(2));
        assertThat(limiter.acquire(request("acme", null)).acquired()).as("the renewed lease still runs").isFalse();

        clock.advance(LEASE);
        assertThat(limiter.acquire(request("acme", null)).acquired()).as("the renewed lease has ended").isTrue();
    }

    @Test
    void should_not_take_a_place_again_when_renewing_a_released_permit_or_one_whose_lease_has_ended() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(1));
        Permit ended = acquireAll(limiter, 1, "acme", null).get(0);
        clock.advance(LEASE);
        Permit released = acquireAll(limiter, 1, "acme", null).get(0);
        limiter.release(released);

        limiter.renew(ended);
        limiter.renew(released);
        limiter.renew(Permit.none());

        Permit next = acquireAll(limiter, 1, "acme", null).get(0);
        assertThat(limiter.acquire(request("acme", null)).acquired()).as("only the new permit holds the place").isFalse();
        limiter.release(next);
    }
}
