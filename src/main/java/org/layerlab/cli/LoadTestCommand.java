package org.layerlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.layerlab.data.Feature;
import org.layerlab.training.ExperimentConfig;

/**
 * {@code loadtest}: opens N sessions over WebSockets like N students, plays a workload on each and
 * reports per client frames per second, frame intervals (p50, p95), bytes per second, visible
 * epochs per second, the control round trip and errors — plus the server's CPU and heap from its
 * {@code /metrics}. Loopback only by default: it is a tool for one's own server.
 *
 * <p>The control round trip is measured as a student feels it: a {@code select} of a neuron is
 * sent, and the clock stops at the first frame that carries that neuron's map.
 */
final class LoadTestCommand {
    private static final String USAGE = String.join("\n",
            "usage: layerlab loadtest [--url http://localhost:7070] [--sessions 30] [--seconds 30]",
            "                         [--workload W2|W1] [--fps 30] [--speed 0] [--warmup-seconds 5]",
            "                         [--out report.json]",
            "  --sessions        concurrent sessions (browser tabs), 1..1000",
            "  --seconds         how long to measure, after the warm-up, 1..3600",
            "  --workload        W1 (circle, [4,2] tanh) or W2 (spiral, 7 features, 6x8 ReLU)",
            "  --fps             frames per second each client asks for, 1..60",
            "  --speed           epochs per second each session trains at; 0 = as fast as possible",
            "  --warmup-seconds  connect and play this long before measuring",
            "  --out             also write the report as JSON");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Section id of the selected neuron's map in a binary frame (docs/protocol.md). */
    private static final int SELECTED_MAP_SECTION = 4;
    private static final int HEADER_BYTES = 32;
    /**
     * Only the first clients estimate deflated sizes: deflating every frame of 100 clients would take
     * a good share of the CPU the server under test shares with this tool.
     */
    static final int DEFLATE_SAMPLE_CLIENTS = 10;

    private LoadTestCommand() {
    }

