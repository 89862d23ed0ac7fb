package io.relais.status;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.relais.status.Api.componentStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in a real headless Chromium at phone size, with a site outage caused by the
 * test: the page loads with no network beyond the service, shows the outage, and a screenshot is
 * kept in target/ to look at.
 */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
class StatusPageBrowserTest {

    @TestHTTPResource("/")
    URL page;

    @Test
    void aPhoneBrowserShowsTheSiteOutage() throws Exception {
        Path chromium = chromium();
        HealthEndpoints.powerOff("b");
        try {
            await().atMost(Api.PROBE_SETTLE).until(() -> componentStatus("site-b").equals("major_outage"));
            // A French hospital workstation; the browser here would ask for English.
            String url = page + "?lang=fr";
            String dom = run(chromium, "--dump-dom", url);
            assertTrue(dom.contains("Site B injoignable depuis"), dom);
            assertTrue(dom.contains("Panne partielle") || dom.contains("Panne majeure"), "banner: " + dom);

            Path screenshot = Path.of("target/status-page-site-b-down.png").toAbsolutePath();
            Files.deleteIfExists(screenshot);
            run(chromium, "--screenshot=" + screenshot, "--window-size=412,1400", url);
            byte[] png = Files.readAllBytes(screenshot);
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), "a PNG");
            assertTrue(png.length > 20_000, "a rendered page, not a blank one: " + png.length + " bytes");
        } finally {
            HealthEndpoints.allUp();
        }
    }

    private static String run(Path chromium, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                // The page must not need the internet: any request leaving loopback fails.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--user-data-dir=" + Files.createTempDirectory("chromium")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, process.exitValue(), "chromium exit code");
        return out;
    }

    /** Debian's chromium; CI installs it (.ci/run), a developer machine may not have it. */
    private static Path chromium() {
        for (String candidate : new String[]{System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String message = "Chromium is not installed, so the status page was not checked in a browser: "
                + "'apt-get install chromium' (or set CHROMIUM=/path/to/chrome); .ci/run installs it.";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
        return null;
    }
}
