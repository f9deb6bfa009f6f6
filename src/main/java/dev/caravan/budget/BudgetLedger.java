package dev.caravan.budget;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/**
 * The budget books, in the database that every gateway instance shares ({@code budget_counters},
 * {@code budget_reservations}, {@code budget_reservation_charges}; see {@code V7__budgets.sql}).
 *
 * <h2>Why it cannot overspend</h2>
 * {@link #reserve} takes the estimate from every budget that applies in one transaction, with one
 * conditional update per counter: {@code reserved = reserved + estimate WHERE used + reserved <=
 * limit - estimate}. The database applies that check and the increment atomically against the
 * latest committed row (PostgreSQL and H2 both re-check the condition after waiting for a row
 * lock in READ COMMITTED), so however many threads and instances reserve at once, {@code used +
 * reserved} never passes a hard limit through reservations. If any hard budget has no room the
 * transaction is rolled back: all budgets or none. Settling replaces the estimate with the actual
 * usage, which may be larger (a longer answer than estimated, an estimate without
 * {@code max_tokens}): that, and only that, can take {@code used} past a limit, and only by what
 * calls in flight used beyond their estimates. Once past, every further reservation is refused.
 *
 * <h2>No deadlocks</h2>
 * Every transaction that touches several counters (reserve, settle, release, expire) updates them
 * in one fixed order: by scope, name, period and period start ({@link CounterKey}). A transaction
 * that finishes a reservation first takes the reservation row (a conditional update of its
 * state), then the counters; reserving takes counters first but only inserts a reservation row
 * nobody else can see yet. Deadlock and serialisation failures are still retried, twice.
 *
 * <h2>Exactly once, and nothing held forever</h2>
 * A reservation moves {@code held → settled | released | expired} in one conditional update, so
 * of a settle, a release and an expiry racing (on any instances) exactly one applies and the
 * others do nothing: settling or releasing twice is harmless. A reservation still held at its
 * {@code expires_at} (the instance died mid-call) is released by {@link #expire}, which some
 * instance runs periodically ({@link BudgetExpiry}). A call that finishes after its reservation
 * expired is still charged ({@code expired → settled} adds the actual usage without releasing
 * the estimate twice), so a slow call does not escape its budget.
 *
 * <h2>Alerts</h2>
 * Thresholds (80, 95 and 100 % by default) are checked against <em>settled</em> usage only, after
 * each settle. Reserved amounts are estimates (often the whole {@code max_tokens}) that are mostly
 * given back; counting them would raise alerts, once per period and never withdrawn, on load
 * peaks rather than on spending. The highest threshold raised is kept per counter ({@code
 * alerted_percent}) and advanced by a conditional update inside the settling transaction, which
 * holds the counter's row lock: one instance raises each threshold once per period, and a new
 * period is a new counter starting at 0. Alerts go to the {@link AlertSink} after commit.
 *
 * <h2>Where limits come from</h2>
 * Each {@link BudgetCharge} carries its {@link Budget}, limits included; reserving copies them
 * into the counter, so changing a limit (in configuration, or through the admin API's {@link
 * LayeredBudgets}) applies to the current period from the next reservation. The counter keeps
 * what was used and what is reserved: a lowered limit refuses once {@code used + reserved} leaves
 * no room under it, a raised one lets requests through again at once. A changed limit also resets
 * {@code alerted_percent}, so that the thresholds count against the new limit (after a raise,
 * 80 % of the new limit still alerts; a threshold already passed under the new limit is raised
 * again, once, at the next settle). While instances disagree about a limit (for up to one change
 * feed poll) each reservation applies the one its instance knows. A counter row is created on its
 * budget's first reservation in a period.
 *
 * <p>Every statement is fixed and parameterised. Database failures surface as Spring
 * {@code DataAccessException}s; nothing is written when one is thrown.
 */
public class BudgetLedger {

    private static final Logger log = LoggerFactory.getLogger(BudgetLedger.class);

    /** Alert at 80 % and 95 % of a limit, and once the limit is reached (a soft budget's warning). */
    public static final List<Integer> DEFAULT_ALERT_THRESHOLDS = List.of(80, 95, 100);

    /** Reservations {@link #expire} reads per query. */
    static final int EXPIRE_BATCH = 500;

