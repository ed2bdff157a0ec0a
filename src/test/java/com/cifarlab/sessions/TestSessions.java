package com.cifarlab.sessions;

import com.cifarlab.storage.StoredJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lab sessions for tests of other features: a class with a known code and no join limit. */
public final class TestSessions {

    public static final String CLASS_CODE = "TESTCLASS";
    public static final String ADDRESS = "192.0.2.1";

    private TestSessions() {
    }

    public static SessionProperties properties() {
        return new SessionProperties(CLASS_CODE, Duration.ofDays(14), 100_000);
    }

    public static LabSessionService service(Path runsDir, Clock clock) {
        return new LabSessionService(clock, properties(), runsDir);
    }

    /** Joins {@code name} to the class, as an API client would. */
    public static LabSession join(LabSessionService sessions, String name) {
        return sessions.join(name, sessions.classCode().current(), ADDRESS, true).session();
    }

    /**
     * Writes the session files of a class of {@code count} students who joined at {@code at}, as
     * a server would have kept them, before a server starts on the folder.
     */
    public static List<LabSession> writeClass(Path runsDir, int count, Instant at) {
        Path folder = runsDir.resolve(SessionStore.FOLDER);
        List<LabSession> students = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LabSession student = new LabSession(String.format("student%05d", i), "Student " + i, at, at, null);
            Seat seat = new Seat(student, Secrets.hash("CODE" + i), List.of(new Credential(Secrets.hash("secret" + i),
                    Credential.Kind.BROWSER, at, at)));
            try {
                Files.createDirectories(folder);
                StoredJson.MAPPER.writeValue(folder.resolve(student.id() + ".json").toFile(), SessionStore.toFile(seat));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            students.add(student);
        }
        return students;
    }
}
