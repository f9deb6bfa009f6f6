package dev.caravan.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Caravan's own settings ({@code caravan.*}). Validated at start-up, so a bad configuration
 * stops the gateway with a clear message instead of failing the first request.
 *
 * @param dataDir        where the H2 database, broker journal and file-drop folders live
 * @param maxRequestSize bodies above this are refused with 413 before they are parsed
 */
@Validated
@ConfigurationProperties(prefix = "caravan")
public record CaravanProperties(
        @NotBlank String dataDir,
        DataSize maxRequestSize,
        @NotEmpty List<@Valid ModelProperties> models) {

    public CaravanProperties {
        maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(4) : maxRequestSize;
        var seen = new HashSet<String>();
        for (ModelProperties model : models) {
            if (!seen.add(model.id())) {
                throw new IllegalArgumentException("caravan.models: model id '" + model.id() + "' is declared twice");
            }
        }
        models = List.copyOf(models);
    }
}
