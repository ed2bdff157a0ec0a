package com.cifarlab.runs;

import com.cifarlab.events.Broadcaster;

/**
 * The run events' {@link Broadcaster}: a run's newer progress replaces its older progress still
 * waiting for a listener, and progress is what a listener that falls behind loses first.
 */
final class RunEventBus {

    private RunEventBus() {
    }

    static Broadcaster<RunEvent> create() {
        return new Broadcaster<>("run", new Broadcaster.Coalescing<>() {
            @Override
            public boolean supersedes(RunEvent newer, RunEvent older) {
                return newer instanceof RunEvent.Progress progress && older instanceof RunEvent.Progress waiting
                        && waiting.runId().equals(progress.runId());
            }

            @Override
            public boolean droppable(RunEvent event) {
                return event instanceof RunEvent.Progress;
            }
        });
    }
}
