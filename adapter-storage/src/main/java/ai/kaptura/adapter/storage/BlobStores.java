package ai.kaptura.adapter.storage;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.jclouds.Constants;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.s3.reference.S3Constants;

/** Builds a jclouds blob store from configuration; every provider jclouds offers is one setting away. */
final class BlobStores {

    static final Set<String> KNOWN =
            Set.of("filesystem", "transient", "aws-s3", "s3", "azureblob", "google-cloud-storage");

    private BlobStores() {}

    static BlobStoreContext open(
            String provider,
            Optional<String> endpoint,
            Optional<String> identity,
            Optional<String> credential,
            Path dataDir) {
        if (!KNOWN.contains(provider)) {
            throw new IllegalArgumentException(
                    "KAPTURA_BLOBSTORE must be one of " + KNOWN + " (got '" + provider + "')");
        }
        Properties overrides = new Properties();
        ContextBuilder builder = ContextBuilder.newBuilder(provider);
        switch (provider) {
            case "filesystem" ->
                overrides.setProperty(
                        FilesystemConstants.PROPERTY_BASEDIR,
                        dataDir.toAbsolutePath().resolve("photos").toString());
            case "aws-s3", "s3" -> {
                // Path-style addressing and a region work with AWS and with S3-compatible servers alike.
                overrides.setProperty(S3Constants.PROPERTY_S3_VIRTUAL_HOST_BUCKETS, "false");
                overrides.setProperty("jclouds.regions", "us-east-1");
                // A photo is uploaded from a stream that cannot be replayed, so jclouds cannot retry a put on a pooled
                // connection the server has already closed ("unexpected end of file"): every request gets its own.
                overrides.setProperty(Constants.PROPERTY_CONNECTION_CLOSE_HEADER, "true");
                requireCredentials(provider, identity, credential);
            }
            case "azureblob", "google-cloud-storage" -> requireCredentials(provider, identity, credential);
            default -> {
                // transient: in memory, for tests
            }
        }
        if (identity.isPresent() || credential.isPresent()) {
            builder = builder.credentials(identity.orElse(""), credential.orElse(""));
        }
        if (endpoint.isPresent()) {
            builder = builder.endpoint(endpoint.get());
        }
        return builder.overrides(overrides).buildView(BlobStoreContext.class);
    }

    private static void requireCredentials(String provider, Optional<String> identity, Optional<String> credential) {
        if (identity.isEmpty() || credential.isEmpty()) {
            throw new IllegalArgumentException(
                    "KAPTURA_BLOBSTORE_IDENTITY and KAPTURA_BLOBSTORE_CREDENTIAL are required for " + provider);
        }
    }
}
