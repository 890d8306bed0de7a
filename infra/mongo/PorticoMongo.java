import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * mongo-java-server uses a unique index only when a filter names exactly the index's fields,
     * so `{_id: x, status: 'sending'}` (every fenced, compare-and-set update) scanned the whole
     * collection: ~4 ms per 1,000 documents, per operation. MongoDB itself narrows by the index
     * and then applies the rest of the filter; so do we: top-level filter fields are ANDed, so
     * the documents the index finds for the index's fields alone (answered exactly as the
     * library answers that filter on its own) are a superset of the matches, and the whole
     * filter is then applied to them.
     */
    static final class IndexNarrowingCollection extends MemoryCollection {
        IndexNarrowingCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
            Iterable<Integer> byIds = positionsOfIdIn(query);
            if (byIds != null) return matchDocuments(query, byIds, orderBy, skip, limit, batchSize, fieldSelector);
            for (Index<Integer> index : getIndexes()) {
                List<String> fields = index.getKeys().stream().map(IndexKey::getKey).toList();
                if (fields.size() >= query.size() || !query.keySet().containsAll(fields)) continue;
                Document narrowed = new Document();
                for (String field : fields) narrowed.put(field, query.get(field));
                if (index.canHandle(narrowed)) {
                    return matchDocuments(query, index.getPositions(narrowed), orderBy, skip, limit, batchSize, fieldSelector);
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /**
         * `{_id: {$in: [...]}, ...}` (every batched lookup by id): the documents of those ids, looked
         * up one by one in the _id index, instead of a scan; null when the filter is not of that form.
         */
        private Iterable<Integer> positionsOfIdIn(Document query) {
            if (!(query.get("_id") instanceof Document condition) || condition.size() != 1 || !(condition.get("$in") instanceof Collection<?> values)) return null;
            Index<Integer> idIndex = getIndexes().stream().filter(index -> index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals("_id")).findFirst().orElse(null);
            if (idIndex == null) return null;
            Set<Integer> positions = new LinkedHashSet<>();
            for (Object value : values) {
                Document one = new Document("_id", value);
                if (value instanceof Document || !idIndex.canHandle(one)) return null;
                idIndex.getPositions(one).forEach(positions::add);
            }
            return positions;
        }
    }

    static final class IndexNarrowingDatabase extends MemoryDatabase {
        IndexNarrowingDatabase(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new IndexNarrowingCollection(this, name, options, cursorRegistry);
        }
    }

    static final class IndexNarrowingBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new IndexNarrowingDatabase(name, getCursorRegistry());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: PorticoMongo <port>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new IndexNarrowingBackend().version(new Mongo6()));
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
