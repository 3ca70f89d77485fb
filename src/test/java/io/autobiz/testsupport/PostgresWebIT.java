package io.autobiz.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as an operator runs it (postgres profile, the test stores of application-it.yml, an administrator
 * "ops"), on a random port, with its REST API and webapps.
 *
 * <p>The REST API and the webapps find their process engine by the name "default", so no two contexts that use them
 * may be open at once: each test class gets its own context and closes it when it is done.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.generate-unique-process-engine-name=false")
@ActiveProfiles({"postgres", "it"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class PostgresWebIT {

    protected static final TestDatabase DATABASE = TestPostgres.newDatabase();
    /** Test-only password of the test-only administrator; passes the engine's password policy. */
    protected static final String OPERATOR_PASSWORD = "Test-only-Passw0rd!";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void operatorSetup(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("autobiz.admin.user", () -> "ops");
        registry.add("autobiz.admin.password", () -> OPERATOR_PASSWORD);
    }

    @LocalServerPort
    protected int port;

    protected static String ops() {
        return "ops:" + OPERATOR_PASSWORD;
    }

    protected HttpResponse<String> send(String method, String path, String basicAuth, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (basicAuth != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path, String basicAuth) throws IOException, InterruptedException {
        return send("GET", path, basicAuth, null, null);
    }
}
