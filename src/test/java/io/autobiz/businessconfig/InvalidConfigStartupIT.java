package io.autobiz.businessconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.AutoBizApplication;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** An invalid BusinessConfig never runs: the application refuses to start and says every reason. */
@IntegrationInternal
class InvalidConfigStartupIT {

    @Test
    @DisplayName("P1-T29 P1-T41 the application refuses to start with an invalid config, listing every violation")
    void refusesToStart() {
        TestDatabase database = TestPostgres.newDatabase();
        Map<String, String> properties = new HashMap<>(database.springProperties());
        properties.put("autobiz.business-config.locations", "classpath*:broken-business-config/");
        properties.put("server.port", "0");
        // Arguments, not default properties: the postgres profile's own settings must not win.
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(AutoBizApplication.class)
                        .profiles("postgres", "it")
                        .run(arguments))
                .hasStackTraceContaining("will not start with an invalid BusinessConfig")
                .satisfies(error -> {
                    String message = rootMessage(error);
                    assertThat(message)
                            .contains(
                                    "store acme: CC-02 bounds.maxSteps",
                                    "store tight: CC-01 tools[0]",
                                    "store tight: CC-01 order-fulfill/Task_FetchOrder");
                });
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !cause.getMessage().contains("will not start")) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
