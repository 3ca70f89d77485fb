package io.autobiz.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Tasklist as a browser uses it: a login session, the CSRF token, and the webapp's own engine API
 * ({@code /camunda/api/engine/engine/default/...}), which is not {@code /engine-rest}.
 */
public final class TasklistSession {

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(cookies).build();

    /** Logs {@code user} in to Tasklist with {@code password}. */
    public TasklistSession(int port, String user, String password) throws Exception {
        this.port = port;
        browser.send(
                HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> login = browser.send(
                HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-XSRF-TOKEN", csrfToken())
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password="
                                + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as("Tasklist login").isEqualTo(200);
    }

    public HttpResponse<String> get(String enginePath) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(uri("/camunda/api/engine/engine/default" + enginePath))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String enginePath, String json) throws Exception {
        return send("POST", enginePath, json);
    }

    public HttpResponse<String> put(String enginePath, String json) throws Exception {
        return send("PUT", enginePath, json);
    }

    private HttpResponse<String> send(String method, String enginePath, String json) throws Exception {
        get("/task/count"); // a fresh session after login gets its token on the next read
        return browser.send(
                HttpRequest.newBuilder(uri("/camunda/api/engine/engine/default" + enginePath))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", csrfToken())
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String csrfToken() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("Tasklist set no XSRF-TOKEN cookie"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
