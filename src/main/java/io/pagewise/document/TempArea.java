package io.pagewise.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

	private Path existing() {
		try {
			return Files.createDirectories(this.dir);
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

}
