package com.cifarlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    @Test
    void aJvmStartedWithoutAHeapLimitIsStartedAgainWithTheDefaultOneAndRoomForNd4j() {
        assertThat(NativeEnvironment.heapChosen(List.of("-Dfile.encoding=UTF-8"), null)).isFalse();
        assertThat(NativeEnvironment.withHeap("/usr/bin/java", List.of("-jar", "cifar-lab.jar", "bench"), false))
                .containsExactly("/usr/bin/java", "-Xmx1g", "-Dorg.bytedeco.javacpp.maxBytes=4g", "-jar",
                        "cifar-lab.jar", "bench");
    }

    @Test
    void aHeapSomeoneChoseOnTheCommandLineOrInJavaToolOptionsIsKept() {
        assertThat(NativeEnvironment.heapChosen(List.of("-Xmx3g"), null)).isTrue();
        assertThat(NativeEnvironment.heapChosen(List.of("-XX:MaxRAMPercentage=50"), null)).isTrue();
        assertThat(NativeEnvironment.heapChosen(List.of(), " -Xms512m -Xmx2g ")).isTrue();
        assertThat(NativeEnvironment.withHeap("/usr/bin/java", List.of("-Xmx3g", "-jar", "cifar-lab.jar"), true))
                .containsExactly("/usr/bin/java", "-Xmx3g", "-jar", "cifar-lab.jar");
    }

    @Test
    void aRestartResolvesTheVectorApiUnlessThisJvmAlreadyHasIt() {
        List<String> command = List.of("/usr/bin/java", "-Xmx1g", "-jar", "cifar-lab.jar");
        assertThat(NativeEnvironment.withVectorApi(command, false))
                .containsExactly("/usr/bin/java", "--add-modules=jdk.incubator.vector", "-Xmx1g", "-jar", "cifar-lab.jar");
        assertThat(NativeEnvironment.withVectorApi(command, true)).isEqualTo(command);
    }

    @Test
    void aRestartAsksGlibcForHugePagesUnlessItsTunablesWereChosen() {
        assertThat(NativeEnvironment.alongside(Map.of("OMP_NUM_THREADS", "1")))
                .containsExactly(Map.entry("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"));
        assertThat(NativeEnvironment.alongside(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=1"))).isEmpty();
    }
}
