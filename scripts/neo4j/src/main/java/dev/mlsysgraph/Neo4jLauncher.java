package dev.mlsysgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Serves an embedded Neo4j Community over Bolt on 127.0.0.1 for local development and tests.
 *
 * Usage: Neo4jLauncher <homeDir> <boltPort>, with the password in the environment variable NEO4J_LAUNCHER_PASSWORD
 * (kept out of the command line, which other users of the machine can read). The password is applied to the built-in
 * "neo4j" user on every start, so changing it only needs a restart. Stops cleanly on SIGTERM/SIGINT: the JVM
 * shutdown hook closes the databases.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        String password = System.getenv("NEO4J_LAUNCHER_PASSWORD");
        if (args.length != 2 || password == null) {
            System.err.println("usage: NEO4J_LAUNCHER_PASSWORD=... Neo4jLauncher <homeDir> <boltPort>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        if (password.length() < 8) {
            System.err.println("Neo4j requires a password of at least 8 characters, got " + password.length());
            System.exit(2);
        }
        Files.createDirectories(home);
        // The store's cache in memory; a graph larger than it is read from disk (the scale bench sizes it to the store).
        String pagecacheText = System.getenv("NEO4J_LAUNCHER_PAGECACHE");
        long pagecache = pagecacheText == null || pagecacheText.isBlank()
                ? ByteUnit.mebiBytes(256)
                : ByteUnit.parse(pagecacheText);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-launcher: shutting down");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the one it already has; that is the normal restart case.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
        }
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME); // fail fast if the default database cannot open

        System.out.println("neo4j-launcher: ready bolt://127.0.0.1:" + port + " home=" + home);
        stopped.await();
    }
}
