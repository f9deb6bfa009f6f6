/**
 * Budgets: token and cost limits per key, user, tenant or task and per UTC day or month, enforced
 * across every gateway instance that shares the database.
 *
 * <p>Before a provider call the pipeline reserves the estimate (input tokens plus the most the
 * model may answer, priced with {@link dev.caravan.metering.CostCalculator}) in every budget that
 * applies; after the call it settles the reservation with the actual usage, or releases it when the
 * call failed. A hard budget without room refuses the request (429 {@code budget_exceeded}); a
 * soft one lets it through and alerts. The guarantees and the reasoning behind them are in
 * {@link dev.caravan.budget.BudgetLedger}.
 *
 * <ul>
 *   <li>{@link dev.caravan.budget.BudgetService} — the one entry point for the pipeline: reserve
 *       for a {@link dev.caravan.budget.BudgetSubject}, settle, release.</li>
 *   <li>{@link dev.caravan.budget.BudgetSource} — which {@link dev.caravan.budget.Budget}s apply;
 *       {@link dev.caravan.budget.ConfiguredBudgets} indexes {@code caravan.budgets.limits};
 *       {@link dev.caravan.budget.LayeredBudgets} (the bean) lays the budgets of the admin API
 *       ({@code budget_limits}, {@link dev.caravan.budget.BudgetLimitStore}) over them and serves
 *       both from an in-memory snapshot.</li>
 *   <li>{@link dev.caravan.budget.BudgetEstimator} — what to reserve.</li>
 *   <li>{@link dev.caravan.budget.BudgetLedger} — the JDBC books (tables of {@code V7__budgets.sql}).</li>
 *   <li>{@link dev.caravan.budget.BudgetExpiry} — releases what crashed instances left held.</li>
 *   <li>{@link dev.caravan.budget.AlertSink} — where 80/95/100 % alerts go: the log and a metric
 *       ({@link dev.caravan.budget.LoggingAlertSink}), the JMS topic {@code caravan.alerts}
 *       ({@link dev.caravan.budget.JmsAlertSink}) and an optional webhook
 *       ({@link dev.caravan.budget.WebhookAlertSink}), the last two on threads of their own
 *       ({@link dev.caravan.budget.AsyncAlertSink}); see {@code caravan.budgets.alerts}.</li>
 *   <li>{@link dev.caravan.budget.BudgetOverview}, {@link dev.caravan.budget.BudgetApi} — {@code GET
 *       /api/budget}: each budget's use against its limits in the current period.</li>
 * </ul>
 *
 * <h2>Where it is used</h2>
 * <ul>
 *   <li>{@code pipeline.Governance}: {@code reserve-budget} (after routing; a cache hit reserves
 *       nothing) keeps the reservation in the exchange variable {@code reservation}; the
 *       {@code meter} route settles it with the actual usage, or releases it, for every outcome.
 *       Expiry is the safety net.</li>
 *   <li>{@link dev.caravan.budget.LayeredBudgets}: configured budgets with the admin API's stored
 *       ones over them ({@code /api/admin/budgets}); {@code /api/budget} shows their use.</li>
 * </ul>
 */
package dev.caravan.budget;
