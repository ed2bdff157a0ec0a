package com.cifarlab.sessions;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The names students give. A name reaches every page of the class and the instructor's lists, so
 * it is normalised (NFC, one space between words) and refused when it could hide or disguise
 * itself: control, bidi-override, zero-width and unpaired-surrogate characters. Two names are the
 * same name when they differ only in case or accents ("Zoë" and "zoe").
 */
public final class StudentNames {

    public static final int MAX_LENGTH = 40;

    private StudentNames() {
    }

    /** @throws InvalidSessionNameException with a sentence a student understands, when unusable */
    public static String normalise(String name) {
        String text = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidSessionNameException("A name cannot contain broken characters; type it again.");
            }
        }
        text = text.strip().replaceAll("\\s+", " ");
        if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new InvalidSessionNameException("Enter a name of 1 to " + MAX_LENGTH + " characters.");
        }
        if (text.codePoints().anyMatch(StudentNames::hidden)) {
            throw new InvalidSessionNameException("A name cannot contain invisible or text-direction characters; "
                    + "use letters, digits, spaces and punctuation.");
        }
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new InvalidSessionNameException("A name needs at least one letter or digit.");
        }
        return text;
    }

    /** What two names share when they are the same name: no case, no accents. */
    public static String key(String normalisedName) {
        String decomposed = Normalizer.normalize(normalisedName, Normalizer.Form.NFKD);
        return decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Control characters, format characters (zero-width spaces and joiners, bidi embeddings,
     * overrides and isolates, the byte-order mark) and the line and paragraph separators.
     */
    private static boolean hidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED;
    }
}