    private static final int MAX_ATTEMPTS = 3;
    private static final String DUPLICATE_KEY = "23505";

    enum State {
        HELD, SETTLED, RELEASED, EXPIRED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String KEY = " WHERE scope = ? AND name = ? AND period = ? AND period_start = ?";

    static final String INSERT_COUNTER = "INSERT INTO budget_counters (scope, name, period, period_start,"
            + " limit_tokens, limit_cost_micros, soft, used_tokens, used_cost_micros, reserved_tokens,"
            + " reserved_cost_micros, alerted_percent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, ?)";
    /**
     * Holds the estimate and copies the budget's limits in; a changed limit re-arms the alerts (every
     * SET expression sees the row as it was, so the CASE compares the old limits with the new).
     */
    static final String RESERVE = "UPDATE budget_counters SET reserved_tokens = reserved_tokens + ?,"
            + " reserved_cost_micros = reserved_cost_micros + ?, alerted_percent = CASE WHEN limit_tokens"
            + " IS NOT DISTINCT FROM ? AND limit_cost_micros IS NOT DISTINCT FROM ? THEN alerted_percent ELSE 0 END,"
            + " limit_tokens = ?, limit_cost_micros = ?, soft = ?, updated_at = ?" + KEY
            + " AND used_tokens + reserved_tokens <= ? AND used_cost_micros + reserved_cost_micros <= ?";
    static final String SELECT_COUNTER = "SELECT scope, name, period, period_start, limit_tokens,"
            + " limit_cost_micros, soft, used_tokens, used_cost_micros, reserved_tokens, reserved_cost_micros,"
            + " alerted_percent FROM budget_counters" + KEY;
    static final String SELECT_CURRENT_COUNTERS = "SELECT scope, name, period, period_start, limit_tokens,"
            + " limit_cost_micros, soft, used_tokens, used_cost_micros, reserved_tokens, reserved_cost_micros,"
            + " alerted_percent FROM budget_counters WHERE (period = ? AND period_start = ?)"
            + " OR (period = ? AND period_start = ?) ORDER BY scope, name, period";
    static final String INSERT_RESERVATION = "INSERT INTO budget_reservations (id, request_id, state, created_at,"
            + " expires_at) VALUES (?, ?, ?, ?, ?)";
    static final String INSERT_CHARGE = "INSERT INTO budget_reservation_charges (reservation_id, scope, name,"
            + " period, period_start, tokens, cost_micros) VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String CLAIM = "UPDATE budget_reservations SET state = ?, finished_at = ?, actual_tokens = ?,"
            + " actual_cost_micros = ? WHERE id = ? AND state = ?";
    static final String SELECT_CHARGES = "SELECT scope, name, period, period_start, tokens, cost_micros"
            + " FROM budget_reservation_charges WHERE reservation_id = ?";
    static final String APPLY = "UPDATE budget_counters SET used_tokens = used_tokens + ?,"
            + " used_cost_micros = used_cost_micros + ?, reserved_tokens = reserved_tokens - ?,"
            + " reserved_cost_micros = reserved_cost_micros - ?, updated_at = ?" + KEY;
    static final String MARK_ALERTED = "UPDATE budget_counters SET alerted_percent = ?" + KEY
            + " AND alerted_percent < ?";
    static final String EXPIRED_IDS = "SELECT id FROM budget_reservations WHERE state = ? AND expires_at < ?"
            + " ORDER BY expires_at, id FETCH FIRST ? ROWS ONLY";
    static final String PURGE = "DELETE FROM budget_reservations WHERE state <> ? AND finished_at < ?";

    private final DataSource dataSource;
    private final Duration reservationTtl;
    private final List<Integer> alertThresholds;
    private final AlertSink alerts;
    private final Clock clock;
    private final SQLStateSQLExceptionTranslator translator = new SQLStateSQLExceptionTranslator();

