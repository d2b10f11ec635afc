package io.pagewise.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The store's local scratch directory ({@code <storage dir>/tmp}): uploads in progress, PDFs downloaded for
 * rendering, documents moved aside before deletion. On the storage volume, so moves out of it stay atomic.
 */
final class TempArea {

	private final Path dir;

	TempArea(StorageProperties properties) {
		this.dir = properties.dir().resolve("tmp").toAbsolutePath().normalize();
	}

	/** A new, empty file here. */
	Path newFile(String prefix, String suffix) {
		try {
			return Files.createTempFile(existing(), prefix, suffix);
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	/** A path here that does not exist yet (for a download or a move). */
	Path newPath(String name) {
		return existing().resolve(name);
	}

	/**
	 * Removes what was left here before {@code before}: uploads and downloads a crash interrupted, documents moved
	 * aside for deletion. Returns how many entries were removed.
	 */
	int sweep(Instant before) {
		if (!Files.isDirectory(this.dir)) {
			return 0;
		}
		int removed = 0;
		try (Stream<Path> entries = Files.list(this.dir)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				if (olderThan(entry, before) && deleteRecursively(entry)) {
					removed++;
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// Best effort: what is left is swept next time.
		}
		return removed;
	}

	static boolean olderThan(Path path, Instant before) {
		try {
			return Files.getLastModifiedTime(path).toInstant().isBefore(before);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean deleteRecursively(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
				Files.deleteIfExists(path);
			}
			return true;
		}
		catch (IOException | UncheckedIOException ex) {
			return false;
		}
	}

	private Path existing() {
		try {
			return Files.createDirectories(this.dir);
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

}
