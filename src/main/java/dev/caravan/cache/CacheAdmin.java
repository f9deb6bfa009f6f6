package dev.caravan.cache;

import dev.caravan.metering.UsageSummaryService;
import dev.caravan.metering.UsageSummaryService.CacheCounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/cache/stats} and {@code POST /api/cache/invalidate}. Hits, misses and saved cost
 * come from the usage records (every instance's, durable); entries and backend from the cache.
 */
@Component
public class CacheAdmin {

    private static final Logger log = LoggerFactory.getLogger(CacheAdmin.class);

    private final ResponseCache cache;
    private final SemanticIndex index;
    private final UsageSummaryService usage;

    public CacheAdmin(ResponseCache cache, SemanticIndex index, UsageSummaryService usage) {
        this.cache = cache;
        this.index = index;
        this.usage = usage;
    }

    public Map<String, Object> stats(Instant from, Instant to) {
        CacheCounts counts = usage.cacheCounts(from, to);
        long hits = counts.exactHits() + counts.semanticHits();
        long lookups = hits + counts.misses();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("from", from);
        stats.put("to", to);
        stats.put("backend", cache.backend());
        stats.put("degraded", cache.degraded());
        stats.put("entries", cache.entries());
        stats.put("semantic_entries", index.entries());
        stats.put("hits", hits);
        stats.put("exact_hits", counts.exactHits());
        stats.put("semantic_hits", counts.semanticHits());
        stats.put("misses", counts.misses());
        stats.put("bypassed", counts.bypassed());
        stats.put("hit_rate", lookups == 0 ? 0.0 : Math.round(10_000.0 * hits / lookups) / 10_000.0);
        stats.put("saved_cost_usd", BigDecimal.valueOf(counts.savedCostMicros(), 6));
        return stats;
    }

    /** Drops the selected entries and their semantic partitions; returns how many exact entries went. */
    public Map<String, Object> invalidate(CacheInvalidation what) {
        long removed = cache.invalidate(what);
        long vectors = index.invalidate(what);
        log.info("cache invalidated ({}): {} entries, {} semantic partitions", describe(what), removed, vectors);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("invalidated", removed);
        result.put("semantic_invalidated", vectors);
        return result;
    }

    private static String describe(CacheInvalidation what) {
        if (what.tenant() == null && what.pattern() == null) {
            return "everything";
        }
        return (what.tenant() == null ? "" : "tenant " + what.tenant()) + (what.user() == null ? "" : " user " + what.user())
                + (what.pattern() == null ? "" : " pattern " + what.pattern());
    }
}
