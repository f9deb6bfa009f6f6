package dev.caravan.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the data directory and the file-drop folders into absolute paths, resolved against the
 * directory the gateway was started in. Camel resolves a relative {@code move} target against
 * the consumer's own folder, so {@code ./data/done} would otherwise land inside the inbox.
 */
public class AbsoluteDataPaths implements EnvironmentPostProcessor {

    static final List<String> PATH_PROPERTIES = List.of("caravan.data-dir", "caravan.ingress.file.inbox",
            "caravan.ingress.file.outbox", "caravan.ingress.file.done", "caravan.ingress.file.error");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> absolute = new HashMap<>();
        for (String property : PATH_PROPERTIES) {
            String value = environment.getProperty(property);
            if (value != null && !value.isBlank()) {
                absolute.put(property, Path.of(value).toAbsolutePath().normalize().toString());
            }
        }
        environment.getPropertySources().addFirst(new MapPropertySource("caravanAbsoluteDataPaths", absolute));
    }
}
