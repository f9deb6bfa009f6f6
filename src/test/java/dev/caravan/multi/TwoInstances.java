package dev.caravan.multi;

import dev.caravan.CaravanApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances in one JVM, as a multi-instance deployment runs them: each its own
 * Spring context, HTTP port, broker and folders, sharing what the properties point both at
 * (one Redis, one database). For integration tests of state that must hold across instances.
 */
public final class TwoInstances implements AutoCloseable {

    public final Instance a;
    public final Instance b;

    private TwoInstances(Instance a, Instance b) {
        this.a = a;
        this.b = b;
    }

    /** Starts both with the test profile plus {@code shared} properties. */
    public static TwoInstances start(String name, Map<String, Object> shared) {
        Instance a = Instance.start(name, "a", 11, shared);
        try {
            return new TwoInstances(a, Instance.start(name, "b", 12, shared));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }

    /** One running gateway. */
    public static final class Instance implements AutoCloseable {
        private final ConfigurableApplicationContext context;
        private final int port;
        private final HttpClient http = HttpClient.newHttpClient();

        private Instance(ConfigurableApplicationContext context) {
            this.context = context;
            this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }

        static Instance start(String name, String instance, int serverId, Map<String, Object> shared) {
            Map<String, Object> properties = new HashMap<>(shared);
            properties.put("server.port", 0);
            properties.put("caravan.data-dir", "target/" + name + "-" + instance);
            // each instance its own embedded broker, as separate machines would have (or one shared external broker)
            properties.put("spring.artemis.embedded.server-id", serverId);
            properties.put("camel.main.jmx-enabled", false);
            properties.putIfAbsent("spring.datasource.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            // as command-line arguments: they win over application.yaml (builder properties would not)
            String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            return new Instance(new SpringApplicationBuilder(CaravanApplication.class).profiles("test").run(args));
        }

        public <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        public HttpResponse<String> post(String path, String body, String... headers) throws Exception {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> get(String path, String... headers) throws Exception {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** {@code Authorization} with this instance's admin key, for the operator endpoints. */
        public String[] admin() {
            return new String[] {"Authorization", "Bearer " + context.getEnvironment().getProperty("caravan.identity.admin-key")};
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