    /**
     * @param reservationTtl  how long a reservation is held before {@link #expire} may release it:
     *                        longer than any call (all fallbacks, a whole stream) can take
     * @param alertThresholds percentages of a limit, each 1..100, ascending
     * @param alerts          where alerts go; null: nowhere
     */
    public BudgetLedger(DataSource dataSource, Duration reservationTtl, List<Integer> alertThresholds,
            AlertSink alerts, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.reservationTtl = Objects.requireNonNull(reservationTtl, "reservationTtl");
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("reservation ttl must be positive: " + reservationTtl);
        }
        this.alertThresholds = List.copyOf(alertThresholds);
        for (int i = 0; i < this.alertThresholds.size(); i++) {
            int t = this.alertThresholds.get(i);
            if (t < 1 || t > 100 || i > 0 && t <= this.alertThresholds.get(i - 1)) {
                throw new IllegalArgumentException("alert thresholds must be ascending percentages 1..100: "
                        + alertThresholds);
            }
        }
        this.alerts = alerts == null ? alert -> { } : alerts;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public BudgetLedger(DataSource dataSource, BudgetProperties properties, AlertSink alerts, Clock clock) {
        this(dataSource, properties.reservationTtl(), properties.alertThresholds(), alerts, clock);
    }

    // ---------------------------------------------------------------- reserve

