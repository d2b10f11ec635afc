package io.pagewise.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
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

	private static final String PART = ".part";

	private final Path documents;

	private final TempArea tmp;

	private final JsonMapper json;

	FilesystemDocumentStore(StorageProperties properties, JsonMapper json) {
		this.documents = properties.dir().resolve("documents").toAbsolutePath().normalize();
		this.tmp = new TempArea(properties);
		this.json = json;
	}

	/**
	 * Reading a file's attributes reports "no such file" also when the path runs through a regular file (ENOTDIR),
	 * e.g. a storage directory configured under a file: then the storage is unusable, not the document absent.
	 */
	private void requireUsableRoot() {
		Path existing = this.documents;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing != null && !Files.isDirectory(existing)) {
			throw StorageException.of(new NotDirectoryException(existing.toString()));
		}
	}

	/** A fresh file in the store's temporary area, on the same filesystem so moves stay atomic. */
	@Override
	public Path newTempFile() {
		return this.tmp.newFile("upload-", ".part");
	}

	@Override
	public boolean hasPdf(DocumentId id) {
		// Not Files.isRegularFile: it answers false for storage that cannot be read at all (a data directory under a
		// regular file, no permission), which would turn "storage unavailable" into "no such document".
		try {
			return Files.readAttributes(pdf(id), BasicFileAttributes.class).isRegularFile();
		}
		catch (NoSuchFileException ex) {
			requireUsableRoot();
			return false;
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
	}

	/**
	 * The PDF file's identity: its file key (device and inode) and modification time, new for every upload. Replicas
	 * sharing a volume (ReadWriteMany) lock nothing across each other, so as on S3 a manifest counts only for the
	 * upload it was rendered from.
	 */
	@Override
	public Optional<String> generation(DocumentId id) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(pdf(id), BasicFileAttributes.class);
			return Optional.of(attributes.fileKey() + "@" + attributes.lastModifiedTime().toMillis());
		}
		catch (NoSuchFileException ex) {
			requireUsableRoot();
			return Optional.empty();
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
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
	public java.util.SortedSet<Integer> storedPages(DocumentId id) {
		java.util.SortedSet<Integer> numbers = new java.util.TreeSet<>();
		try (Stream<Path> files = Files.list(dir(id).resolve("pages"))) {
			files.forEach((file) -> PageFiles.number(file.getFileName().toString()).ifPresent(numbers::add));
		}
		catch (NoSuchFileException ex) {
			// No page yet.
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
		return numbers;
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

	/**
	 * The manifest of the PDF stored now: one written late into a deleted document's directory (by a render on
	 * another replica sharing the volume) is not a document. A manifest from before generations is taken as the
	 * stored PDF's.
	 */
	@Override
	public boolean writeDerived(DocumentId id, String name, byte[] content) {
		Path target = derivedPath(id, name);
		if (!hasPdf(id)) {
			return false;
		}
		writeAtomically(target, content);
		if (hasPdf(id)) {
			return true;
		}
		// Deleted meanwhile by a replica sharing the volume.
		deleteQuietly(target);
		return false;
	}

	@Override
	public Optional<byte[]> derived(DocumentId id, String name) {
		Path file = derivedPath(id, name);
		if (!hasPdf(id)) {
			return Optional.empty();
		}
		try {
			return Optional.of(Files.readAllBytes(file));
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
		Optional<String> generation = generation(id);
		if (generation.isEmpty()) {
			return Optional.empty();
		}
		return storedManifest(id).filter((manifest) -> manifest.generation().isEmpty()
				|| manifest.generation().equals(generation.get()));
	}

	private Optional<Manifest> storedManifest(DocumentId id) {
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

	/** Like the S3 store's: only while the manifest's generation is stored, checked again once it is written. */
	@Override
	public boolean writeManifest(DocumentId id, Manifest manifest) {
		if (!isGeneration(id, manifest.generation())) {
			return false;
		}
		Path target = dir(id).resolve(MANIFEST);
		writeAtomically(target, this.json.writeValueAsBytes(manifest));
		if (isGeneration(id, manifest.generation())) {
			return true;
		}
		if (!hasPdf(id)) {
			deleteQuietly(target);
		}
		return false;
	}

	private boolean isGeneration(DocumentId id, String generation) {
		return generation(id).filter(generation::equals).isPresent();
	}

	@Override
	public void deletePages(DocumentId id, java.util.Collection<Integer> pages) {
		for (int page : pages) {
			deleteQuietly(pagePath(id, page));
		}
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
		Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + PART);
		boolean moved = false;
		try {
			Files.createDirectories(target.getParent());
			try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				channel.write(java.nio.ByteBuffer.wrap(content));
				channel.force(true);
			}
			moveAtomically(part, target);
			moved = true;
		}
		catch (IOException ex) {
			throw StorageException.of(ex);
		}
		finally {
			if (!moved) {
				// Full disk, crash of the write, an interrupt: a failed write leaves nothing behind.
				deleteQuietly(part);
			}
		}
	}

	/**
	 * Removes what writes interrupted by a crash left: {@code .part} files in the documents and the scratch area's
	 * leftovers, when older than {@code age} (so that a write in progress on another replica sharing the volume
	 * is never touched). Returns how many were removed.
	 */
	@Override
	public int sweepStale(Duration age) {
		Instant before = Instant.now().minus(age);
		int removed = this.tmp.sweep(before);
		if (!Files.isDirectory(this.documents)) {
			return removed;
		}
		try (Stream<Path> files = Files.walk(this.documents)) {
			for (Path file : (Iterable<Path>) files.filter((path) -> path.getFileName().toString().endsWith(PART))::iterator) {
				if (TempArea.olderThan(file, before) && Files.deleteIfExists(file)) {
					removed++;
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// Best effort: what is left is swept next time.
		}
		return removed;
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
