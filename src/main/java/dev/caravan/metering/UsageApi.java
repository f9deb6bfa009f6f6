package dev.caravan.metering;

import dev.caravan.gateway.GatewayException;
import dev.caravan.identity.ReadAccess;
import dev.caravan.identity.ReadScope;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.apache.camel.Header;

/**
 * The read endpoints of usage ({@code usage.camel.yaml}): checks who is asking
 * ({@link ReadAccess}), limits the question to what they may see and answers it. A tenant's key
 * always gets its own tenant only; asking for another is refused with 403.
 *
 * <p>The routes bind the query parameters (platform-http puts them in headers) and render the
 * returned record as JSON.
 */
public class UsageApi {

    private final ReadAccess access;
    private final UsageAnalytics analytics;
    private final UsageSummaryService summaries;
    private final Clock clock;

    public UsageApi(ReadAccess access, UsageAnalytics analytics, UsageSummaryService summaries, Clock clock) {
        this.access = Objects.requireNonNull(access, "access");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.summaries = Objects.requireNonNull(summaries, "summaries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code GET /api/usage?group_by=&from=&to=&tenant=}. */
    public UsageReport usage(@Header("Authorization") String authorization, @Header("group_by") String groupBy,
            @Header("from") String from, @Header("to") String to, @Header("tenant") String tenant) {
        ReadScope scope = access.resolve(authorization);
        return analytics.report(UsageQuery.parse(groupBy, from, to, scope.tenantFilter(tenant), clock));
    }

    /** {@code GET /api/usage/summary?from=&to=&tenant=}: as before (unbounded window by default), now scoped. */
    public UsageSummary summary(@Header("Authorization") String authorization, @Header("from") String from,
            @Header("to") String to, @Header("tenant") String tenant) {
        ReadScope scope = access.resolve(authorization);
        String only = scope.tenantFilter(tenant);
        Instant start = UsageQuery.instant(from, "from");
        Instant end = UsageQuery.instant(to, "to");
        if (start != null && end != null && start.isAfter(end)) {
            throw GatewayException.invalid("'from' must not be after 'to'.", "from");
        }
        return summaries.summary(start, end, only);
    }
}
