package com.cifarlab.sessions;

/**
 * A student let into their lab session: the session, the credential for this browser or client
 * (to keep in a cookie or send as a bearer token; shown once, never stored), and, on a first join,
 * the resume code to write down.
 *
 * @param resumeCode the personal resume code, or null when the student came back with theirs
 */
public record Admission(LabSession session, String credential, String resumeCode) {

    @Override
    public String toString() {
        return "Admission[session=" + session + "]";
    }
}
