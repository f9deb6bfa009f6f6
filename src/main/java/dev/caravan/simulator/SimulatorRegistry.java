package dev.caravan.simulator;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The simulated models as they are now: the configured ones, changed at run time by the admin
 * endpoint. Thread-safe; every model it holds is {@linkplain SimulatedModel#resolved() resolved}.
 */
public class SimulatorRegistry {

    private final Map<String, SimulatedModel> configured;
    private final ConcurrentHashMap<String, SimulatedModel> current = new ConcurrentHashMap<>();

    public SimulatorRegistry(SimulatorProperties properties) {
        var resolved = new TreeMap<String, SimulatedModel>();
        properties.models().forEach((id, model) -> resolved.put(id, model.resolved()));
        this.configured = Collections.unmodifiableMap(resolved);
        reset();
    }

    /** The model's current settings, if the simulator serves it. */
    public Optional<SimulatedModel> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(current.get(id));
    }

    /** A snapshot of every model, sorted by id. */
    public Map<String, SimulatedModel> all() {
        return Collections.unmodifiableMap(new TreeMap<>(current));
    }

    /**
     * Changes a model atomically, creating it from {@link SimulatedModel#BASE} when it is unknown.
     *
     * @param change gets the current (resolved) settings and returns the new ones; a field it leaves
     *               unset falls back to {@link SimulatedModel#BASE}, so it should copy what it keeps
     * @return the settings now in force
     */
    public SimulatedModel update(String id, UnaryOperator<SimulatedModel> change) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        return current.compute(id, (key, existing) -> {
            SimulatedModel before = existing != null ? existing : SimulatedModel.BASE;
            return change.apply(before).resolved();
        });
    }

    /** Drops every run-time change: back to the configured models. */
    public void reset() {
        // Never empty in between: a call racing with a reset sees the old or the new settings.
        current.putAll(configured);
        current.keySet().retainAll(configured.keySet());
    }
}
