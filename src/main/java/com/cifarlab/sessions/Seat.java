package com.cifarlab.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A lab session with what lets its student in, and the forms' last settings: the state kept in
 * memory and on disk.
 *
 * @param forms the student's last settings per form (the UI's own text, opaque here)
 */
record Seat(LabSession session, String resumeCodeHash, List<Credential> credentials, Map<String, String> forms) {

    Seat {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(resumeCodeHash, "resumeCodeHash");
        credentials = List.copyOf(credentials);
        forms = forms == null ? Map.of() : Map.copyOf(forms);
    }

    Seat(LabSession session, String resumeCodeHash, List<Credential> credentials) {
        this(session, resumeCodeHash, credentials, Map.of());
    }

    Seat withForm(String form, String value) {
        Map<String, String> more = new java.util.HashMap<>(forms);
        more.put(form, value);
        return new Seat(session, resumeCodeHash, credentials, more);
    }

    String id() {
        return session.id();
    }

    Seat with(LabSession changed) {
        return new Seat(changed, resumeCodeHash, credentials, forms);
    }

    Seat withResumeCodeHash(String hash) {
        return new Seat(session, hash, credentials, forms);
    }

    Seat plus(Credential credential) {
        List<Credential> more = new ArrayList<>(credentials);
        more.add(credential);
        return new Seat(session, resumeCodeHash, more, forms);
    }

    Seat without(String credentialHash) {
        return new Seat(session, resumeCodeHash,
                credentials.stream().filter(c -> !c.hash().equals(credentialHash)).toList(), forms);
    }

    Seat withoutCredentials() {
        return new Seat(session, resumeCodeHash, List.of(), forms);
    }

    Seat mapCredential(String credentialHash, UnaryOperator<Credential> change) {
        return new Seat(session, resumeCodeHash, credentials.stream()
                .map(c -> c.hash().equals(credentialHash) ? change.apply(c) : c).toList(), forms);
    }

    Credential credential(String credentialHash) {
        return credentials.stream().filter(c -> c.hash().equals(credentialHash)).findFirst().orElse(null);
    }

    /** The newest use of any credential, or the join when none was used since. */
    Instant lastUse() {
        return credentials.stream().map(Credential::lastUsedAt).max(Instant::compareTo).orElse(session.lastSeenAt());
    }
}
