package com.cifarlab.sessions;

import com.cifarlab.storage.AtomicFiles;
import com.cifarlab.storage.StoredJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab sessions on disk, one file each: {@code <runsDir>/.sessions/<id>.json}, in a versioned
 * format of its own ({@link SessionFile}), written atomically. Secrets appear only as hashes.
 */
final class SessionStore {

    static final String FOLDER = ".sessions";

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Format 1 of a session file; {@code forms} may be absent. */
    record SessionFile(int format, String id, String name, Instant joinedAt, Instant lastSeenAt, Instant endedAt,
                       String resumeCodeHash, List<CredentialFile> credentials, Map<String, String> forms) {
    }

    record CredentialFile(String hash, String kind, Instant createdAt, Instant lastUsedAt) {
    }

    static final int FORMAT = 1;

    private final Path folder;

    SessionStore(Path runsDir) {
        this.folder = runsDir.resolve(FOLDER);
    }

    /** Every readable session; an unreadable file is logged and left on disk for a person to look at. */
    List<Seat> load() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Seat> seats = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                try {
                    seats.add(fromFile(StoredJson.MAPPER.readValue(file.toFile(), SessionFile.class)));
                } catch (IOException | RuntimeException e) {
                    log.warn("The lab-session file {} cannot be read and is skipped: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The lab-session folder " + folder + " cannot be read", e);
        }
        return seats;
    }

    void save(Seat seat) {
        try {
            AtomicFiles.write(file(seat.id()), temp -> StoredJson.MAPPER.writeValue(temp.toFile(), toFile(seat)));
        } catch (IOException e) {
            throw new UncheckedIOException("The lab session " + seat.id() + " cannot be written", e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("The lab session " + id + " cannot be deleted", e);
        }
    }

    private Path file(String id) {
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a session id: " + id);
        }
        return folder.resolve(id + ".json");
    }

    static SessionFile toFile(Seat seat) {
        LabSession s = seat.session();
        return new SessionFile(FORMAT, s.id(), s.name(), s.joinedAt(), s.lastSeenAt(), s.endedAt(),
                seat.resumeCodeHash(), seat.credentials().stream()
                .map(c -> new CredentialFile(c.hash(), c.kind().name(), c.createdAt(), c.lastUsedAt()))
                .toList(), seat.forms());
    }

    private static Seat fromFile(SessionFile file) {
        if (file.format() != FORMAT) {
            throw new IllegalArgumentException("format " + file.format() + " is not one this server reads");
        }
        if (!SAFE_ID.matcher(String.valueOf(file.id())).matches()) {
            throw new IllegalArgumentException("its id is not a session id");
        }
        LabSession session = new LabSession(file.id(), StudentNames.normalise(file.name()), file.joinedAt(),
                file.lastSeenAt(), file.endedAt());
        List<Credential> credentials = file.credentials() == null ? List.of() : file.credentials().stream()
                .map(c -> new Credential(c.hash(), Credential.Kind.valueOf(c.kind()), c.createdAt(), c.lastUsedAt()))
                .toList();
        return new Seat(session, file.resumeCodeHash(), credentials, file.forms());
    }
}