    /**
     * Takes each charge's amount from its budget's counter for the period {@code now} falls in,
     * for all charges or none. Soft budgets never refuse.
     *
     * @param requestId the request the reservation is for (kept with it; not unique)
     * @param charges   at most one per budget and period; empty: nothing is written and an
     *                  {@linkplain Reservation#isEmpty() empty} reservation is returned
     * @return the reservation, held until {@code now} plus the reservation ttl, or the refusal of
     *         the first hard budget without room
     * @throws IllegalArgumentException when two charges name the same budget and period
     */
    public ReserveOutcome reserve(String requestId, List<BudgetCharge> charges, Instant now) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(now, "now");
        if (charges.isEmpty()) {
            return Reservation.none(requestId, now);
        }
        List<Hold> holds = inLockOrder(charges, now);
        String id = "bres_" + UUID.randomUUID().toString().replace("-", "");
        String storedRequestId = requestId.length() > 64 ? requestId.substring(0, 64) : requestId;
        Instant expiresAt = now.plus(reservationTtl);
        for (int attempt = 1; ; attempt++) {
            Attempt result = transaction("reserve", c -> tryReserve(c, id, storedRequestId, holds, now, expiresAt));
            if (result.missing() != null) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("budget counter " + result.missing() + " cannot be created");
                }
                createCounters(holds, now);
            } else if (result.raced() != null) {
                // it fits after all: a reservation was given back between our update and our read
                if (attempt >= MAX_ATTEMPTS) {
                    return refusalAfterRaces(result.raced());
                }
            } else if (result.refusal() != null) {
                return result.refusal();
            } else {
                return new Reservation(id, requestId, now, expiresAt, charges, result.overSoftLimit());
            }
        }
    }

    /**
     * Outcome of one reserve transaction, exactly one set: a counter to create first, a refusal, a
     * hold that was refused but would fit when looked at again (retried), or the reservation's
     * soft overruns (reserved).
     */
    private record Attempt(CounterKey missing, BudgetRefusal refusal, Hold raced, List<Budget> overSoftLimit) {
    }

    private Tx<Attempt> tryReserve(Connection c, String id, String requestId, List<Hold> holds, Instant now,
            Instant expiresAt) throws SQLException {
        List<Budget> overSoftLimit = new ArrayList<>();
        try (PreparedStatement reserve = c.prepareStatement(RESERVE)) {
            for (Hold hold : holds) {
                BudgetLimit limit = hold.budget().limit();
                BudgetAmount amount = hold.amount();
                reserve.setLong(1, amount.tokens());
                reserve.setLong(2, amount.costMicros());
                setNullableLong(reserve, 3, limit.maxTokens());
                setNullableLong(reserve, 4, limit.maxCostMicros());
                setNullableLong(reserve, 5, limit.maxTokens());
                setNullableLong(reserve, 6, limit.maxCostMicros());
                reserve.setBoolean(7, limit.soft());
                reserve.setObject(8, utc(now));
                int next = hold.key().bind(reserve, 9);
                reserve.setLong(next, bound(limit, BudgetDimension.TOKENS, amount));
                reserve.setLong(next + 1, bound(limit, BudgetDimension.COST, amount));
                if (reserve.executeUpdate() == 1) {
                    if (limit.soft()) {
                        BudgetCounter counter = read(c, hold.key()).orElseThrow();
                        if (over(counter.used(), counter.reserved(), limit)) {
                            overSoftLimit.add(hold.budget());
                        }
                    }
                    continue;
                }
                Optional<BudgetCounter> counter = read(c, hold.key());
                if (counter.isEmpty()) {
                    return Tx.rollback(new Attempt(hold.key(), null, null, null));
                }
                BudgetRefusal refusal = refusal(hold, counter.get());
                return Tx.rollback(refusal == null
                        ? new Attempt(null, null, hold, null)
                        : new Attempt(null, refusal, null, null));
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_RESERVATION)) {
            insert.setString(1, id);
            insert.setString(2, requestId);
            insert.setString(3, State.HELD.id());
            insert.setObject(4, utc(now));
            insert.setObject(5, utc(expiresAt));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_CHARGE)) {
            for (Hold hold : holds) {
                insert.setString(1, id);
                int next = hold.key().bind(insert, 2);
                insert.setLong(next, hold.amount().tokens());
                insert.setLong(next + 1, hold.amount().costMicros());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return Tx.commit(new Attempt(null, null, null, overSoftLimit));
    }

    /**
     * The largest {@code used + reserved} that still leaves room for {@code amount}: {@code limit -
     * amount} (negative when the amount alone is too much, so nothing matches), or no bound for an
     * unlimited dimension and for soft budgets. Written this way round so that the database never
     * adds to the limit and cannot overflow.
     */
    static long bound(BudgetLimit limit, BudgetDimension dimension, BudgetAmount amount) {
        Long max = limit.max(dimension);
        return limit.soft() || max == null ? Long.MAX_VALUE : max - dimension.of(amount);
    }

    private static boolean over(BudgetAmount used, BudgetAmount reserved, BudgetLimit limit) {
        for (BudgetDimension d : BudgetDimension.values()) {
            Long max = limit.max(d);
            if (max != null && d.of(used) + d.of(reserved) > max) {
                return true;
            }
        }
        return false;
    }

    /** The refusal for a hold that did not fit; null when it would fit after all (a race). */
    private BudgetRefusal refusal(Hold hold, BudgetCounter counter) {
        Budget budget = hold.budget();
        for (BudgetDimension d : BudgetDimension.values()) {
            Long max = budget.limit().max(d);
            long used = d.of(counter.used());
            long reserved = d.of(counter.reserved());
            long requested = d.of(hold.amount());
            if (max != null && (requested > max || used + reserved > max - requested)) {
                return new BudgetRefusal(budget, hold.key().periodStart(), hold.periodEnd(), d, max, used, reserved,
                        requested);
            }
        }
        return null;
    }

    /**
     * Refused, yet with room each time it was looked at again: the budget is at its limit with
     * reservations coming and going. Refusing is the safe answer; the amounts are not known.
     */
    private static BudgetRefusal refusalAfterRaces(Hold hold) {
        BudgetLimit limit = hold.budget().limit();
        BudgetDimension d = limit.maxTokens() != null ? BudgetDimension.TOKENS : BudgetDimension.COST;
        return new BudgetRefusal(hold.budget(), hold.key().periodStart(), hold.periodEnd(), d, limit.max(d),
                limit.max(d), 0, d.of(hold.amount()));
    }

    /** Creates the counters that do not exist yet, each in its own statement; one created meanwhile is fine. */
    private void createCounters(List<Hold> holds, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(INSERT_COUNTER)) {
                for (Hold hold : holds) {
                    if (read(c, hold.key()).isPresent()) {
                        continue;
                    }
                    BudgetLimit limit = hold.budget().limit();
                    int next = hold.key().bind(insert, 1);
                    setNullableLong(insert, next, limit.maxTokens());
                    setNullableLong(insert, next + 1, limit.maxCostMicros());
                    insert.setBoolean(next + 2, limit.soft());
                    insert.setObject(next + 3, utc(now));
                    try {
                        insert.executeUpdate();
                        log.debug("Budget counter {} created", hold.key());
                    } catch (SQLException e) {
                        if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                            throw e;
                        }
                    }
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw translator.translate("create budget counters", INSERT_COUNTER, e);
        }
    }

    // ---------------------------------------------------------------- settle, release, expire

    /**
     * Charges the actual usage of a finished call to every budget the reservation holds (in the
     * periods it was taken in) and gives back the estimate. Raises the alerts this settle crosses.
     *
     * @return true when this call settled it; false when it was already settled or released, or
     *         holds nothing (then nothing changes)
     */
    public boolean settle(Reservation reservation, long actualTokens, long actualCostMicros) {
        return settle(reservation, new BudgetAmount(actualTokens, actualCostMicros));
    }

    /** See {@link #settle(Reservation, long, long)}. */
    public boolean settle(Reservation reservation, BudgetAmount actual) {
        Objects.requireNonNull(actual, "actual");
        return !reservation.isEmpty() && finish(reservation.id(), State.SETTLED, actual);
    }

    /**
     * Gives the estimate back without charging anything: the call failed before it used the
     * provider, or the answer came from the cache.
     *
     * @return true when this call released it; false when it was already settled, released or
     *         expired, or holds nothing
     */
    public boolean release(Reservation reservation) {
        return !reservation.isEmpty() && finish(reservation.id(), State.RELEASED, BudgetAmount.ZERO);
    }

    /**
     * Releases every reservation still held whose {@code expires_at} is before {@code now}: what a
     * crashed instance left behind. Safe to run on every instance at once.
     *
     * @return how many this call released
     */
    public int expire(Instant now) {
        int released = 0;
        while (true) {
            List<String> ids = expiredIds(now);
            for (String id : ids) {
                if (finish(id, State.EXPIRED, BudgetAmount.ZERO)) {
                    released++;
                }
            }
            if (ids.size() < EXPIRE_BATCH) {
                break;
            }
        }
        if (released > 0) {
            log.warn("Released {} budget reservation(s) held past their expiry (an instance probably stopped"
                    + " mid-request)", released);
        }
        return released;
    }

    /**
     * Deletes settled, released and expired reservations finished before {@code before} (their
     * amounts are in the counters; the requests in the metering records).
     *
     * @return how many were deleted
     */
    public int purgeFinished(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement(PURGE)) {
            delete.setString(1, State.HELD.id());
            delete.setObject(2, utc(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw translator.translate("purge budget reservations", PURGE, e);
        }
    }

    private List<String> expiredIds(Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(EXPIRED_IDS)) {
            select.setString(1, State.HELD.id());
            select.setObject(2, utc(now));
            select.setInt(3, EXPIRE_BATCH);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw translator.translate("find expired budget reservations", EXPIRED_IDS, e);
        }
    }

    /** Moves the reservation to {@code target} and applies it to its counters; false when another call did. */
    private boolean finish(String reservationId, State target, BudgetAmount actual) {
        List<BudgetAlert> raised = new ArrayList<>();
        boolean applied = transaction(target.id() + " budget reservation", c -> {
            raised.clear();
            Instant now = clock.instant();
            boolean giveBack = claim(c, reservationId, State.HELD, target, actual, now);
            if (!giveBack && !(target == State.SETTLED && claim(c, reservationId, State.EXPIRED, target, actual, now))) {
                return Tx.rollback(false);
            }
            if (!giveBack) {
                log.info("Budget reservation {} settled after it had expired; its usage is charged all the same",
                        reservationId);
            }
            BudgetAmount charged = target == State.SETTLED ? actual : BudgetAmount.ZERO;
            try (PreparedStatement apply = c.prepareStatement(APPLY)) {
                for (Hold hold : charges(c, reservationId)) {
                    BudgetAmount back = giveBack ? hold.amount() : BudgetAmount.ZERO;
                    apply.setLong(1, charged.tokens());
                    apply.setLong(2, charged.costMicros());
                    apply.setLong(3, back.tokens());
                    apply.setLong(4, back.costMicros());
                    apply.setObject(5, utc(now));
                    hold.key().bind(apply, 6);
                    apply.executeUpdate();
                    if (charged.tokens() > 0 || charged.costMicros() > 0) {
                        checkAlerts(c, hold.key(), now, raised);
                    }
                }
            }
            return Tx.commit(true);
        });
        for (BudgetAlert alert : raised) {
            alerts.alert(alert);
        }
        return applied;
    }

    private static boolean claim(Connection c, String id, State from, State to, BudgetAmount actual, Instant now)
            throws SQLException {
        try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
            claim.setString(1, to.id());
            claim.setObject(2, utc(now));
            setNullableLong(claim, 3, to == State.SETTLED ? actual.tokens() : null);
            setNullableLong(claim, 4, to == State.SETTLED ? actual.costMicros() : null);
            claim.setString(5, id);
            claim.setString(6, from.id());
            return claim.executeUpdate() == 1;
        }
    }

    /** The reservation's charges, in lock order. */
    private static List<Hold> charges(Connection c, String reservationId) throws SQLException {
        List<Hold> holds = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(SELECT_CHARGES)) {
            select.setString(1, reservationId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    CounterKey key = new CounterKey(BudgetScope.parse(rs.getString(1)), rs.getString(2),
                            BudgetPeriod.parse(rs.getString(3)), rs.getObject(4, LocalDate.class));
                    holds.add(new Hold(key, null, new BudgetAmount(rs.getLong(5), rs.getLong(6))));
                }
            }
        }
        holds.sort(Comparator.comparing(Hold::key));
        return holds;
    }

    /** Raises (once) every threshold the counter's settled usage has reached and not raised before. */
    private void checkAlerts(Connection c, CounterKey key, Instant now, List<BudgetAlert> raised) throws SQLException {
        if (alertThresholds.isEmpty()) {
            return;
        }
        BudgetCounter counter = read(c, key).orElseThrow();
        BudgetDimension worst = null;
        int reached = 0;
        for (BudgetDimension d : BudgetDimension.values()) {
            Long max = d == BudgetDimension.TOKENS ? counter.limitTokens() : counter.limitCostMicros();
            int level = highestReached(d.of(counter.used()), max);
            if (level > reached) {
                reached = level;
                worst = d;
            }
        }
        if (reached <= counter.alertedPercent()) {
            return;
        }
        try (PreparedStatement mark = c.prepareStatement(MARK_ALERTED)) {
            mark.setInt(1, reached);
            int next = key.bind(mark, 2);
            mark.setInt(next, reached);
            if (mark.executeUpdate() != 1) {
                return;
            }
        }
        BudgetLimit limit = new BudgetLimit(counter.limitTokens(), counter.limitCostMicros(), counter.soft());
        Budget budget = new Budget(key.scope(), key.name(), key.period(), limit);
        long max = worst == BudgetDimension.TOKENS ? counter.limitTokens() : counter.limitCostMicros();
        for (int threshold : alertThresholds) {
            if (threshold > counter.alertedPercent() && threshold <= reached) {
                raised.add(new BudgetAlert(budget, key.periodStart(), threshold, worst, worst.of(counter.used()), max,
                        now));
            }
        }
    }

    /** The highest alert threshold that {@code used} has reached of {@code max}; 0 for none or no limit. */
    int highestReached(long used, Long max) {
        if (max == null || used <= 0) {
            return 0;
        }
        int level = 0;
        for (int threshold : alertThresholds) {
            if (reached(used, max, threshold)) {
                level = threshold;
            }
        }
        return level;
    }

    /** {@code used >= max * percent / 100}, exactly, for non-negative amounts and percent 1..100. */
    static boolean reached(long used, long max, int percent) {
        if (used <= Long.MAX_VALUE / 100 && max <= Long.MAX_VALUE / 100) {
            return used * 100 >= max * percent;
        }
        return BigInteger.valueOf(used).multiply(BigInteger.valueOf(100))
                .compareTo(BigInteger.valueOf(max).multiply(BigInteger.valueOf(percent))) >= 0;
    }

    // ---------------------------------------------------------------- reading

    /** The counter of {@code budget} for the period {@code at} falls in, if any reservation created it. */
    public Optional<BudgetCounter> counter(Budget budget, Instant at) {
        CounterKey key = CounterKey.of(budget, at);
        try (Connection c = dataSource.getConnection()) {
            return read(c, key);
        } catch (SQLException e) {
            throw translator.translate("read budget counter", SELECT_COUNTER, e);
        }
    }

    /**
     * Every counter of the periods that {@code at} falls in (its UTC day for daily budgets, its
     * month for monthly ones), ordered by scope, name and period: the budgets that have been
     * charged in the current periods. Reads only; a budget not yet charged has no counter.
     */
    public List<BudgetCounter> counters(Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(SELECT_CURRENT_COUNTERS)) {
            select.setString(1, BudgetPeriod.DAY.id());
            select.setObject(2, BudgetPeriod.DAY.start(at));
            select.setString(3, BudgetPeriod.MONTH.id());
            select.setObject(4, BudgetPeriod.MONTH.start(at));
            List<BudgetCounter> counters = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counters.add(counter(rs, BudgetScope.parse(rs.getString(1)), rs.getString(2),
                            BudgetPeriod.parse(rs.getString(3)), rs.getObject(4, LocalDate.class)));
                }
            }
            return counters;
        } catch (SQLException e) {
            throw translator.translate("read budget counters", SELECT_CURRENT_COUNTERS, e);
        }
    }

    private static Optional<BudgetCounter> read(Connection c, CounterKey key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_COUNTER)) {
            key.bind(select, 1);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(counter(rs, key.scope(), key.name(), key.period(), key.periodStart()));
            }
        }
    }

    /** A counter from a row of {@link #SELECT_COUNTER}'s columns. */
    private static BudgetCounter counter(ResultSet rs, BudgetScope scope, String name, BudgetPeriod period,
            LocalDate periodStart) throws SQLException {
        return new BudgetCounter(scope, name, period, periodStart, nullableLong(rs, 5), nullableLong(rs, 6),
                rs.getBoolean(7), new BudgetAmount(rs.getLong(8), rs.getLong(9)),
                new BudgetAmount(rs.getLong(10), rs.getLong(11)), rs.getInt(12));
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * One counter: a budget in one period. Ordered by scope id, name, period id and start, the
     * one order in which every transaction locks counters.
     */
    record CounterKey(BudgetScope scope, String name, BudgetPeriod period, LocalDate periodStart)
            implements Comparable<CounterKey> {

        private static final Comparator<CounterKey> ORDER = Comparator
                .comparing((CounterKey k) -> k.scope().id())
                .thenComparing(CounterKey::name)
                .thenComparing(k -> k.period().id())
                .thenComparing(CounterKey::periodStart);

        static CounterKey of(Budget budget, Instant at) {
            return new CounterKey(budget.scope(), budget.name(), budget.period(), budget.period().start(at));
        }

        /** Binds the four key columns from {@code index}; returns the next index. */
        int bind(PreparedStatement ps, int index) throws SQLException {
            ps.setString(index, scope.id());
            ps.setString(index + 1, name);
            ps.setString(index + 2, period.id());
            ps.setObject(index + 3, periodStart);
            return index + 4;
        }

        @Override
        public int compareTo(CounterKey other) {
            return ORDER.compare(this, other);
        }

        @Override
        public String toString() {
            return scope.id() + "/" + name + "/" + period.id() + "/" + periodStart;
        }
    }

    /** One charge as held: its counter, its budget (null when read back from the database) and amount. */
    private record Hold(CounterKey key, Budget budget, BudgetAmount amount) {

        Instant periodEnd() {
            return key.period().next(key.periodStart()).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    private static List<Hold> inLockOrder(List<BudgetCharge> charges, Instant now) {
        TreeMap<CounterKey, Hold> byKey = new TreeMap<>();
        for (BudgetCharge charge : charges) {
            CounterKey key = CounterKey.of(charge.budget(), now);
            if (byKey.put(key, new Hold(key, charge.budget(), charge.amount())) != null) {
                throw new IllegalArgumentException("two charges for the same budget: " + key);
            }
        }
        return List.copyOf(byKey.values());
    }

    /** A transaction's result and whether to commit it. */
    private record Tx<T>(T value, boolean commit) {
        static <T> Tx<T> commit(T value) {
            return new Tx<>(value, true);
        }

        static <T> Tx<T> rollback(T value) {
            return new Tx<>(value, false);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        Tx<T> run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in its own READ COMMITTED transaction on a connection of its own (never
     * joining a caller's transaction), retrying deadlocks and serialisation failures.
     */
    private <T> T transaction(String task, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                int isolation = c.getTransactionIsolation();
                try {
                    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    }
                    c.setAutoCommit(false);
                    Tx<T> result = work.run(c);
                    if (result.commit()) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                    return result.value();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                        c.setTransactionIsolation(isolation);
                    }
                }
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && retryable(e)) {
                    log.debug("Budget {} failed ({}); retrying", task, e.getSQLState());
                    continue;
                }
                throw translator.translate(task, null, e);
            }
        }
    }

    /** Serialisation failure (H2 reports deadlocks this way too) or PostgreSQL deadlock. */
    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("Rollback failed: {}", e.toString());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }
}
