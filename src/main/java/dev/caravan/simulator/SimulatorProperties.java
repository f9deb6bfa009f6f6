package dev.caravan.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in provider simulator's settings ({@code caravan.simulator.*}).
 *
 * <p>The three built-in models are always present; a model configured under the same id overrides
 * only the fields it sets, any other id adds a model (unset fields from {@link SimulatedModel#BASE}).
 * {@code caravan.simulator.url}, read by the provider package, is not part of this record and is
 * ignored here.
 *
 * @param enabled whether the main application serves the simulator under {@code /simulator}
 * @param models  the simulated models by id, built-in defaults merged with configuration
 */
@ConfigurationProperties(prefix = "caravan.simulator")
public record SimulatorProperties(@DefaultValue("true") boolean enabled, Map<String, SimulatedModel> models) {

    /** The models every simulator has unless configuration changes them. */
    public static final Map<String, SimulatedModel> DEFAULT_MODELS = defaultModels();

    public SimulatorProperties {
        var merged = new LinkedHashMap<>(DEFAULT_MODELS);
        if (models != null) {
            models.forEach((id, configured) -> {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("caravan.simulator.models: a model id is blank");
                }
                SimulatedModel base = merged.getOrDefault(id, SimulatedModel.BASE);
                merged.put(id, configured == null ? base : configured.over(base));
            });
        }
        models = Collections.unmodifiableMap(merged);
    }

    /** The settings used when nothing is configured: enabled, with the three built-in models. */
    public static SimulatorProperties defaults() {
        return new SimulatorProperties(true, Map.of());
    }

    private static Map<String, SimulatedModel> defaultModels() {
        var defaults = new LinkedHashMap<String, SimulatedModel>();
        defaults.put("sim-small", SimulatedModel.healthy(20, 400));
        defaults.put("sim-medium", SimulatedModel.healthy(60, 200));
        defaults.put("sim-large", SimulatedModel.healthy(150, 100));
        return Collections.unmodifiableMap(defaults);
    }
}
