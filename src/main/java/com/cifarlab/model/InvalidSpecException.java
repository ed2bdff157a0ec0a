package com.cifarlab.model;

/**
 * A value a student typed that the engine cannot use, or one the instructor typed into the class
 * settings that the class cannot use. The message names the field and the allowed range, so the UI
 * can show it beside that field and the API can return it as is.
 */
public class InvalidSpecException extends IllegalArgumentException {

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Throws unless {@code min <= value <= max}, naming the field and the range. */
    public static int requireRange(String field, String label, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSpecException(field, label + " must be between " + min + " and " + max + " (got " + value + ").");
        }
        return value;
    }
}
