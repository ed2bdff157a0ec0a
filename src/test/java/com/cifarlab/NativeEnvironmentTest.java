package com.cifarlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

    @Test
    void anEmptyEnvironmentGetsAPassiveWaitPolicyAndOneThreadPerRun() {
        Map<String, String> missing = NativeEnvironment.missing(Map.of());

        assertThat(missing).containsExactly(Map.entry("OMP_WAIT_POLICY", "PASSIVE"), Map.entry("OMP_NUM_THREADS", "1"));
        assertThat(NativeEnvironment.describe(missing)).isEqualTo("OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1");
    }

    @Test
    void aThreadCountSomeoneChoseStaysButASpinningWaitPolicyIsReplaced() {
        assertThat(NativeEnvironment.missing(Map.of("OMP_WAIT_POLICY", "passive", "OMP_NUM_THREADS", "2"))).isEmpty();
        assertThat(NativeEnvironment.missing(Map.of("OMP_WAIT_POLICY", "ACTIVE", "OMP_NUM_THREADS", "2")))
                .containsExactly(Map.entry("OMP_WAIT_POLICY", "PASSIVE"));
        assertThat(NativeEnvironment.missing(Map.of("OMP_WAIT_POLICY", "PASSIVE")))
                .containsExactly(Map.entry("OMP_NUM_THREADS", "1"));
    }
}
