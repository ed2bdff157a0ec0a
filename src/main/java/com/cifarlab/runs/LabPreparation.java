package com.cifarlab.runs;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.training.StandardRuns;
import com.cifarlab.training.TrainingSpec;
import java.util.List;

/**
 * "Prepare the lab": the instructor queues the standard runs of Steps 4, 5 and 7 at the class
 * settings before the students arrive. They train under the instructor's preparation seat, and the
 * students' identical runs then join them or are ready at once.
 */
public class LabPreparation {

    private final RunService runs;
    private final LabSessionService sessions;
    private final ClassSettingsService settings;

    public LabPreparation(RunService runs, LabSessionService sessions, ClassSettingsService settings) {
        this.runs = runs;
        this.sessions = sessions;
        this.settings = settings;
    }

    /** The runs a student launches on the standard path with the forms as they open now. */
    public List<TrainingSpec> standardRuns() {
        ClassSettings now = settings.current();
        TrainingSpec lab = TrainingSpec.labDefaults();
        return StandardRuns.of(now.losses().applyTo(lab), now.training().applyTo(lab), now.optimizers().applyTo(lab))
                .stream().flatMap(step -> step.runs().stream()).toList();
    }

    /** @see RunService#prepare */
    public RunService.Prepared prepare(Caller caller) {
        // Checked before the seat is made or woken, not only by the run service after.
        if (!(caller instanceof Caller.Instructor)) {
            throw new IllegalArgumentException("only the instructor prepares the lab");
        }
        return runs.prepare(caller, sessions.preparationSeat().id(), standardRuns());
    }
}
