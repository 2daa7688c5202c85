package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.SandboxRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SandboxRecords} in memory. It stands for the database every node shares: a test that "restarts" a sandbox, or
 * runs two of them as two nodes, gives each the same store.
 */
public final class InMemorySandboxRecords implements SandboxRecords {

    private record Key(String kind, String id) {}

    private record Lease(String holder, Instant until) {}

    private final Map<Key, Entry> records = new LinkedHashMap<>();
    private final Map<Key, Lease> leases = new LinkedHashMap<>();
    private final Map<String, Blob> blobs = new LinkedHashMap<>();
    private long versions;

    @Override
    public synchronized boolean insert(String kind, String id, String owner, String body, Optional<Instant> dueAt) {
        Entry entry = new Entry(kind, id, owner, body, ++versions, dueAt);
        requireBody(body);
        return records.putIfAbsent(new Key(kind, id), entry) == null;
    }

    @Override
    public synchronized Optional<Entry> find(String kind, String id) {
        return Optional.ofNullable(records.get(new Key(kind, id)));
    }

    @Override
    public synchronized boolean replace(String kind, String id, long version, String body, Optional<Instant> dueAt) {
        requireBody(body);
        Key key = new Key(kind, id);
        Entry entry = records.get(key);
        if (entry == null || entry.version() != version) {
            return false;
        }
        records.put(key, new Entry(kind, id, entry.owner(), body, ++versions, dueAt));
        return true;
    }

    @Override
    public synchronized boolean delete(String kind, String id) {
        leases.remove(new Key(kind, id));
        return records.remove(new Key(kind, id)) != null;
    }

    @Override
    public synchronized List<String> ids(String kind) {
        return records.keySet().stream()
                .filter(k -> k.kind().equals(kind))
                .map(Key::id)
                .toList();
    }

    @Override
    public synchronized List<String> due(String kind, Instant now, int limit) {
        return records.values().stream()
                .filter(e -> e.kind().equals(kind) && isDue(e, now))
                .sorted(Comparator.comparing((Entry e) -> e.dueAt().orElseThrow()))
                .limit(limit)
                .map(Entry::id)
                .toList();
    }

    @Override
    public synchronized boolean claim(String kind, String id, String holder, Instant now, Instant until) {
        Objects.requireNonNull(holder, "holder");
        Entry entry = records.get(new Key(kind, id));
        if (entry == null || !isDue(entry, now)) {
            return false;
        }
        leases.put(new Key(kind, id), new Lease(holder, until));
        return true;
    }

    @Override
    public synchronized void release(String kind, String id, String holder) {
        Lease lease = leases.get(new Key(kind, id));
        if (lease != null && lease.holder().equals(holder)) {
            leases.remove(new Key(kind, id));
        }
    }

    @Override
    public synchronized void putBlob(String name, String owner, byte[] bytes) {
        SandboxRecords.requireKey("blob", name, owner);
        blobs.put(name, new Blob(owner, bytes));
    }

    @Override
    public synchronized Optional<Blob> blob(String name) {
        return Optional.ofNullable(blobs.get(name));
    }

    @Override
    public synchronized List<String> blobNames(String owner) {
        return blobs.entrySet().stream()
                .filter(e -> e.getValue().owner().equals(owner))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public synchronized Removed deleteOwned(String owner) {
        List<Key> gone = new ArrayList<>();
        records.forEach((key, entry) -> {
            if (entry.owner().equals(owner)) {
                gone.add(key);
            }
        });
        gone.forEach(key -> {
            records.remove(key);
            leases.remove(key);
        });
        List<String> files = blobNames(owner);
        files.forEach(blobs::remove);
        return new Removed(gone.size(), files.size());
    }

    @Override
    public synchronized boolean holdsAnything(String owner) {
        return records.values().stream().anyMatch(e -> e.owner().equals(owner))
                || blobs.values().stream().anyMatch(b -> b.owner().equals(owner));
    }

    /** Every record's kind and id and every file's name, with its bytes as text: what a test looks through. */
    public synchronized Map<String, byte[]> everything() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        records.values()
                .forEach(e ->
                        all.put(e.kind() + "/" + e.id(), e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        blobs.forEach((name, blob) -> all.put("blob/" + name, blob.bytes()));
        return all;
    }

    private boolean isDue(Entry entry, Instant now) {
        if (entry.dueAt().isEmpty() || entry.dueAt().get().isAfter(now)) {
            return false;
        }
        Lease lease = leases.get(new Key(entry.kind(), entry.id()));
        return lease == null || !lease.until().isAfter(now);
    }

    private static void requireBody(String body) {
        if (body == null || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("A sandbox record's body is at most " + MAX_BODY + " characters");
        }
    }
}
