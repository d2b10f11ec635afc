package io.pagewise.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that fills up, for root and in a container: the default filesystem seen through the {@code smalldisk:}
 * scheme, with only {@code ?free=<bytes>} bytes to write before every write fails with the operating system's
 * own words, "No space left on device" (ENOSPC). Root ignores file modes and CI cannot mount a tiny tmpfs; this
 * works anywhere. Spring binds {@code pagewise.storage.dir=smalldisk:/some/dir?free=4096} to such a path.
 * <p>
 * Writes through {@code FileChannel}s are not counted (the store only forces and renames with those once the
 * upload's bytes are written).
 */
public final class SmallDiskProvider extends FileSystemProvider {

	static final String SCHEME = "smalldisk";

	private final AtomicLong free = new AtomicLong(Long.MAX_VALUE);

	private final SmallDiskFileSystem fileSystem = new SmallDiskFileSystem(this);

	@Override
	public String getScheme() {
		return SCHEME;
	}

	@Override
	public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
		throw new FileSystemAlreadyExistsException(SCHEME);
	}

	@Override
	public FileSystem getFileSystem(URI uri) {
		return this.fileSystem;
	}

	/** {@code smalldisk:/absolute/path?free=<bytes>}; the free space is set anew by each such lookup. */
	@Override
	public Path getPath(URI uri) {
		String query = (uri.getRawQuery() != null) ? uri.getRawQuery() : "";
		if (query.startsWith("free=")) {
			this.free.set(Long.parseLong(query.substring(5)));
		}
		return this.fileSystem.wrap(Path.of(URI.create("file://" + uri.getRawPath())));
	}

	@Override
	public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
			throws IOException {
		SeekableByteChannel channel = defaults().newByteChannel(unwrap(path), options, attrs);
		boolean writing = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
		return writing ? new MeteredChannel(channel, path.toString()) : channel;
	}

	@Override
	public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
			throws IOException {
		return defaults().newFileChannel(unwrap(path), options, attrs);
	}

	@Override
	public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
			throws IOException {
		DirectoryStream<Path> entries = defaults()
			.newDirectoryStream(unwrap(dir), (entry) -> filter.accept(this.fileSystem.wrap(entry)));
		return new DirectoryStream<>() {

			@Override
			public Iterator<Path> iterator() {
				Iterator<Path> iterator = entries.iterator();
				return new Iterator<>() {

					@Override
					public boolean hasNext() {
						return iterator.hasNext();
					}

					@Override
					public Path next() {
						return SmallDiskProvider.this.fileSystem.wrap(iterator.next());
					}

				};
			}

			@Override
			public void close() throws IOException {
				entries.close();
			}

		};
	}

	@Override
	public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
		defaults().createDirectory(unwrap(dir), attrs);
	}

	@Override
	public void delete(Path path) throws IOException {
		defaults().delete(unwrap(path));
	}

	@Override
	public void copy(Path source, Path target, CopyOption... options) throws IOException {
		defaults().copy(unwrap(source), unwrap(target), options);
	}

	@Override
	public void move(Path source, Path target, CopyOption... options) throws IOException {
		defaults().move(unwrap(source), unwrap(target), options);
	}

	@Override
	public boolean isSameFile(Path path, Path other) throws IOException {
		return defaults().isSameFile(unwrap(path), unwrap(other));
	}

	@Override
	public boolean isHidden(Path path) throws IOException {
		return defaults().isHidden(unwrap(path));
	}

	@Override
	public FileStore getFileStore(Path path) throws IOException {
		return defaults().getFileStore(unwrap(path));
	}

	@Override
	public void checkAccess(Path path, AccessMode... modes) throws IOException {
		defaults().checkAccess(unwrap(path), modes);
	}

	@Override
	public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
		return defaults().getFileAttributeView(unwrap(path), type, options);
	}

	@Override
	public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
			throws IOException {
		return defaults().readAttributes(unwrap(path), type, options);
	}

	@Override
	public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
			throws IOException {
		return defaults().readAttributes(unwrap(path), attributes, options);
	}

	@Override
	public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
		defaults().setAttribute(unwrap(path), attribute, value, options);
	}

	private static Path unwrap(Path path) {
		return (path instanceof SmallDiskPath small) ? small.delegate() : path;
	}

	private static FileSystemProvider defaults() {
		return FileSystems.getDefault().provider();
	}

	/** A writing channel that takes its bytes from the disk's free space, and fails as a full disk does. */
	private final class MeteredChannel implements SeekableByteChannel {

		private final SeekableByteChannel delegate;

		private final String file;

		MeteredChannel(SeekableByteChannel delegate, String file) {
			this.delegate = delegate;
			this.file = file;
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			long wanted = source.remaining();
			if (SmallDiskProvider.this.free.getAndUpdate((free) -> (free >= wanted) ? free - wanted : free) < wanted) {
				throw new FileSystemException(this.file, null, "No space left on device");
			}
			return this.delegate.write(source);
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			return this.delegate.read(destination);
		}

		@Override
		public long position() throws IOException {
			return this.delegate.position();
		}

		@Override
		public SeekableByteChannel position(long newPosition) throws IOException {
			this.delegate.position(newPosition);
			return this;
		}

		@Override
		public long size() throws IOException {
			return this.delegate.size();
		}

		@Override
		public SeekableByteChannel truncate(long size) throws IOException {
			this.delegate.truncate(size);
			return this;
		}

		@Override
		public boolean isOpen() {
			return this.delegate.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
