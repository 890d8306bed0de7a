import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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
     * A non-unique index (mongo-java-server ignores them: every query on such fields scanned the
     * whole collection). It answers equality on a prefix of its fields, e.g. `{firmId, status}`
     * of an index on (firmId, status, createdAt): for every prefix it maps the prefix's values to
     * the positions of the documents holding them (multikey, as the library computes key values).
     * The positions found are candidates; the whole filter is still applied to each of them, so
     * it only narrows, and a query it cannot narrow falls back to the library's scan.
     */
    static final class SecondaryIndex extends Index<Integer> {
        /** levels.get(i) computes the key values of the first i + 1 fields. */
        private final List<Index<Integer>> levels = new ArrayList<>();
        private final List<Map<KeyValue, TreeSet<Integer>>> positionsByLevel = new ArrayList<>();
        /** The key values each position is filed under, per level, so removal needs no lookup. */
        private final Map<Integer, List<Set<KeyValue>>> filedUnder = new HashMap<>();
        private final Map<KeyValue, Integer> positionOfId = new HashMap<>();

        SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            for (int i = 1; i <= keys.size(); i++) {
                levels.add(new EmptyIndex<>(name, keys.subList(0, i)));
                positionsByLevel.add(new HashMap<>());
            }
        }

        private static boolean isValue(Object value) {
            return value != null && !(value instanceof Missing);
        }

        /** A plain value the index can look up: not an operator document, array, regex or null. */
        private static boolean isLookupValue(Object value) {
            return isValue(value) && !(value instanceof Document) && !(value instanceof Collection)
                && !(value instanceof Pattern) && !(value instanceof BsonRegularExpression);
        }

        /** How many leading fields the query pins to a plain value (0: it cannot narrow). */
        synchronized int answerablePrefix(Document query) {
            int prefix = 0;
            for (IndexKey key : getKeys()) {
                if (!isLookupValue(query.get(key.getKey()))) break;
                prefix++;
            }
            return prefix;
        }

        private KeyValue queriedKey(Document query, int prefix) {
            List<Object> values = new ArrayList<>(prefix);
            for (IndexKey key : getKeys().subList(0, prefix)) values.add(query.get(key.getKey()));
            return new KeyValue(values).normalized();
        }

        /** The candidate positions for the query's first `prefix` fields, in position order. */
        synchronized List<Integer> candidates(Document query, int prefix) {
            TreeSet<Integer> found = positionsByLevel.get(prefix - 1).get(queriedKey(query, prefix));
            return found == null ? List.of() : new ArrayList<>(found);
        }

        synchronized int candidateCount(Document query, int prefix) {
            TreeSet<Integer> found = positionsByLevel.get(prefix - 1).get(queriedKey(query, prefix));
            return found == null ? 0 : found.size();
        }

        private static KeyValue idOf(Document document) {
            return new KeyValue(document.get("_id")).normalized();
        }

        @Override
        public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
            List<Set<KeyValue>> filed = new ArrayList<>(levels.size());
            for (int level = 0; level < levels.size(); level++) {
                Set<KeyValue> keyValues = new LinkedHashSet<>();
                for (KeyValue keyValue : levels.get(level).getKeyValues(document)) {
                    // A key with a missing or null value is never looked up (see isLookupValue).
                    if (keyValue.stream().allMatch(SecondaryIndex::isValue)) keyValues.add(keyValue);
                }
                for (KeyValue keyValue : keyValues) positionsByLevel.get(level).computeIfAbsent(keyValue, k -> new TreeSet<>()).add(position);
                filed.add(keyValues);
            }
            filedUnder.put(position, filed);
            positionOfId.put(idOf(document), position);
        }

        private void removePosition(Integer position) {
            List<Set<KeyValue>> filed = filedUnder.remove(position);
            if (filed == null) return;
            for (int level = 0; level < filed.size(); level++) {
                Map<KeyValue, TreeSet<Integer>> byKey = positionsByLevel.get(level);
                for (KeyValue keyValue : filed.get(level)) {
                    TreeSet<Integer> positions = byKey.get(keyValue);
                    if (positions != null && positions.remove(position) && positions.isEmpty()) byKey.remove(keyValue);
                }
            }
        }

        @Override
        public synchronized Integer remove(Document document) {
            Integer position = positionOfId.remove(idOf(document));
            if (position != null) removePosition(position);
            return position;
        }

        @Override
        public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position, MongoCollection<Integer> collection) {
            removePosition(position);
            add(newDocument, position, collection);
        }

        @Override
        public synchronized Integer getPosition(Document document) {
            return positionOfId.get(idOf(document));
        }

        @Override
        public void checkAdd(Document document, MongoCollection<Integer> collection) {
            // not unique: nothing to refuse
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
            // not unique: nothing to refuse
        }

        /**
         * The library's own query path never picks this index: IndexNarrowingCollection chooses
         * among the indexes by how many candidates each leaves.
         */
        @Override
        public boolean canHandle(Document query) {
            return false;
        }

        @Override
        public Iterable<Integer> getPositions(Document query) {
            throw new UnsupportedOperationException("selected by IndexNarrowingCollection only");
        }

        @Override
        public synchronized long getCount() {
            return filedUnder.size();
        }

        @Override
        public long getDataSize() {
            return 0;
        }

        @Override
        public synchronized void drop() {
            positionsByLevel.forEach(Map::clear);
            filedUnder.clear();
            positionOfId.clear();
        }
    }

    /**
     * Narrows a query by an index the way MongoDB does, where mongo-java-server would scan:
     * - `{_id: {$in: [...]}}`: looked up id by id in the _id index;
     * - a unique index whose fields the filter names among others (`{_id: x, status: 'sending'}`,
     *   every fenced compare-and-set update): mongo-java-server uses a unique index only when a
     *   filter names exactly its fields, and scanned ~4 ms per 1,000 documents per operation;
     * - the secondary index leaving the fewest candidates (equality on a prefix of its fields).
     * Top-level filter fields are ANDed, so the documents found for some of the filter's fields
     * are a superset of the matches; the whole filter is then applied to them.
     */
    static final class IndexNarrowingCollection extends MemoryCollection {
        IndexNarrowingCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        /** The data size (collStats) costs a BSON size computation of every document written; unused here. */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
            Iterable<Integer> byIds = positionsOfIdIn(query);
            if (byIds != null) return matchDocuments(query, byIds, orderBy, skip, limit, batchSize, fieldSelector);
            for (Index<Integer> index : getIndexes()) {
                if (index.isUnique() && index.canHandle(query)) return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            for (Index<Integer> index : getIndexes()) {
                if (!index.isUnique()) continue;
                List<String> fields = index.getKeys().stream().map(IndexKey::getKey).toList();
                if (fields.size() >= query.size() || !query.keySet().containsAll(fields)) continue;
                Document narrowed = new Document();
                for (String field : fields) narrowed.put(field, query.get(field));
                if (index.canHandle(narrowed)) {
                    return matchDocuments(query, index.getPositions(narrowed), orderBy, skip, limit, batchSize, fieldSelector);
                }
            }
            SecondaryIndex best = null;
            int bestPrefix = 0;
            int bestCount = Integer.MAX_VALUE;
            for (Index<Integer> index : getIndexes()) {
                if (!(index instanceof SecondaryIndex secondary)) continue;
                int prefix = secondary.answerablePrefix(query);
                if (prefix == 0) continue;
                int count = secondary.candidateCount(query, prefix);
                if (count < bestCount) {
                    best = secondary;
                    bestPrefix = prefix;
                    bestCount = count;
                }
            }
            if (best != null) return matchDocuments(query, best.candidates(query, bestPrefix), orderBy, skip, limit, batchSize, fieldSelector);
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

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex(indexName, keys, sparse);
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
