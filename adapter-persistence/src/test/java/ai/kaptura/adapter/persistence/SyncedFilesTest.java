package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.store.fs.FileBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's commits are written and forced to the device before they answer. */
class SyncedFilesTest {

    @TempDir
    Path dataDir;

    @Test
    void every_write_is_forced_to_the_device_before_it_returns() throws IOException {
        Recording file = new Recording();
        try (FileChannel synced = new SyncedFiles.Channel(file)) {
            synced.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 4096);
            synced.write(ByteBuffer.wrap(new byte[] {4}));
            synced.truncate(2);
        }

        assertThat(file.calls)
                .containsExactly(
                        "write@4096", "force(false)", "write", "force(false)", "truncate", "force(true)", "close");
    }

    @Test
    void the_embedded_database_writes_each_commit_before_it_answers_with_h2s_write_delay_off() throws IOException {
        try (PersistenceAdapter adapter = PersistenceAdapter.open(null, null, null, dataDir)) {
            adapter.migrate();
            Database db = adapter.database();
            Object writeDelay = db.read(ctx -> ctx.fetchValue(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'"));
            assertThat(writeDelay)
                    .as("H2's WRITE_DELAY: 0 = the committing thread writes the file")
                    .isEqualTo("0");

            long forcedBefore = SyncedFiles.forcedWrites();
            long sizeBefore = fileSize();
            AccountId id = new AccountId(UUID.randomUUID());
            adapter.accounts()
                    .save(Account.open(
                            id, EmailAddress.of("forced@example.org"), Instant.parse("2026-12-01T10:00:00Z")));

            assertThat(SyncedFiles.forcedWrites())
                    .as("writes forced by the commit")
                    .isGreaterThan(forcedBefore);
            assertThat(contains(bytes(), "forced@example.org"))
                    .as(
                            "the committed row is in the file as soon as the commit returned (size %d -> %d)",
                            sizeBefore, fileSize())
                    .isTrue();
        }
    }

    @Test
    void a_plain_h2_url_is_opened_as_given() {
        Path other = dataDir.resolve("plain");
        String url = "jdbc:h2:file:" + other.toAbsolutePath().resolve("x") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Database db =
                Database.open(Optional.of(url), Optional.empty(), Optional.empty(), dataDir, Optional.empty(), 1)) {
            Object one = db.read(ctx -> ctx.fetchValue("SELECT 1"));
            assertThat(one).hasToString("1");
        }
        assertThat(other.resolve("x.mv.db")).exists();
    }

    private byte[] bytes() {
        try {
            return Files.readAllBytes(Database.embeddedFile(dataDir));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long fileSize() {
        try {
            return Files.size(Database.embeddedFile(dataDir));
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A file that only records what is done to it. */
    private static final class Recording extends FileBase {
        final List<String> calls = new ArrayList<>();

        @Override
        public int write(ByteBuffer source, long position) {
            calls.add("write@" + position);
            int n = source.remaining();
            source.position(source.limit());
            return n;
        }

        @Override
        public int write(ByteBuffer source) {
            calls.add("write");
            int n = source.remaining();
            source.position(source.limit());
            return n;
        }

        @Override
        public void force(boolean metaData) {
            calls.add("force(" + metaData + ")");
        }

        @Override
        public FileChannel truncate(long size) {
            calls.add("truncate");
            return this;
        }

        @Override
        public int read(ByteBuffer target) {
            return -1;
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        public FileChannel position(long position) {
            return this;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            return null;
        }

        @Override
        protected void implCloseChannel() {
            calls.add("close");
        }
    }
}
