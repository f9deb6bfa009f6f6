package dev.caravan.simulator;

import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The simulator as a process of its own: only the web stack and {@link SimulatorConfiguration}, no
 * Camel, JDBC or broker.
 *
 * <pre>
 * java -cp target/caravan.jar -Dloader.main=dev.caravan.simulator.SimulatorMain \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --server.port=9090
 * </pre>
 *
 * <p>Deliberately <em>not</em> a {@code @SpringBootConfiguration} or {@code @Configuration}. The
 * {@code @SpringBootApplication} scan of {@code dev.caravan} excludes only registered
 * auto-configurations (and test types), so it would pick such a class up and re-apply its
 * {@code @ImportAutoConfiguration} inside the gateway; and {@code @SpringBootTest}, which looks for
 * a {@code @SpringBootConfiguration} in the test's own package first, would boot this class instead
 * of {@code CaravanApplication} for every test in {@code dev.caravan.simulator}. As a plain class
 * it is still a valid configuration source for {@link SpringApplication} (its imports are
 * processed), and no scan sees it.
 */
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
})
@Import(SimulatorConfiguration.class)
public class SimulatorMain {

    private static final String ENABLED = "caravan.simulator.enabled";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SimulatorMain.class);
        application.run(withSimulatorEnabled(args));
    }

    /**
     * The arguments with {@code --caravan.simulator.enabled=true} added unless given: the jar's
     * application.yaml may turn the built-in simulator off for the gateway, never for this process.
     */
    static String[] withSimulatorEnabled(String[] args) {
        boolean given = Arrays.stream(args).anyMatch(arg -> arg.startsWith("--" + ENABLED + "="));
        return given ? args : Stream.concat(Stream.of("--" + ENABLED + "=true"), Arrays.stream(args)).toArray(String[]::new);
    }
}
