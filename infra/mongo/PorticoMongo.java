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
import de.bwaldvogel.mongo.backend.Utils;
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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
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
        /** The documents' top-level fields the index reads (`a` of `a.b`). */
        private final Set<String> topLevelFields = new LinkedHashSet<>();

        SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            for (IndexKey key : keys) topLevelFields.add(key.getKey().split("\\.", 2)[0]);
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

        /**
         * The keys a document is filed under, per level. Without arrays among the fields, one key
         * per level: the prefix of the field values. With arrays, the library's multikey expansion.
         * A key with a missing or null value is never looked up (see isLookupValue), so not filed.
         */
        private List<Set<KeyValue>> keysByLevel(Document document) {
            List<Object> values = new ArrayList<>(levels.size());
            boolean multikey = false;
            for (IndexKey key : getKeys()) {
                String field = key.getKey();
                // A top-level field is read directly: the library splits every path it is given.
                Object value = field.indexOf('.') < 0 ? (document.containsKey(field) ? document.get(field) : Missing.getInstance()) : Utils.getSubdocumentValueCollectionAware(document, field);
                multikey |= value instanceof Collection;
                values.add(value);
            }
            List<Set<KeyValue>> keys = new ArrayList<>(levels.size());
            for (int level = 0; level < levels.size(); level++) {
                Set<KeyValue> filed = new LinkedHashSet<>();
                if (!multikey) {
                    List<Object> prefix = new ArrayList<>(values.subList(0, level + 1));
                    if (prefix.stream().allMatch(SecondaryIndex::isValue)) filed.add(new KeyValue(prefix).normalized());
                } else {
                    for (KeyValue keyValue : levels.get(level).getKeyValues(document)) {
                        if (keyValue.stream().allMatch(SecondaryIndex::isValue)) filed.add(keyValue);
                    }
                }
                keys.add(filed);
            }
            return keys;
        }

        @Override
        public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
            List<Set<KeyValue>> filed = keysByLevel(document);
            for (int level = 0; level < filed.size(); level++) {
                for (KeyValue keyValue : filed.get(level)) positionsByLevel.get(level).computeIfAbsent(keyValue, k -> new TreeSet<>()).add(position);
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

        /** Most updates leave an index's fields alone (a status, a lease): then its entries stay as they are. */
        @Override
        public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position, MongoCollection<Integer> collection) {
            boolean unchanged = true;
            for (String field : topLevelFields) unchanged &= Objects.equals(oldDocument.get(field), newDocument.get(field));
            if (unchanged && filedUnder.containsKey(position)) return;
            removePosition(position);
            add(newDocument, position, collection);
        }

        /** Which position an updated document has, the library asks every index; the _id index answers it. */
        @Override
        public Integer getPosition(Document document) {
            return null;
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
            Iterable<Integer> candidates = narrow(query);
            if (candidates != null) return matchDocuments(query, candidates, orderBy, skip, limit, batchSize, fieldSelector);
            ScanStats.record(this, query);
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /** Positions of a superset of the documents matching `query`, or null when no index narrows it. */
        private Iterable<Integer> narrow(Document query) {
            Iterable<Integer> byIds = positionsOfIdIn(query);
            if (byIds != null) return byIds;
            for (Index<Integer> index : getIndexes()) {
                if (index.isUnique() && index.canHandle(query)) return index.getPositions(query);
            }
            for (Index<Integer> index : getIndexes()) {
                if (!index.isUnique()) continue;
                List<String> fields = index.getKeys().stream().map(IndexKey::getKey).toList();
                if (fields.size() >= query.size() || !query.keySet().containsAll(fields)) continue;
                Document narrowed = new Document();
                for (String field : fields) narrowed.put(field, query.get(field));
                if (index.canHandle(narrowed)) return index.getPositions(narrowed);
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
            if (best != null) return best.candidates(query, bestPrefix);
            return narrowOr(query);
        }

        /**
         * `{..., $or: [b1, b2]}` that nothing else narrows: the union of what narrows each branch
         * (with the filter's other fields, which a matching document also has); null unless every
         * branch narrows (MongoDB's index union).
         */
        private Iterable<Integer> narrowOr(Document query) {
            if (!(query.get("$or") instanceof List<?> branches) || branches.isEmpty()) return null;
            TreeSet<Integer> union = new TreeSet<>();
            for (Object branch : branches) {
                if (!(branch instanceof Document branchQuery)) return null;
                Document merged = new Document();
                for (Map.Entry<String, Object> entry : query.entrySet()) {
                    if (!entry.getKey().equals("$or")) merged.put(entry.getKey(), entry.getValue());
                }
                for (Map.Entry<String, Object> entry : branchQuery.entrySet()) {
                    // A field named on both levels: the branch alone still selects a superset.
                    if (merged.containsKey(entry.getKey())) {
                        merged = new Document(branchQuery);
                        break;
                    }
                    merged.put(entry.getKey(), entry.getValue());
                }
                Iterable<Integer> found = narrow(merged);
                if (found == null) return null;
                found.forEach(union::add);
            }
            return union;
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

    /**
     * With PORTICO_MONGO_SCAN_LOG_MS set, prints every that many ms the filters that scanned a
     * collection (by shape: field names and operators, values left out), with how often and how
     * many documents they scanned: what is left to index.
     */
    static final class ScanStats {
        private static final Map<String, LongAdder[]> SCANS = new ConcurrentHashMap<>();
        static final long INTERVAL_MS = parseInterval(System.getenv("PORTICO_MONGO_SCAN_LOG_MS"));

        private static long parseInterval(String value) {
            try {
                return value == null || value.isBlank() ? 0 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        static void record(MemoryCollection collection, Document query) {
            if (INTERVAL_MS <= 0) return;
            String key = collection.getFullName() + " " + shape(query);
            LongAdder[] counters = SCANS.computeIfAbsent(key, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
            counters[0].increment();
            counters[1].add(collection.count());
        }

        private static Object shape(Object value) {
            if (value instanceof Document document) {
                Document shaped = new Document();
                document.forEach((field, inner) -> shaped.put(field, shape(inner)));
                return shaped;
            }
            if (value instanceof Collection<?> values) return values.stream().map(ScanStats::shape).distinct().toList();
            return "?";
        }

        static void start() {
            if (INTERVAL_MS <= 0) return;
            Thread printer = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(INTERVAL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    List<Map.Entry<String, LongAdder[]>> top = new ArrayList<>(SCANS.entrySet());
                    SCANS.clear();
                    if (top.isEmpty()) continue;
                    top.sort((a, b) -> Long.compare(b.getValue()[1].sum(), a.getValue()[1].sum()));
                    StringBuilder out = new StringBuilder("scans in the last " + INTERVAL_MS + " ms (count, documents scanned, collection filter):\n");
                    top.stream().limit(15).forEach(e -> out.append(String.format("  %6d %10d  %s%n", e.getValue()[0].sum(), e.getValue()[1].sum(), e.getKey())));
                    System.out.print(out);
                    System.out.flush();
                }
            }, "portico-mongo-scan-stats");
            printer.setDaemon(true);
            printer.start();
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
        ScanStats.start();

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
