package io.pagewise.reliability;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Set;
import java.util.stream.StreamSupport;

/** The default filesystem under the {@code smalldisk:} scheme: every path it hands out is a {@link SmallDiskPath}. */
final class SmallDiskFileSystem extends FileSystem {

	private final SmallDiskProvider provider;

	private final FileSystem delegate = FileSystems.getDefault();

	SmallDiskFileSystem(SmallDiskProvider provider) {
		this.provider = provider;
	}

	Path wrap(Path path) {
		return (path instanceof SmallDiskPath) ? path : new SmallDiskPath(this, path);
	}

	@Override
	public FileSystemProvider provider() {
		return this.provider;
	}

	@Override
	public void close() {
		// The default filesystem cannot be closed, nor can a view of it.
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public boolean isReadOnly() {
		return false;
	}

	@Override
	public String getSeparator() {
		return this.delegate.getSeparator();
	}

	@Override
	public Iterable<Path> getRootDirectories() {
		return StreamSupport.stream(this.delegate.getRootDirectories().spliterator(), false).map(this::wrap).toList();
	}

	@Override
	public Iterable<FileStore> getFileStores() {
		return this.delegate.getFileStores();
	}

	@Override
	public Set<String> supportedFileAttributeViews() {
		return this.delegate.supportedFileAttributeViews();
	}

	@Override
	public Path getPath(String first, String... more) {
		return wrap(this.delegate.getPath(first, more));
	}

	@Override
	public PathMatcher getPathMatcher(String syntaxAndPattern) {
		PathMatcher matcher = this.delegate.getPathMatcher(syntaxAndPattern);
		return (path) -> matcher.matches((path instanceof SmallDiskPath small) ? small.delegate() : path);
	}

	@Override
	public UserPrincipalLookupService getUserPrincipalLookupService() {
		return this.delegate.getUserPrincipalLookupService();
	}

	@Override
	public WatchService newWatchService() {
		throw new UnsupportedOperationException("No watching a small disk");
	}

}
