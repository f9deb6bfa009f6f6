package dev.caravan.admin;

import java.util.Map;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HTTP side of {@code /api/admin/budgets} ({@code admin-budgets.camel.yaml}): reads the body
 * strictly ({@link AdminIdentityJson}: unknown fields and wrong types are 400 naming the field),
 * the path or query parameters, calls {@link BudgetAdmin} and writes the JSON reply. Every reply
 * starts from an empty header set (platform-http would otherwise echo the request's headers).
 */
public class BudgetAdminRest {

    private final BudgetAdmin budgets;
    private final AdminIdentityJson json;
    private final long maxBodyBytes;

    public BudgetAdminRest(BudgetAdmin budgets, AdminIdentityJson json, long maxBodyBytes) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.json = Objects.requireNonNull(json, "json");
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code GET /api/admin/budgets}. */
    public void list(Exchange exchange) {
        reply(exchange, 200, AdminHttp.list(budgets.list()));
    }

    /** {@code PUT /api/admin/budgets}: 201 when no budget of that scope, name and period was stored, else 200. */
    public void put(Exchange exchange) {
        BudgetAdmin.Put put = budgets.put(json.bind(json.readObject(body(exchange)), BudgetRequest.class));
        reply(exchange, put.created() ? 201 : 200, put.budget());
    }

    /** {@code DELETE /api/admin/budgets/{scope}/{name}/{period}}. */
    public void delete(Exchange exchange) {
        Message message = exchange.getMessage();
        reply(exchange, 200, budgets.delete(message.getHeader("scope", String.class),
                message.getHeader("name", String.class), message.getHeader("period", String.class)));
    }

    /**
     * {@code DELETE /api/admin/budgets?scope=&name=&period=}: for names with a {@code /} (user
     * budgets are named {@code tenant/user}), which a path segment cannot carry.
     */
    public void deleteByQuery(Exchange exchange) {
        Map<String, String> query = ModelAdminHttp.query(exchange);
        reply(exchange, 200, budgets.delete(query.get("scope"), query.get("name"), query.get("period")));
    }

    private byte[] body(Exchange exchange) {
        return AdminHttp.body(exchange, maxBodyBytes);
    }

    private void reply(Exchange exchange, int status, Object value) {
        AdminHttp.reply(exchange, status, json.write(value));
    }
}
