import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Local MongoDB-wire server for Portico development and tests (mongo-java-server,
 * in-memory: data lives only as long as this process).
 *
 * Usage: java -cp '<classes>:<lib>/*' PorticoMongo <port>
 */
public final class PorticoMongo {

    /**
     * Claims MongoDB 6.0 (wire version 17). The built-in ServerVersion.MONGO_5_0 reports
     * wire version 8, which the Node driver used by mongoose 9 refuses ("requires at least 9").
     */
    static final class Mongo6 implements MongoVersion {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(6, 0, 0);
        }

        @Override
        public String toVersionString() {
            return "6.0.0";
        }

        @Override
        public int getWireVersion() {
            return 17;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: PorticoMongo <port>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new MemoryBackend().version(new Mongo6()));
        server.bind("127.0.0.1", port);

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs shutdown hooks: close the listener so clients see a clean disconnect.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            System.out.println("PorticoMongo stopped");
            stopped.countDown();
        }, "portico-mongo-shutdown"));

        // The supervisor waits for this exact line (plus the port) before declaring it ready.
        System.out.println("PorticoMongo ready on 127.0.0.1:" + port + " (wire version 17)");
        System.out.flush();
        stopped.await();
    }
}
