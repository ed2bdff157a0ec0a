package com.cifarlab.testdata;

import com.cifarlab.NativeBinaries;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Tests bypass {@code main}, so the ND4J binary for this CPU is chosen here, before any test runs. */
public class NativeBinariesForTests implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBinaries.selectForThisCpu();
    }
}
