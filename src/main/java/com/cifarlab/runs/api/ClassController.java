package com.cifarlab.runs.api;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.model.Architecture;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.LabPreparation;
import com.cifarlab.runs.RunService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The class settings as a client needs them to fill a form (students and instructor), and the
 * instructor's "Prepare the lab".
 */
@RestController
class ClassController {

    /** The answer's form, apart from the stored one: a client sees sizes per step and the caps. */
    record RunSizeDto(int epochs, int trainSize) {
        static RunSizeDto of(RunSize size) {
            return new RunSizeDto(size.epochs(), size.trainSize());
        }
    }

    record DefaultsDto(RunSizeDto losses, RunSizeDto training, RunSizeDto optimizers) {
    }

    record ClassSettingsDto(DefaultsDto defaults, int maxEpochs, int maxTrainImages, List<Architecture> models,
                            int maxRunning, int maxWaiting) {
        static ClassSettingsDto of(ClassSettings settings) {
            return new ClassSettingsDto(new DefaultsDto(RunSizeDto.of(settings.losses()),
                    RunSizeDto.of(settings.training()), RunSizeDto.of(settings.optimizers())),
                    settings.maxEpochs(), settings.maxTrainImages(), settings.models().stream().sorted().toList(),
                    settings.maxRunning(), settings.maxWaiting());
        }
    }

    private final ClassSettingsService settings;
    private final LabPreparation preparation;

    ClassController(ClassSettingsService settings, LabPreparation preparation) {
        this.settings = settings;
        this.preparation = preparation;
    }

    @GetMapping("/api/class")
    ClassSettingsDto classSettings() {
        return ClassSettingsDto.of(settings.current());
    }

    @PostMapping("/api/instructor/prepare")
    PreparedResponse prepare() {
        RunService.Prepared prepared = preparation.prepare(Caller.instructor());
        return new PreparedResponse(prepared.started(), prepared.distinct());
    }

    /** What preparing the lab did: {@code started} new computations of the {@code distinct} standard runs. */
    record PreparedResponse(int started, int distinct) {
    }
}
