package com.cifarlab.ui.session;

import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.storage.StoredJson;
import com.cifarlab.training.TrainingSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Each student's last settings per step, kept with their lab session: a reload, another step and
 * back, another browser or a server restart no longer put a form back to the lab's large defaults.
 */
@Component
public class FormMemory {

    private final StudentSessions students;
    private final LabSessionService sessions;

    public FormMemory(StudentSessions students, LabSessionService sessions) {
        this.students = students;
        this.sessions = sessions;
    }

    public void remember(String form, TrainingSpec spec) {
        students.current().ifPresent(session -> {
            try {
                sessions.remember(session.id(), form, StoredJson.MAPPER.writeValueAsString(spec));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a training spec is always writable as JSON", e);
            }
        });
    }

    /** The settings last launched from {@code form} in this browser's session; empty without one. */
    public Optional<TrainingSpec> recall(String form) {
        return students.current().flatMap(session -> sessions.recall(session.id(), form)).flatMap(FormMemory::parse);
    }

    /** A kept value that no longer makes a valid spec (limits changed since) is forgotten, not shown. */
    private static Optional<TrainingSpec> parse(String text) {
        try {
            return Optional.of(StoredJson.MAPPER.readValue(text, TrainingSpec.class));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
