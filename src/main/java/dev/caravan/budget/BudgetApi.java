package dev.caravan.budget;

import dev.caravan.gateway.Caller;
import dev.caravan.identity.ApiKey;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.ReadAccess;
import dev.caravan.identity.ReadScope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Header;

/**
 * {@code GET /api/budget} ({@code usage.camel.yaml}): each budget's use against its limits in the
 * current period, limited to what the caller may see ({@link ReadAccess}).
 *
 * <p>The admin sees every budget ({@link BudgetOverview#all()}), or one tenant's with
 * {@code tenant=}. A tenant's key sees the budgets that charge its tenant's requests: the tenant's
 * own budget, the key budgets of its active keys and the user budgets of the users those keys are
 * bound to. Task budgets are shared by every tenant, so their usage is the gateway's, not the
 * tenant's: they are left out of a tenant's view.
 */
public class BudgetApi {

    private final ReadAccess access;
    private final BudgetOverview overview;
    private final ApiKeyStore keys;
    private final Clock clock;

    public BudgetApi(ReadAccess access, BudgetOverview overview, ApiKeyStore keys, Clock clock) {
        this.access = Objects.requireNonNull(access, "access");
        this.overview = Objects.requireNonNull(overview, "overview");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code GET /api/budget?tenant=}. */
    public BudgetReport budgets(@Header("Authorization") String authorization, @Header("tenant") String tenant) {
        ReadScope scope = access.resolve(authorization);
        String only = scope.tenantFilter(tenant);
        List<BudgetStatus> budgets = only == null ? overview.all() : overview.of(subjects(only));
        return new BudgetReport(clock.instant(), only, budgets);
    }

    /** What the tenant's requests are charged to: built as the pipeline builds it, without a task. */
    private List<BudgetSubject> subjects(String tenant) {
        List<BudgetSubject> subjects = new ArrayList<>();
        subjects.add(BudgetSubject.of(new Caller(tenant, null, null, null), null));
        for (ApiKey key : keys.list(tenant)) {
            if (!key.revoked()) {
                subjects.add(BudgetSubject.of(new Caller(tenant, key.userId(), key.service(), key.id()), null));
            }
        }
        return subjects;
    }
}
