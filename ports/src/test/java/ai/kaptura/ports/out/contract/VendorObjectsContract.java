package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.VendorObjects;
import ai.kaptura.ports.out.VendorObjects.Closed;
import ai.kaptura.ports.out.VendorObjects.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VendorObjects} store must do (R14, R27): keep each entry exactly, once per vendor, kind and id;
 * answer every entry of an order, however many, so that nothing a vendor holds for it is forgotten; and keep the
 * first evidence an entry was closed with — also when nodes race.
 *
 * <p>{@link #objects()} is called at the start of each test and must answer an empty store.
 */
@Tag("R14")
public abstract class VendorObjectsContract {

    /** A fresh, empty store. */
    protected abstract VendorObjects objects();

    private static final OrderId ORDER = new OrderId(UUID.fromString("6b617074-7572-4000-8000-000000000001"));
    private static final OrderId OTHER = new OrderId(UUID.fromString("6b617074-7572-4000-8000-000000000002"));

    private static Entry prompt(OrderId order, String id, int minute) {
        return Entry.open(
                "astria", "prompt", id, order, "1504944", "model=7001;style=studio;part=0/1;total=4", minutes(minute));
    }

    @Test
    void nothing_is_recorded_at_first() {
        VendorObjects objects = objects();

        assertThat(objects.ofOrder("astria", ORDER)).isEmpty();
        assertThat(objects.find("astria", "tune", "7001")).isEmpty();
    }

    @Test
    void a_recorded_entry_is_kept_exactly_and_found_by_vendor_kind_and_id() {
        VendorObjects objects = objects();
        Entry tune = Entry.open("astria", "tune", "7001", ORDER, "", "title=kaptura-0123456789abcdef", minutes(0));

        assertThat(objects.record(tune)).isTrue();

        assertThat(objects.find("astria", "tune", "7001")).contains(tune);
        assertThat(objects.find("astria", "prompt", "7001")).isEmpty();
        assertThat(objects.find("another", "tune", "7001")).isEmpty();
        assertThat(objects.ofOrder("astria", ORDER)).containsExactly(tune);
    }

    @Test
    void the_same_vendor_kind_and_id_is_recorded_once_and_the_first_stays() {
        VendorObjects objects = objects();
        Entry first = prompt(ORDER, "90001", 0);
        Entry again = Entry.open("astria", "prompt", "90001", OTHER, "7001", "something else", minutes(5));

        assertThat(objects.record(first)).isTrue();
        assertThat(objects.record(again)).isFalse();

        assertThat(objects.find("astria", "prompt", "90001")).contains(first);
        assertThat(objects.ofOrder("astria", OTHER)).isEmpty();
    }

    @Test
    void an_orders_entries_come_oldest_first_and_only_its_own() {
        VendorObjects objects = objects();
        Entry late = prompt(ORDER, "90003", 9);
        Entry early = prompt(ORDER, "90001", 1);
        Entry sameMinuteLater = prompt(ORDER, "90002", 9);
        objects.record(late);
        objects.record(early);
        objects.record(prompt(OTHER, "90004", 2));
        objects.record(Entry.open("sandbox", "prompt", "90005", ORDER, "", "", minutes(3)));
        objects.record(sameMinuteLater);

        assertThat(objects.ofOrder("astria", ORDER)).containsExactly(early, late, sameMinuteLater);
    }

    @Test
    void every_entry_of_an_order_is_answered_however_many_there_are() {
        VendorObjects objects = objects();
        List<Entry> recorded = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            Entry entry = prompt(ORDER, Integer.toString(100_000 + i), i / 100);
            recorded.add(entry);
            objects.record(entry);
        }

        assertThat(objects.ofOrder("astria", ORDER)).hasSize(2_500).containsExactlyInAnyOrderElementsOf(recorded);
    }

    @Test
    void a_closed_entry_keeps_its_first_evidence() {
        VendorObjects objects = objects();
        objects.record(prompt(ORDER, "90001", 0));
        Closed gone = new Closed(minutes(10), "GET /tunes/1504944/prompts/90001 answered 404 Not Found");

        assertThat(objects.close("astria", "prompt", "90001", gone)).isTrue();
        assertThat(objects.close("astria", "prompt", "90001", new Closed(minutes(20), "again")))
                .isFalse();
        assertThat(objects.close("astria", "prompt", "90009", gone))
                .as("never recorded")
                .isFalse();

        Entry closed = objects.find("astria", "prompt", "90001").orElseThrow();
        assertThat(closed.closed()).contains(gone);
        assertThat(closed.isOpen()).isFalse();
        assertThat(objects.ofOrder("astria", ORDER)).singleElement().isEqualTo(closed);
    }

    @Test
    void of_eight_nodes_recording_the_same_object_exactly_one_sees_it_new() {
        VendorObjects objects = objects();
        Entry entry = prompt(ORDER, "90001", 0);

        List<Boolean> recorded = Concurrently.all(8, i -> objects.record(entry));
        List<Boolean> closed = Concurrently.all(
                8, i -> objects.close("astria", "prompt", "90001", new Closed(minutes(1), "closed by node " + i)));

        assertThat(recorded).containsOnlyOnce(true);
        assertThat(closed).containsOnlyOnce(true);
        assertThat(objects.ofOrder("astria", ORDER))
                .singleElement()
                .satisfies(e -> assertThat(e.closed()).isNotEqualTo(Optional.empty()));
    }
}
