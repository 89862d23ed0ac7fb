package io.relais.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * How './relais power-off|power-on|status' reach the running './relais up': a loopback-only HTTP
 * endpoint whose port is written to {@code .relais/control.port}. Progress is streamed back
 * line by line; the last line is {@code OK} or {@code FAILED: why}.
 */
final class ControlServer implements AutoCloseable {

    static final String OK = "OK";
    static final String FAILED = "FAILED: ";

    private final HttpServer server;
    private final Path portFile;

    ControlServer(LocalStack stack, Path portFile) throws IOException {
        this.portFile = portFile;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "relais-control");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> handle(stack, exchange));
        server.start();
        Files.writeString(portFile, String.valueOf(server.getAddress().getPort()));
    }

    private static void handle(LocalStack stack, HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8), true);
        try (AutoCloseable ignored = stack.listen(out::println)) {
            String command = path.length > 1 ? path[1] : "";
            switch (command) {
                case "status" -> out.print(stack.describe());
                case "power-off" -> stack.powerOff(path[2]);
                case "power-on" -> stack.powerOn(path[2]);
                case "switchover" -> stack.switchover();
                case "promote" -> stack.forcePromote(path[2]);
                case "partition" -> stack.partition(path[2]);
                case "heal" -> stack.heal();
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
            out.println(OK);
        } catch (Exception e) {
            out.println(FAILED + e.getMessage());
        } finally {
            out.close();
        }
    }

    /**
     * Runs a command against the stack started by './relais up' in {@code portFile}'s directory,
     * printing its progress; returns the exit code for the shell.
     */
    static int call(Path portFile, String command) throws IOException, InterruptedException {
        String port;
        try {
            port = Files.readString(portFile).trim();
        } catch (NoSuchFileException e) {
            System.err.println("No Relais stack is running here: start one with './relais up' (in another terminal).");
            return 1;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + command))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<java.util.stream.Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (java.net.ConnectException e) {
            System.err.println("The Relais stack that wrote " + portFile + " is not running any more: start it with './relais up'.");
            return 1;
        }
        String[] last = {""};
        response.body().forEach(line -> {
            last[0] = line;
            if (!line.equals(OK)) {
                (line.startsWith(FAILED) ? System.err : System.out).println(line);
            }
        });
        return last[0].equals(OK) ? 0 : 1;
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(portFile);
        } catch (IOException e) {
            System.err.println("Could not remove " + portFile + ": " + e.getMessage());
        }
    }
}
