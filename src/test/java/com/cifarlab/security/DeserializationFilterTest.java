package com.cifarlab.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.cifarlab.testdata.HostileContent;
import java.io.ByteArrayInputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeserializationFilterTest {

    @BeforeAll
    static void install() {
        DeserializationFilter.install();
    }

    @Test
    void theJvmWideFilterIsInstalledOnceAndStays() {
        DeserializationFilter.install();

        assertThat(DeserializationFilter.current()).hasToString(DeserializationFilter.PATTERN);
    }

    @Test
    void anyJavaSerializedObjectIsRefusedBeforeItIsBuilt() {
        byte[] date = HostileContent.serialized(new Date());

        assertThatThrownBy(() -> read(date)).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
    }

    @Test
    void theNestedHashSetBombIsRefusedInWellUnderASecond() {
        byte[] bomb = HostileContent.nestedHashSets(30);

        assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThatThrownBy(() -> read(bomb)).isInstanceOf(InvalidClassException.class));
    }

    private static Object read(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
