package dev.arcanum.secrets.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner can read. On POSIX file systems the permissions are given to {@code
 * open(2)} / {@code mkdir(2)} at creation, so a file is never readable by others, not even between
 * its creation and a later {@code chmod}. Elsewhere (Windows) files inherit the ACL of their
 * directory, which under {@code %APPDATA%} is the user's own.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    static boolean posix() {
        return POSIX;
    }

    /** Creates the directory and any missing parents, each owner-only. Existing ones are left alone. */
    static void createDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Opens a file for writing with owner-only permissions if it has to be created.
     *
     * @param createNew true to fail if the file exists
     */
    static FileChannel openForWriting(Path file, boolean createNew) throws IOException {
        Set<OpenOption> options =
                Set.of(StandardOpenOption.WRITE, createNew ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        if (POSIX) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
            return FileChannel.open(file, options, attr);
        }
        return FileChannel.open(file, options);
    }

    /**
     * Makes a rename or a new link in the directory durable. Best effort: Windows cannot open a
     * directory, and there the rename is already journaled by NTFS.
     */
    static void fsyncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform; see the method comment.
        }
    }

    /**
     * @return true if others than the owner may read or write the file (POSIX only)
     */
    static boolean readableByOthers(Path file) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ)
                || p.contains(PosixFilePermission.OTHERS_READ)
                || p.contains(PosixFilePermission.GROUP_WRITE)
                || p.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
