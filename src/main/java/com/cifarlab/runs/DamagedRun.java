package com.cifarlab.runs;

/**
 * A folder in the runs folder whose record cannot be read: shown to the instructor instead of
 * vanishing, with whatever model file it still holds.
 *
 * @param folder     the folder's name (the run's id, normally)
 * @param reason     why its record cannot be used, for a person
 * @param modelBytes the size of its model file, or -1 when it has none
 */
public record DamagedRun(String folder, String reason, long modelBytes) {

    public boolean hasModel() {
        return modelBytes >= 0;
    }
}
