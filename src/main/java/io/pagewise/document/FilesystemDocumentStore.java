package io.pagewise.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Content-addressed filesystem store: {@code documents/ab/<id>/document.pdf}, {@code pages/<n>.jpg} and a
 * {@code manifest.json} written last. Every file is written to a temporary name, forced to disk and moved
 * into place atomically, so a crash leaves either the whole file or none of it; a document without a
 * manifest has unrendered pages, which the next access repairs.
 */
class FilesystemDocumentStore implements DocumentStore {

	private static final String PDF = "document.pdf";

	private static final String MANIFEST = "manifest.json";

	private final Path documents;

	private final TempArea tmp;

	private final JsonMapper json;

	FilesystemDocumentStore(StorageProperties properties, JsonMapper json) {
		this.documents = properties.dir().resolve("documents").toAbsolutePath().normalize();
		this.tmp = new TempArea(properties);
		this.json = json;
	}

	/** A fresh file in the store's temporary area, on the same filesystem so moves stay atomic. */
	@Override
	public Path newTempFile() {
		return this.tmp.newFile("upload-", ".part");
	}

	@Override
	public boolean hasPdf(DocumentId id) {
		return Files.isRegularFile(pdf(id));
	}

	Path pdf(DocumentId id) {
		return dir(id).resolve(PDF);
	}

	/** Forces a fully written temporary file to disk and moves it into place as the document's PDF. */
	@Override
	public void adoptPdf(DocumentId id, Path written) {
		try {
			force(written);
			Files.createDirectories(dir(id).resolve("pages"));
			moveAtomically(written, pdf(id));
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	@Override
	public Optional<LocalPdf> openPdf(DocumentId id) {
		try {
			Path pdf = pdf(id);
			return Optional.of(new LocalPdf(pdf, Files.size(pdf), false));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	@Override
	public void writePage(DocumentId id, int page, byte[] jpeg) {
		writeAtomically(pagePath(id, page), jpeg);
	}

	@Override
	public Optional<byte[]> page(DocumentId id, int page) {
		try {
			return Optional.of(Files.readAllBytes(pagePath(id, page)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	private Path pagePath(DocumentId id, int page) {
		return dir(id).resolve("pages").resolve(page + ".jpg");
	}

	@Override
	public void writeDerived(DocumentId id, String name, byte[] content) {
		writeAtomically(derivedPath(id, name), content);
	}

	@Override
	public Optional<byte[]> derived(DocumentId id, String name) {
		try {
			return Optional.of(Files.readAllBytes(derivedPath(id, name)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	private Path derivedPath(DocumentId id, String name) {
		if (!DERIVED_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a derived file name: " + name);
		}
		return dir(id).resolve("derived").resolve(name);
	}

	@Override
	public Optional<Manifest> manifest(DocumentId id) {
		try {
			return Optional.of(this.json.readValue(Files.readAllBytes(dir(id).resolve(MANIFEST)), Manifest.class));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
		catch (JacksonException ex) {
			// A manifest is only ever moved into place whole; an unreadable one is treated as absent and rebuilt.
			return Optional.empty();
		}
	}

	@Override
	public void writeManifest(DocumentId id, Manifest manifest) {
		writeAtomically(dir(id).resolve(MANIFEST), this.json.writeValueAsBytes(manifest));
	}

	/** Removes the document; moving it aside first means readers see all of it or none of it. */
	@Override
	public boolean delete(DocumentId id) {
		Path dir = dir(id);
		Path trash = this.tmp.newPath("deleted-" + id.value() + "-" + UUID.randomUUID());
		try {
			Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
		deleteRecursively(trash);
		return true;
	}

	private Path dir(DocumentId id) {
		return this.documents.resolve(id.value().substring(0, 2)).resolve(id.value());
	}

	private void writeAtomically(Path target, byte[] content) {
		try {
			Files.createDirectories(target.getParent());
			Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
			try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				channel.write(java.nio.ByteBuffer.wrap(content));
				channel.force(true);
			}
			moveAtomically(part, target);
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	private static void force(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
	}

	private static void moveAtomically(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("The storage directory must support atomic moves", ex);
		}
	}

	private static void deleteRecursively(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
			for (Path path : deepestFirst) {
				Files.deleteIfExists(path);
			}
		}
		catch (DirectoryNotEmptyException | FileAlreadyExistsException ex) {
			// A writer raced the delete into the moved-aside directory; it is unreachable either way.
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