    static int run(List<String> argList, PrintStream out, PrintStream err) throws Exception {
        if (argList.contains("--help") || argList.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Args args = Args.parse("loadtest", argList, List.of("url", "sessions", "seconds", "workload", "fps",
                "speed", "warmup-seconds", "out"), List.of());
        String base = args.value("url") == null ? "http://localhost:7070" : args.value("url");
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI http = URI.create(base);
        if (!"http".equals(http.getScheme()) && !"https".equals(http.getScheme())) {
            throw CliException.badInput("loadtest: --url must start with http:// or https://, got " + base);
        }
        int sessions = intFlag(args, "sessions", 30, 1, 1000);
        int seconds = intFlag(args, "seconds", 30, 1, 3600);
        int fps = intFlag(args, "fps", 30, 1, 60);
        int speed = intFlag(args, "speed", 0, 0, 100_000);
        int warmup = intFlag(args, "warmup-seconds", 5, 0, 600);
        String workload = args.value("workload") == null ? "W2" : args.value("workload").toUpperCase(Locale.ROOT);
        String config = switch0(workload);
        URI ws = URI.create(base.replaceFirst("^http", "ws") + "/ws");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        out.printf(Locale.ROOT, "loadtest: %d %s sessions at %s, %d fps asked, speed %s, %d s warm-up + %d s%n",
                sessions, workload, base, fps, speed == 0 ? "max" : speed + " epochs/s", warmup, seconds);

        List<Student> students = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Student student = new Student(i, config, fps, speed);
            students.add(student);
            try {
                client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(ws, student)
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                student.errors.add("connect: " + rootMessage(e));
            }
            // A class does not press play in the same millisecond; spread the starts over ~1 s.
            Thread.sleep(Math.max(1, 1000L / sessions));
        }
        Thread.sleep(warmup * 1000L);

        MetricsSampler metrics = new MetricsSampler(client, URI.create(base + "/metrics"));
        long start = System.nanoTime();
        for (Student s : students) {
            s.startMeasuring(start);
        }
        long end = start + seconds * 1_000_000_000L;
        int probe = 0;
        while (System.nanoTime() < end) {
            metrics.sample();
            // Every 2 s a fifth of the students moves a control (select a neuron) and waits to see it.
            for (int i = probe % 5; i < students.size(); i += 5) {
                students.get(i).probeRoundTrip();
            }
            probe++;
            Thread.sleep(Math.min(2000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        for (Student s : students) {
            s.stopMeasuring(System.nanoTime());
        }
        for (Student s : students) {
            s.close();
        }

        Report report = Report.of(students, metrics, seconds);
        report.print(out);
        if (args.value("out") != null) {
            Files.writeString(Path.of(args.value("out")), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report.toJson()));
            out.println("report written to " + args.value("out"));
        }
        return 0;
    }

    private static String switch0(String workload) {
        ExperimentConfig defaults = ExperimentConfig.defaults();
        if (workload.equals("W1")) {
            return defaults.toJson();
        }
        if (workload.equals("W2")) {
            return defaults.withData(defaults.data().withDataset("spiral"))
                    .withFeatures(List.of(Feature.values()))
                    .withNetwork(defaults.network().withHidden(List.of(8, 8, 8, 8, 8, 8)).withActivation("relu"))
                    .toJson();
        }
        throw CliException.badInput("loadtest: --workload must be W1 or W2, got " + workload);
    }

    private static int intFlag(Args args, String name, int fallback, int min, int max) {
        String value = args.value(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CliException.badInput("loadtest: --" + name + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw CliException.badInput("loadtest: --" + name + " must be in [" + min + ", " + max + "], got " + parsed);
        }
        return parsed;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** One simulated student: a WebSocket that plays, acknowledges frames and keeps statistics. */
    static final class Student implements WebSocket.Listener {
        final int index;
        private final String config;
        private final int fps;
        private final int speed;
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        private WebSocket socket;
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(1 << 16);

        private volatile boolean measuring;
        private long measureStart;
        private long measureEnd;
        private long lastFrameAt = -1;
        final List<Long> intervalsMicros = new ArrayList<>();
        long frames;
        long bytes;
        /**
         * What the frames would cost on a browser's socket, which negotiates permessage-deflate (the
         * JDK client cannot): each frame deflated in turn by one raw deflater that keeps its window
         * between messages, flushed per message — as the extension does with context takeover.
         */
        long deflatedBytes;
        private final java.util.zip.Deflater deflater = new java.util.zip.Deflater(
                java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        private final byte[] deflateBuffer = new byte[1 << 16];
        double firstEpoch = Double.NaN;
        double lastEpoch = Double.NaN;
        private long firstEpochAt;
        private long lastEpochAt;
        final List<Long> roundTripsMicros = new ArrayList<>();
        private int probeNeuron = -1;
        private long probeSentAt;
        private final AtomicInteger probeCounter = new AtomicInteger();

        Student(int index, String config, int fps, int speed) {
            this.index = index;
            this.config = config;
            this.fps = fps;
            this.speed = speed;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.socket = webSocket;
            send("{\"type\":\"configure\",\"config\":" + config + "}");
            send("{\"type\":\"frameRate\",\"fps\":" + fps + "}");
            send("{\"type\":\"speed\",\"epochsPerSecond\":" + speed + "}");
            send("{\"type\":\"play\"}");
            webSocket.request(1);
        }

        /** The JDK's WebSocket allows one send at a time: each send waits for the one before. */
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        /** Set when the tool itself closes the socket: later acks are not errors of the server's. */
        private volatile boolean closing;

        private synchronized void send(String message) {
            if (closing) {
                return;
            }
            sending = sending.thenCompose(ignored -> socket.sendText(message, true)).exceptionally(e -> {
                if (!closing) {
                    errors.add("send: " + rootMessage(e));
                }
                return null;
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                countText(message);
                try {
                    JsonNode node = JSON.readTree(message);
                    if ("error".equals(node.path("type").asText())) {
                        errors.add("server error: " + node.path("message").asText());
                    }
                } catch (Exception e) {
                    errors.add("unreadable text message: " + rootMessage(e));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (binary.remaining() < data.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(binary.capacity() * 2, binary.position() + data.remaining()));
                binary.flip();
                bigger.put(binary);
                binary = bigger;
            }
            binary.put(data);
            if (last) {
                binary.flip();
                onFrame(binary.order(ByteOrder.LITTLE_ENDIAN));
                binary.clear();
            }
            webSocket.request(1);
            return null;
        }

        private void onFrame(ByteBuffer frame) {
            long now = System.nanoTime();
            if (frame.remaining() < HEADER_BYTES) {
                errors.add("frame shorter than its header: " + frame.remaining() + " bytes");
                return;
            }
            long seq = frame.getInt(8) & 0xFFFFFFFFL;
            double epoch = frame.getDouble(16);
            int selectedLayer = -1;
            int selectedNeuron = -1;
            for (int at = HEADER_BYTES; at + 8 <= frame.limit(); ) {
                int id = frame.getShort(at) & 0xFFFF;
                int length = frame.getInt(at + 4);
                if (id == SELECTED_MAP_SECTION && length >= 4) {
                    selectedLayer = frame.getShort(at + 8) & 0xFFFF;
                    selectedNeuron = frame.getShort(at + 10) & 0xFFFF;
                }
                at += 8 + ((length + 3) & ~3);
            }
            int size = frame.limit();
            synchronized (this) {
                if (measuring) {
                    frames++;
                    bytes += size;
                    if (index < DEFLATE_SAMPLE_CLIENTS) {
                        deflatedBytes += deflatedSize(frame);
                    }
                    if (lastFrameAt >= 0) {
                        intervalsMicros.add((now - lastFrameAt) / 1000);
                    }
                    if (Double.isNaN(firstEpoch)) {
                        firstEpoch = epoch;
                        firstEpochAt = now;
                    }
                    lastEpoch = epoch;
                    lastEpochAt = now;
                    if (probeNeuron >= 0 && selectedLayer == 1 && selectedNeuron == probeNeuron) {
                        roundTripsMicros.add((now - probeSentAt) / 1000);
                        probeNeuron = -1;
                        // Back to the default view: a selected neuron's large map makes frames heavier.
                        send("{\"type\":\"select\",\"layer\":null,\"neuron\":null}");
                    }
                }
                lastFrameAt = now;
            }
            send("{\"type\":\"ack\",\"seq\":" + seq + "}");
        }

        /** Text events (state, insight, …) cost bandwidth too: counted with the frames. */
        private void countText(String message) {
            byte[] utf8 = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            synchronized (this) {
                if (measuring) {
                    bytes += utf8.length;
                    if (index < DEFLATE_SAMPLE_CLIENTS) {
                        deflatedBytes += deflatedSize(ByteBuffer.wrap(utf8));
                    }
                }
            }
        }

        private long deflatedSize(ByteBuffer frame) {
            ByteBuffer copy = frame.duplicate();
            copy.position(0);
            deflater.setInput(copy);
            long total = 0;
            int n;
            do {
                n = deflater.deflate(deflateBuffer, 0, deflateBuffer.length, java.util.zip.Deflater.SYNC_FLUSH);
                total += n;
            } while (n == deflateBuffer.length || !deflater.needsInput());
            // permessage-deflate drops the 4-byte 00 00 FF FF tail of each flushed message
            return Math.max(0, total - 4);
        }

        /** Selects the next neuron of the first hidden layer; the next frame that shows it stops the clock. */
        void probeRoundTrip() {
            int neuron;
            synchronized (this) {
                if (socket == null || probeNeuron >= 0) {
                    return;
                }
                neuron = probeCounter.getAndIncrement() % 4;
                probeNeuron = neuron;
                probeSentAt = System.nanoTime();
            }
            send("{\"type\":\"select\",\"layer\":1,\"neuron\":" + neuron + "}");
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closing) {
                errors.add("socket: " + rootMessage(error));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (measuring) {
                errors.add("closed by the server: " + statusCode + " " + reason);
            }
            return null;
        }

        synchronized void startMeasuring(long at) {
            measuring = true;
            measureStart = at;
            lastFrameAt = -1;
        }

        synchronized void stopMeasuring(long at) {
            measuring = false;
            measureEnd = at;
        }

        double seconds() {
            return (measureEnd - measureStart) / 1e9;
        }

        double epochsPerSecond() {
            return lastEpochAt > firstEpochAt ? (lastEpoch - firstEpoch) / ((lastEpochAt - firstEpochAt) / 1e9) : 0;
        }

        void close() {
            closing = true;
            if (socket != null) {
                try {
                    sending.thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"))
                            .get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the report is already measured; a slow close changes nothing
                }
            }
        }
    }

    /** Polls the server's /metrics once a second: process CPU and heap. */
    static final class MetricsSampler {
        private final HttpClient client;
        private final URI uri;
        final List<Double> cpu = new ArrayList<>();
        final List<Double> heapMegabytes = new ArrayList<>();
        String problem;

        MetricsSampler(HttpClient client, URI uri) {
            this.client = client;
            this.uri = uri;
        }

        void sample() {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    problem = "/metrics answered " + response.statusCode();
                    return;
                }
                JsonNode node = JSON.readTree(response.body());
                cpu.add(node.path("processCpuLoad").asDouble(Double.NaN));
                heapMegabytes.add(node.path("heapUsedBytes").asDouble(Double.NaN) / (1 << 20));
            } catch (Exception e) {
                problem = "/metrics: " + rootMessage(e);
            }
        }
    }

    /** The figures, per client and over all clients. */
    record Report(int sessions, double seconds, double[] framesPerSecond, double[] p50IntervalMs,
                  double[] p95IntervalMs, double[] bytesPerSecond, double[] deflatedBytesPerSecond,
                  double[] epochsPerSecond, double[] roundTripMs,
                  int errorCount, List<String> sampleErrors, double cpuMean, double cpuMax, double heapMaxMb,
                  String metricsProblem) {

        static Report of(List<Student> students, MetricsSampler metrics, double seconds) {
            int n = students.size();
            double[] fps = new double[n];
            double[] p50 = new double[n];
            double[] p95 = new double[n];
            double[] bps = new double[n];
            double[] deflated = new double[n];
            double[] eps = new double[n];
            List<Long> allRoundTrips = new ArrayList<>();
            int errors = 0;
            List<String> sample = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Student s = students.get(i);
                synchronized (s) {
                    double t = s.seconds();
                    fps[i] = s.frames / t;
                    bps[i] = s.bytes / t;
                    deflated[i] = i < DEFLATE_SAMPLE_CLIENTS ? s.deflatedBytes / t : Double.NaN;
                    eps[i] = s.epochsPerSecond();
                    long[] intervals = s.intervalsMicros.stream().mapToLong(Long::longValue).sorted().toArray();
                    p50[i] = percentile(intervals, 0.50) / 1000.0;
                    p95[i] = percentile(intervals, 0.95) / 1000.0;
                    allRoundTrips.addAll(s.roundTripsMicros);
                    errors += s.errors.size();
                    for (String e : s.errors) {
                        if (sample.size() < 10) {
                            sample.add("client " + s.index + ": " + e);
                        }
                    }
                }
            }
            double[] roundTrips = allRoundTrips.stream().mapToDouble(v -> v / 1000.0).sorted().toArray();
            double cpuMean = metrics.cpu.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v))
                    .average().orElse(Double.NaN);
            double cpuMax = metrics.cpu.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v))
                    .max().orElse(Double.NaN);
            double heapMax = metrics.heapMegabytes.stream().mapToDouble(Double::doubleValue)
                    .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            return new Report(n, seconds, fps, p50, p95, bps, deflated, eps, roundTrips, errors, sample, cpuMean, cpuMax,
                    heapMax, metrics.problem);
        }

        static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0
                    : (int) Math.ceil(q * sorted.length) - 1)];
        }

        static double percentile(double[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = Math.max(0, (int) Math.ceil(q * sorted.length) - 1);
            return sorted[Math.min(sorted.length - 1, index)];
        }

        static String spread(double[] values, String format) {
            double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            return String.format(Locale.ROOT, "min " + format + "  median " + format + "  max " + format,
                    sorted[0], percentile(sorted, 0.5), sorted[sorted.length - 1]);
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "per client, over %d clients and %.0f s:%n", sessions, seconds);
            out.println("  frames/s         " + spread(framesPerSecond, "%8.1f"));
            out.println("  p50 interval ms  " + spread(p50IntervalMs, "%8.1f"));
            out.println("  p95 interval ms  " + spread(p95IntervalMs, "%8.1f"));
            out.println("  KB/s received    " + spread(scale(bytesPerSecond, 1 / 1000.0), "%8.1f"));
            out.println("  KB/s deflated    " + spread(scale(deflatedBytesPerSecond, 1 / 1000.0), "%8.1f")
                    + "  (estimated for a browser's permessage-deflate socket; first "
                    + Math.min(sessions, DEFLATE_SAMPLE_CLIENTS) + " clients)");
            out.println("  epochs/s         " + spread(epochsPerSecond, "%8.0f"));
            out.printf(Locale.ROOT, "control round trip: %d probes, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    roundTripMs.length, percentile(roundTripMs, 0.5), percentile(roundTripMs, 0.95),
                    roundTripMs.length == 0 ? Double.NaN : roundTripMs[roundTripMs.length - 1]);
            out.printf(Locale.ROOT, "server: CPU mean %.0f %%, max %.0f %% (of all cores); heap max %.0f MB%s%n",
                    cpuMean * 100, cpuMax * 100, heapMaxMb, metricsProblem == null ? "" : " (" + metricsProblem + ")");
            out.println("errors: " + errorCount);
            for (String e : sampleErrors) {
                out.println("  " + e);
            }
        }

        private static double[] scale(double[] values, double factor) {
            double[] scaled = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                scaled[i] = values[i] * factor;
            }
            return scaled;
        }

        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("sessions", sessions);
            node.put("seconds", seconds);
            node.set("framesPerSecond", JSON.valueToTree(framesPerSecond));
            node.set("p50IntervalMs", JSON.valueToTree(p50IntervalMs));
            node.set("p95IntervalMs", JSON.valueToTree(p95IntervalMs));
            node.set("bytesPerSecond", JSON.valueToTree(bytesPerSecond));
            node.set("deflatedBytesPerSecond", JSON.valueToTree(deflatedBytesPerSecond));
            node.set("epochsPerSecond", JSON.valueToTree(epochsPerSecond));
            node.set("roundTripMs", JSON.valueToTree(roundTripMs));
            node.put("errors", errorCount);
            node.set("sampleErrors", JSON.valueToTree(sampleErrors));
            node.put("serverCpuMean", cpuMean);
            node.put("serverCpuMax", cpuMax);
            node.put("serverHeapMaxMb", heapMaxMb);
            return node;
        }
    }
}
