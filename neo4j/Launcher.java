/*
 * Local, Docker-free Neo4j Community 5.26 for development and tests.
 *
 * Runs the DBMS in-process (embedded) from the Maven Central jars resolved by neo4j/pom.xml and
 * exposes it over Bolt on 127.0.0.1, so the app and its tests talk to it exactly like to a real
 * server. Normally started through scripts/neo4j-local.mjs, which resolves the classpath, compiles
 * this file once and supervises the process; it can also be run by hand with the source launcher:
 *
 *   java --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
 *        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -cp "$(cat .neo4j/classpath.txt)" \
 *        neo4j/Launcher.java --port 7687
 *
 * Protocol with the parent process: stdout carries exactly one line, `NEO4J_READY bolt://127.0.0.1:PORT`,
 * once Bolt accepts connections and `RETURN 1` works on the default database; everything else
 * (our log lines, Neo4j's user log) goes to stderr. SIGTERM/SIGINT shut the DBMS down cleanly and
 * exit 0; a temp home we created is deleted on the way out.
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Launcher {

    private static final String USAGE = String.join("\n",
            "Usage: java [--add-opens ...] -cp CLASSPATH neo4j/Launcher.java [options]",
            "",
            "Starts Neo4j Community (embedded) with Bolt on 127.0.0.1, auth disabled, HTTP disabled.",
            "Prints `NEO4J_READY bolt://127.0.0.1:PORT` on stdout once queries work; logs go to stderr.",
            "",
            "Options:",
            "  --port N            Bolt port; 0 or absent picks a free port   (env NEO4J_LOCAL_PORT)",
            "  --home DIR          DBMS home (data, logs); kept on exit        (env NEO4J_LOCAL_HOME)",
            "                      default: a fresh temp dir, deleted on exit",
            "  --pagecache SIZE    page cache size, e.g. 256m                  (env NEO4J_LOCAL_PAGECACHE)",
            "  --conf KEY=VALUE    any other Neo4j setting; repeatable, overrides the defaults",
            "  --exit-on-stdin-eof shut down when stdin closes (used by a supervising parent so",
            "                      the DBMS never outlives it, even if the parent is SIGKILLed)",
            "  --help              print this help",
            "",
            "APOC Core is enabled automatically when its jar is on the classpath.");

    // Read by the shutdown hook, which runs on its own thread.
    private static volatile DatabaseManagementService dbms;
    private static volatile Path tempHome;
    private static volatile Path confFile;

    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-local: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (opts.help) {
            System.out.println(USAGE);
            return;
        }

        long t0 = System.nanoTime();
        // Registered before anything is created so that a failed start still cleans up.
        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::shutdown, "neo4j-local-shutdown"));
        installSignalHandlers();

        try {
            Path home;
            if (opts.home != null) {
                home = Paths.get(opts.home).toAbsolutePath();
                Files.createDirectories(home);
            } else {
                tempHome = Files.createTempDirectory("papergraph-neo4j-");
                home = tempHome;
            }
            int port = opts.port > 0 ? opts.port : pickFreePort();
            log("home " + home + (tempHome != null ? " (temporary)" : "") + ", bolt port " + port);

            Map<String, String> conf = defaultSettings(port, opts.pagecache);
            enableApocIfPresent(home, conf);
            conf.putAll(opts.conf); // explicit --conf wins over every default above

            // Settings go through a properties file rather than typed Setting objects so that one
            // code path handles both our defaults and arbitrary --conf overrides (Neo4j parses and
            // validates them; an unknown key fails the start, which is what we want).
            confFile = Files.createTempFile("papergraph-neo4j-", ".conf");
            try {
                try (Writer w = Files.newBufferedWriter(confFile, StandardCharsets.UTF_8)) {
                    for (Map.Entry<String, String> e : conf.entrySet()) {
                        w.write(e.getKey() + "=" + e.getValue() + "\n");
                    }
                }
                dbms = new DatabaseManagementServiceBuilder(home)
                        .loadPropertiesFromFile(confFile)
                        // Neo4j's user log (start/stop messages, warnings) to stderr; the verbose
                        // debug.log still goes to HOME/logs.
                        .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                        .build();
            } finally {
                Files.deleteIfExists(confFile);
            }

            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            awaitQueryable(db);
            awaitBolt(port);

            long ms = (System.nanoTime() - t0) / 1_000_000;
            log(String.format("ready in %.1f s (JVM uptime %.1f s)", ms / 1000.0,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
            // The one and only stdout line: the parent waits for it.
            System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
            System.out.flush();
        } catch (Throwable t) {
            t.printStackTrace(System.err);
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // Last, so that a parent showing only the tail of stderr shows the actual cause.
            log("failed to start: " + root);
            System.exit(1); // runs the shutdown hook: stops a half-started DBMS, deletes the temp home
        }

        if (opts.exitOnStdinEof) {
            waitForStdinEof();
            log("stdin closed (parent gone), shutting down");
            System.exit(0);
        } else {
            new CountDownLatch(1).await(); // park; the signal handlers end the process
        }
    }

    /** The settings that make a small, fast, local-only DBMS. Keys are Neo4j 5.x names. */
    private static Map<String, String> defaultSettings(int port, String pagecache) {
        Map<String, String> c = new LinkedHashMap<>();
        String addr = "127.0.0.1:" + port;
        c.put("server.bolt.enabled", "true");
        c.put("server.bolt.listen_address", addr);
        c.put("server.bolt.advertised_address", addr);
        c.put("server.bolt.tls_level", "DISABLED");
        // Embedded mode has no web server anyway; be explicit so nothing else listens.
        c.put("server.http.enabled", "false");
        c.put("server.https.enabled", "false");
        c.put("dbms.security.auth_enabled", "false");
        // Without an explicit size Neo4j sizes the page cache from *machine* RAM (50% minus heap).
        c.put("server.memory.pagecache.size", pagecache);
        // Preallocating a 256 MiB transaction log file costs time and disk on every fresh home.
        c.put("db.tx_log.preallocate", "false");
        c.put("db.tx_log.rotation.size", "16m");
        c.put("db.tx_log.rotation.retention_policy", "1 files");
        c.put("dbms.usage_report.enabled", "false");
        // Only this process listens; there is no cluster to route for.
        c.put("dbms.routing.enabled", "false");
        // Bolt's Netty event loops otherwise wait a 5 s "quiet period" each (two loop groups) on
        // shutdown, turning a sub-second stop into ~10 s. Nothing is in flight when we stop.
        c.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        return c;
    }

    /**
     * Enables APOC Core when it is on the classpath (Maven profile `apoc`: apoc-core + apoc-common).
     *
     * Rather than registering procedure classes one by one through GlobalProcedures, we mirror what
     * a Neo4j server does with a plugin: the jars are on the JVM classpath (so APOC's ExtensionFactory
     * services, e.g. ApocConfig, are found by ServiceLoader) and in the plugins directory (so Neo4j's
     * procedure loader scans them and registers every @Procedure / @UserFunction, with @Context
     * injection, exactly as in production). The plugin class loader delegates to the classpath
     * first, so each class is still loaded only once.
     */
    private static void enableApocIfPresent(Path home, Map<String, String> conf) throws IOException {
        try {
            Class.forName("apoc.ApocConfig", false, Launcher.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return; // default path: no APOC
        }
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Paths.get(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.startsWith("apoc-") && name.endsWith(".jar")) {
                jars.add(p.toAbsolutePath());
            }
        }
        if (jars.isEmpty()) {
            log("APOC classes found but no apoc-*.jar on the classpath; APOC procedures not registered");
            return;
        }
        Path plugins = home.resolve("plugins");
        Files.createDirectories(plugins);
        for (Path jar : jars) {
            Path link = plugins.resolve(jar.getFileName());
            Files.deleteIfExists(link);
            try {
                Files.createSymbolicLink(link, jar);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(jar, link);
            }
        }
        conf.put("server.directories.plugins", plugins.toString());
        conf.put("dbms.security.procedures.unrestricted", "apoc.*");
        conf.put("dbms.security.procedures.allowlist", "apoc.*");
        log("APOC enabled: " + jars.stream().map(j -> j.getFileName().toString()).toList());
    }

    /** build() returns once the DBMS is started, but a database may still be coming online. */
    private static void awaitQueryable(GraphDatabaseService db) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (db.isAvailable(1_000)) {
                try {
                    db.executeTransactionally("RETURN 1");
                    return;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("database '" + db.databaseName() + "' did not become queryable", last);
    }

    /** Bolt is started with the DBMS; this just proves the socket accepts before we say READY. */
    private static void awaitBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt did not accept connections on port " + port, last);
    }

    /**
     * Binds an ephemeral port and releases it. Racy in theory (someone could grab it before Neo4j
     * binds), but Linux hands out ephemeral ports round-robin, so a reuse within milliseconds is
     * very unlikely; a clash shows up as a clear bind error.
     */
    private static int pickFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * The JVM's default reaction to SIGTERM/SIGINT runs the shutdown hooks but exits with 143/130.
     * Handling the signals ourselves makes a requested stop exit 0, which supervisors and CI read
     * as "clean". sun.misc.Signal is in jdk.unsupported, which needs no --add-opens.
     */
    @SuppressWarnings("restriction")
    private static void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    log("received SIG" + name + ", shutting down");
                    // System.exit must not run on the signal thread while hooks wait on it; a
                    // separate thread keeps the handler short and the exit path uniform.
                    new Thread(() -> System.exit(0), "neo4j-local-exit").start();
                });
            } catch (Throwable t) {
                // Fall back to the JVM default (hooks still run, only the exit code differs).
                log("cannot handle SIG" + name + " (" + t + "); using JVM default");
            }
        }
    }

    /**
     * The shutdown hook (the JVM runs it once, on any exit: signal, stdin EOF, failed start):
     * stop Neo4j cleanly, then remove what we created.
     */
    private static void shutdown() {
        DatabaseManagementService m = dbms;
        if (m != null) {
            long t0 = System.nanoTime();
            try {
                m.shutdown();
                log(String.format("stopped in %.1f s", (System.nanoTime() - t0) / 1e9));
            } catch (Throwable t) {
                log("error during shutdown: " + t);
            }
        }
        // Also reached when a signal arrives while build() is still running (the finally in main
        // never runs then), hence the conf file cleanup here too.
        for (Path p : new Path[] {confFile, tempHome}) {
            if (p != null) {
                deleteRecursively(p);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // keep going; report below if the root survived
                }
            });
        } catch (IOException e) {
            // fall through to the check
        }
        if (Files.exists(root)) {
            log("could not fully delete " + root);
        }
    }

    private static void waitForStdinEof() {
        byte[] buf = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buf) >= 0) {
                // discard; only EOF matters
            }
        } catch (IOException e) {
            // a broken stdin means the parent is gone too
        }
    }

    private static void log(String msg) {
        System.err.println("[neo4j-local] " + msg);
        System.err.flush();
    }

    /** Command-line options, with NEO4J_LOCAL_* environment fallbacks. */
    private static final class Options {
        int port;
        String home;
        String pagecache;
        boolean exitOnStdinEof;
        boolean help;
        final Map<String, String> conf = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            String env = System.getenv("NEO4J_LOCAL_PORT");
            o.port = env == null || env.isBlank() ? 0 : parsePort(env);
            o.home = blankToNull(System.getenv("NEO4J_LOCAL_HOME"));
            String pc = blankToNull(System.getenv("NEO4J_LOCAL_PAGECACHE"));
            o.pagecache = pc != null ? pc : "256m";

            List<String> a = new ArrayList<>(List.of(args));
            for (int i = 0; i < a.size(); i++) {
                String arg = a.get(i);
                String inline = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) { // accept --port=7687 as well as --port 7687
                    inline = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--help", "-h" -> o.help = true;
                    case "--exit-on-stdin-eof" -> o.exitOnStdinEof = true;
                    case "--port" -> o.port = parsePort(inline != null ? inline : value(a, ++i, arg));
                    case "--home" -> o.home = inline != null ? inline : value(a, ++i, arg);
                    case "--pagecache" -> o.pagecache = inline != null ? inline : value(a, ++i, arg);
                    case "--conf" -> {
                        String kv = inline != null ? inline : value(a, ++i, arg);
                        int k = kv.indexOf('=');
                        if (k <= 0) {
                            throw new IllegalArgumentException("--conf expects KEY=VALUE, got: " + kv);
                        }
                        o.conf.put(kv.substring(0, k).trim(), kv.substring(k + 1).trim());
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + a.get(i));
                }
            }
            return o;
        }

        private static String value(List<String> a, int i, String flag) {
            if (i >= a.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return a.get(i);
        }

        private static int parsePort(String s) {
            try {
                int p = Integer.parseInt(s.trim());
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port: " + s);
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
