package com.cifarlab.runs.api;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The instructor's overview; security lets only the instructor (HTTP Basic) in. */
@RestController
@RequestMapping("/api/instructor")
class InstructorController {

    private final RunService runs;

    InstructorController(RunService runs) {
        this.runs = runs;
    }

    @GetMapping("/runs")
    List<RunSummary> runs() {
        return runs.list(Caller.instructor()).stream().map(RunSummary::of).toList();
    }

    /** Run folders whose record could not be read at start; their files are kept. */
    @GetMapping("/damaged-runs")
    List<DamagedRunResponse> damagedRuns() {
        return runs.damagedRuns(Caller.instructor()).stream()
                .map(run -> new DamagedRunResponse(run.folder(), run.reason(), run.modelBytes())).toList();
    }

    /** A run folder whose record cannot be read: its name, why, and its model's size (-1 without one). */
    record DamagedRunResponse(String folder, String reason, long modelBytes) {
    }
}
