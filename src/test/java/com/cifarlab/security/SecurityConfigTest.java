package com.cifarlab.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.config.CifarLabProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.util.unit.DataSize;

@ExtendWith(OutputCaptureExtension.class)
class SecurityConfigTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @TempDir
    Path runsDir;

    private CifarLabProperties withPassword(String password) {
        Path dir = runsDir;
        return new CifarLabProperties(dir, dir, "http://localhost/none", 1, 1, 3, Duration.ofHours(2), 50_000_000L,
                DataSize.ofMegabytes(1), true, password);
    }

    private static InMemoryUserDetailsManager accounts(CifarLabProperties properties) {
        return new SecurityConfig().instructorAccounts(properties, ENCODER);
    }

    @Test
    void aPasswordChangedOnTheInstructorPageIsKeptAsAHashAndWinsOverTheSettingAfterARestart() {
        CifarLabProperties configured = withPassword("the-configured-one");
        InstructorAccount account = new InstructorAccount(accounts(configured), ENCODER, configured);

        assertThatThrownBy(() -> account.changePassword("wrong", "a-new-password-1", "a-new-password-1"))
                .hasMessage("The current password is not right.");
        assertThatThrownBy(() -> account.changePassword("the-configured-one", "short", "short"))
                .hasMessage("Choose a new password of 12 to 128 characters.");
        assertThatThrownBy(() -> account.changePassword("the-configured-one", "a-new-password-1", "a-new-password-2"))
                .hasMessage("The two new passwords differ; type the same one twice.");

        assertThat(account.changePassword("the-configured-one", "a-new-password-1", "a-new-password-1")).isTrue();

        UserDetails afterRestart = accounts(configured).loadUserByUsername("instructor");
        assertThat(ENCODER.matches("a-new-password-1", afterRestart.getPassword())).isTrue();
        assertThat(ENCODER.matches("the-configured-one", afterRestart.getPassword())).isFalse();
    }

    @Test
    void theConfiguredPasswordIsTheInstructorsAndIsNeverLogged(CapturedOutput output) {
        UserDetails instructor = accounts(withPassword("s3cret-for-class"))
                .loadUserByUsername("instructor");

        assertThat(ENCODER.matches("s3cret-for-class", instructor.getPassword())).isTrue();
        assertThat(instructor.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_INSTRUCTOR");
        assertThat(output.getAll()).doesNotContain("s3cret-for-class");
    }

    @Test
    void withoutAPasswordOneIsGeneratedLoggedOnceAndKeptAsAHashAcrossARestart(CapturedOutput output) throws Exception {
        UserDetails first = accounts(withPassword(" ")).loadUserByUsername("instructor");

        Matcher logged = Pattern.compile("it stays the same across restarts \\(only its hash is kept, in \\S+\\): (\\S+)")
                .matcher(output.getAll());
        assertThat(logged.find()).isTrue();
        String password = logged.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(ENCODER.matches(password, first.getPassword())).isTrue();
        Path kept = runsDir.resolve(InstructorPassword.FILE);
        assertThat(Files.readString(kept)).doesNotContain(password).startsWith("{bcrypt}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");

        UserDetails afterRestart = accounts(withPassword(null))
                .loadUserByUsername("instructor");

        assertThat(ENCODER.matches(password, afterRestart.getPassword())).as("the same password after a restart").isTrue();
        assertThat(logged.find()).as("logged a second time").isFalse();
    }

    @Test
    void whenTheHashCannotBeKeptTheGeneratedPasswordIsSaidToLastUntilTheServerStops(CapturedOutput output)
            throws Exception {
        Path file = Files.writeString(runsDir.resolve("a-file"), "x");
        CifarLabProperties unwritable = new CifarLabProperties(file, file.resolve("runs"), "http://localhost/none", 1, 1,
                3, Duration.ofHours(2), 50_000_000L, DataSize.ofMegabytes(1), true, null);

        UserDetails instructor = accounts(unwritable).loadUserByUsername("instructor");

        Matcher logged = Pattern.compile("generated password, valid until the server stops: (\\S+)").matcher(output.getAll());
        assertThat(logged.find()).isTrue();
        assertThat(ENCODER.matches(logged.group(1), instructor.getPassword())).isTrue();
    }
}
