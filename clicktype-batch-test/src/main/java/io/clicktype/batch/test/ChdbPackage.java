package io.clicktype.batch.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pinned chDB platform package that carries ClickHouse {@value #ENGINE_VERSION} as a library
 * ({@code libchdb.so}, ~566 MB), fetched once with {@code npm pack} into a cache directory outside the
 * repository and checked against the pinned sha512 before it is unpacked.
 *
 * <p>Cache: {@code $CLICKTYPE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/clicktype-batch}, else
 * {@code ~/.cache/clicktype-batch}; the library lands in {@code chdb/<version>/libchdb.so} beside a
 * {@code libchdb.so.verified} marker naming the verified tarball and the library's size. A cached library
 * whose size no longer matches is fetched again. Concurrent JVMs serialise on a file lock, so only one
 * downloads. Only the npm client is used (it knows the registry); nothing is downloaded by URL.
 */
final class ChdbPackage {

    /** npm package name of chDB's Linux x86_64 glibc build. */
    static final String PACKAGE = "@chdb/lib-linux-x64-gnu";
    /** Pinned package version. */
    static final String PACKAGE_VERSION = "26.7.3-stable.1";
    /** {@code SELECT version()} of the engine inside it. */
    static final String ENGINE_VERSION = "26.7.2.1";
    /** npm's {@code dist.integrity} of the pinned tarball ({@code npm view PACKAGE@VERSION dist.integrity}). */
    static final String INTEGRITY = "sha512-XP97mMqnc5tZpKQywR8N7cLTsHNiTmHr30pC5mzo3jWmukjKn2IBa60c2B/gWUNcuFjOMjWoorQICCqBVj5wpw==";

    private static final Logger LOG = LoggerFactory.getLogger(ChdbPackage.class);
    private static final String LIBRARY = "libchdb.so";

    private final Path directory;

    ChdbPackage(Path directory) {
        this.directory = directory;
    }

    /** The package in the standard cache directory. */
    static ChdbPackage standard() {
        return new ChdbPackage(cacheRoot().resolve("chdb").resolve(PACKAGE_VERSION));
    }

    /** Whether this platform can load the library at all (Linux, x86_64). */
    static boolean platformSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /**
     * The verified library, fetched and unpacked first when it is not cached yet.
     *
     * @throws IllegalStateException when the platform is not Linux x86_64, npm is missing, the download
     *                               fails or the tarball does not match {@link #INTEGRITY}
     */
    Path library() {
        if (!platformSupported()) {
            throw new IllegalStateException("the chDB route (ClickHouse " + ENGINE_VERSION + ") needs Linux x86_64 "
                    + "with glibc; on this machine use CLICKHOUSE_URL or Docker for a current server");
        }
        try {
            Files.createDirectories(directory);
            try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                Path library = directory.resolve(LIBRARY);
                if (!isVerified(library)) {
                    fetch(library);
                }
                return library;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + PACKAGE + "@" + PACKAGE_VERSION + " in " + directory, e);
        }
    }

    private boolean isVerified(Path library) throws IOException {
        Path marker = marker(library);
        if (!Files.isRegularFile(library) || !Files.isRegularFile(marker)) {
            return false;
        }
        List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        return lines.size() >= 2 && lines.get(0).equals(INTEGRITY)
                && lines.get(1).equals(Long.toString(Files.size(library)));
    }

    private void fetch(Path library) throws IOException {
        if (LocalClickHouseServer.onPath("npm") == null) {
            throw new IllegalStateException("the chDB route (ClickHouse " + ENGINE_VERSION + ") fetches " + PACKAGE + "@"
                    + PACKAGE_VERSION + " with npm, which is not on PATH; install Node.js and npm "
                    + "(apt-get install -y npm), or use CLICKHOUSE_URL for a current server");
        }
        Path work = Files.createTempDirectory(directory, "fetch-");
        try {
            long started = System.nanoTime();
            LOG.info("Fetching {}@{} (ClickHouse {}, ~178 MB) into {}", PACKAGE, PACKAGE_VERSION, ENGINE_VERSION,
                    directory);
            run(work, "npm", "pack", PACKAGE + "@" + PACKAGE_VERSION, "--pack-destination", work.toString(),
                    "--silent");
            Path tarball;
            try (var files = Files.list(work)) {
                tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("npm pack wrote no tarball into " + work));
            }
            String integrity = integrityOf(tarball);
            if (!integrity.equals(INTEGRITY)) {
                throw new IllegalStateException("refusing " + tarball.getFileName() + ": its integrity is " + integrity
                        + " but " + INTEGRITY + " is pinned in ChdbPackage.INTEGRITY");
            }
            run(work, "tar", "-xzf", tarball.toString(), "-C", work.toString(), "package/" + LIBRARY);
            Path unpacked = work.resolve("package").resolve(LIBRARY);
            Files.move(unpacked, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(marker(library), INTEGRITY + "\n" + Files.size(library) + "\n", StandardCharsets.UTF_8);
            LOG.info("Verified and unpacked {} ({} MB) in {} s", library, Files.size(library) >> 20,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    /** npm's integrity string of a file: {@code sha512-} and the base64 digest. */
    static String integrityOf(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-512", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha512-" + Base64.getEncoder().encodeToString(digest.digest());
    }

    private static Path marker(Path library) {
        return library.resolveSibling(LIBRARY + ".verified");
    }

    private static void run(Path directory, String... command) throws IOException {
        Path output = directory.resolve("command.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(output, StandardCharsets.UTF_8).trim());
        }
    }

    private static Path cacheRoot() {
        String explicit = System.getenv("CLICKTYPE_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "clicktype-batch");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "clicktype-batch");
    }
}
