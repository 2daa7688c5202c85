package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.Currency;
import java.util.Objects;

/** An amount in the currency's minor unit (cents), never a floating-point number. */
public record Money(long minorUnits, Currency currency) {
    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minorUnits < 0) {
            throw new InvalidInput("An amount cannot be negative");
        }
    }

    public static Money of(long minorUnits, String currencyCode) {
        return new Money(minorUnits, Currency.getInstance(currencyCode));
    }

    @Override
    public String toString() {
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        long unit = (long) Math.pow(10, digits);
        return digits == 0
                ? minorUnits + " " + currency.getCurrencyCode()
                : String.format(
                        "%d.%0" + digits + "d %s", minorUnits / unit, minorUnits % unit, currency.getCurrencyCode());
    }
}
