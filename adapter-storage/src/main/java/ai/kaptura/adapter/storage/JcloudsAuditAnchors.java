package ai.kaptura.adapter.storage;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.ports.out.AuditAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * The audit chain's signed checkpoints in the object store, in a container of their own beside the photos' (never
 * among them, so the vault's reconciliation never sees them): one small text object a checkpoint, named by the
 * sequence it was signed at and its time, so that a listing is in order.
 */
final class JcloudsAuditAnchors implements AuditAnchors {

    private final BlobStore store;
    private final String container;

    JcloudsAuditAnchors(BlobStoreContext context, String container) {
        this.store = context.getBlobStore();
        this.container = container;
        store.createContainerInLocation(null, container);
    }

    @Override
    public void keep(AuditCheckpoint.Signed checkpoint) {
        byte[] text = (checkpoint.toText() + "\n").getBytes(StandardCharsets.UTF_8);
        Blob blob = store.blobBuilder(name(checkpoint.checkpoint()))
                .payload(text)
                .contentLength(text.length)
                .contentType("text/plain; charset=utf-8")
                .build();
        store.putBlob(container, blob);
    }

    @Override
    public List<AuditCheckpoint.Signed> all() {
        List<AuditCheckpoint.Signed> found = new ArrayList<>();
        String marker = null;
        do {
            ListContainerOptions options = ListContainerOptions.Builder.recursive();
            if (marker != null) {
                options = options.afterMarker(marker);
            }
            PageSet<? extends StorageMetadata> page = store.list(container, options);
            for (StorageMetadata item : page) {
                if (item.getType() == StorageType.BLOB && item.getName().startsWith("checkpoint-")) {
                    found.add(read(item.getName()));
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        found.sort(Comparator.comparingLong(
                        (AuditCheckpoint.Signed s) -> s.checkpoint().sequence())
                .thenComparing(s -> s.checkpoint().at()));
        return found;
    }

    private AuditCheckpoint.Signed read(String name) {
        Blob blob = store.getBlob(container, name);
        if (blob == null) {
            throw new IllegalStateException("Audit checkpoint " + name + " was listed but cannot be read");
        }
        try (InputStream in = blob.getPayload().openStream()) {
            return AuditCheckpoint.Signed.parse(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Audit checkpoint " + name + " cannot be read", e);
        }
    }

    private static String name(AuditCheckpoint checkpoint) {
        return String.format(
                Locale.ROOT,
                "checkpoint-%020d-%020d",
                checkpoint.sequence(),
                checkpoint.at().toEpochMilli());
    }
}
