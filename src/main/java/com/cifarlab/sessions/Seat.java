package com.cifarlab.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** A lab session with what lets its student in: the state kept in memory and on disk. */
record Seat(LabSession session, String resumeCodeHash, List<Credential> credentials) {

    Seat {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(resumeCodeHash, "resumeCodeHash");
        credentials = List.copyOf(credentials);
    }

    String id() {
        return session.id();
    }

    Seat with(LabSession changed) {
        return new Seat(changed, resumeCodeHash, credentials);
    }

    Seat withResumeCodeHash(String hash) {
        return new Seat(session, hash, credentials);
    }

    Seat plus(Credential credential) {
        List<Credential> more = new ArrayList<>(credentials);
        more.add(credential);
        return new Seat(session, resumeCodeHash, more);
    }

    Seat without(String credentialHash) {
        return new Seat(session, resumeCodeHash,
                credentials.stream().filter(c -> !c.hash().equals(credentialHash)).toList());
    }

    Seat withoutCredentials() {
        return new Seat(session, resumeCodeHash, List.of());
    }

    Seat mapCredential(String credentialHash, UnaryOperator<Credential> change) {
        return new Seat(session, resumeCodeHash, credentials.stream()
                .map(c -> c.hash().equals(credentialHash) ? change.apply(c) : c).toList());
    }

    Credential credential(String credentialHash) {
        return credentials.stream().filter(c -> c.hash().equals(credentialHash)).findFirst().orElse(null);
    }

    /** The newest use of any credential, or the join when none was used since. */
    Instant lastUse() {
        return credentials.stream().map(Credential::lastUsedAt).max(Instant::compareTo).orElse(session.lastSeenAt());
    }
}
