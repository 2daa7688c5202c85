package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.wrappedKey;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.WrappedDataKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DataKeys} store must do: keep one wrapped key per account, byte for byte; the first
 * stored wins, also when threads race; destroying is final for the key and harmless when repeated.
 *
 * <p>{@link #dataKeys()} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty store.
 */
public abstract class DataKeysContract {

    /** A fresh, empty store. */
    protected abstract DataKeys dataKeys();

    @Test
    void an_account_without_a_key_has_none() {
        DataKeys keys = dataKeys();

        assertThat(keys.find(accountId())).isEmpty();
        assertThat(keys.destroy(accountId())).isFalse();
    }

    @Test
    void the_first_key_is_stored_byte_for_byte_and_answered() {
        DataKeys keys = dataKeys();
        AccountId account = accountId();
        WrappedDataKey key = wrappedKey(-128, minutes(0));

        WrappedDataKey stored = keys.saveIfAbsent(account, key);

        assertThat(stored).isEqualTo(key);
        assertThat(stored.wrapped()).containsExactly(key.wrapped());
        assertThat(keys.find(account)).contains(key);
        assertThat(keys.find(account).orElseThrow().wrapped()).containsExactly(key.wrapped());
        assertThat(keys.find(account).orElseThrow().createdAt()).isEqualTo(minutes(0));
    }

    @Test
    void a_second_key_is_not_stored_and_the_first_is_answered() {
        DataKeys keys = dataKeys();
        AccountId account = accountId();
        WrappedDataKey first = wrappedKey(1, minutes(0));
        keys.saveIfAbsent(account, first);

        WrappedDataKey answered = keys.saveIfAbsent(account, wrappedKey(2, minutes(1)));

        assertThat(answered).isEqualTo(first);
        assertThat(keys.find(account)).contains(first);
    }

    @Test
    void each_account_has_its_own_key() {
        DataKeys keys = dataKeys();
        AccountId ann = accountId();
        AccountId bob = accountId();
        WrappedDataKey annsKey = wrappedKey(10, minutes(0));
        WrappedDataKey bobsKey = wrappedKey(20, minutes(1));

        keys.saveIfAbsent(ann, annsKey);
        keys.saveIfAbsent(bob, bobsKey);

        assertThat(keys.find(ann)).contains(annsKey);
        assertThat(keys.find(bob)).contains(bobsKey);
    }

    @Test
    void of_eight_threads_storing_a_first_key_one_wins_and_all_hear_the_same_key() {
        DataKeys keys = dataKeys();
        AccountId account = accountId();

        List<WrappedDataKey> answers =
                Concurrently.all(8, i -> keys.saveIfAbsent(account, wrappedKey(30 + i, minutes(i))));

        WrappedDataKey stored = keys.find(account).orElseThrow();
        assertThat(answers).containsOnly(stored);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7).stream()
                        .map(i -> wrappedKey(30 + i, minutes(i)))
                        .toList())
                .contains(stored);
    }

    @Test
    void destroy_answers_true_once_and_the_key_is_gone() {
        DataKeys keys = dataKeys();
        AccountId account = accountId();
        AccountId other = accountId();
        keys.saveIfAbsent(account, wrappedKey(3, minutes(0)));
        WrappedDataKey othersKey = keys.saveIfAbsent(other, wrappedKey(4, minutes(0)));

        assertThat(keys.destroy(account)).isTrue();
        assertThat(keys.find(account)).isEmpty();
        assertThat(keys.destroy(account)).isFalse();
        assertThat(keys.find(account)).isEmpty();

        assertThat(keys.find(other)).contains(othersKey);
    }
}
