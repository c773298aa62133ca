package org.samreg.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A setting that names one constant of an enum: the command line's and the OSGi configuration's, read alike. */
public final class Choice {
    private Choice() {
    }

    /** The constant of {@code type} that {@code value} names, in any case; else a message naming the choices. */
    public static <E extends Enum<E>> E of(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String[] names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toArray(String[]::new);
            String choices = names.length == 1 ? names[0]
                    : Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
                            + names[names.length - 1];
            throw new IllegalArgumentException(key + " must be " + choices + ", got '" + value + "'");
        }
    }
}
