package dev.caravan.provider;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where simulated models are served: {@code caravan.simulator.url} when a separate simulator
 * process is used (benchmarks), otherwise this server's own {@code /simulator/v1}, whose port is
 * only known once the web server has started (tests use a random port).
 */
@Component
public class SimulatorAddress {

    private final String configuredUrl;
    private volatile int localPort = -1;

    public SimulatorAddress(@Value("${caravan.simulator.url:}") String configuredUrl) {
        this.configuredUrl = configuredUrl;
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        localPort = event.getWebServer().getPort();
    }

    public String baseUrl() {
        if (!configuredUrl.isBlank()) {
            return configuredUrl;
        }
        if (localPort < 0) {
            throw new IllegalStateException("the built-in simulator is not reachable before the web server starts");
        }
        return "http://127.0.0.1:" + localPort + "/simulator/v1";
    }
}
