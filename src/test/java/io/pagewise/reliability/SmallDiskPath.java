package io.pagewise.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

import org.jspecify.annotations.Nullable;

/** A default-filesystem path seen through {@link SmallDiskFileSystem}: same name, writes metered by the provider. */
record SmallDiskPath(SmallDiskFileSystem fileSystem, Path delegate) implements Path {

	@Override
	public FileSystem getFileSystem() {
		return this.fileSystem;
	}

	@Override
	public boolean isAbsolute() {
		return this.delegate.isAbsolute();
	}

	@Override
	public @Nullable Path getRoot() {
		return wrap(this.delegate.getRoot());
	}

	@Override
	public @Nullable Path getFileName() {
		return wrap(this.delegate.getFileName());
	}

	@Override
	public @Nullable Path getParent() {
		return wrap(this.delegate.getParent());
	}

	@Override
	public int getNameCount() {
		return this.delegate.getNameCount();
	}

	@Override
	public Path getName(int index) {
		return this.fileSystem.wrap(this.delegate.getName(index));
	}

	@Override
	public Path subpath(int beginIndex, int endIndex) {
		return this.fileSystem.wrap(this.delegate.subpath(beginIndex, endIndex));
	}

	@Override
	public boolean startsWith(Path other) {
		return this.delegate.startsWith(unwrap(other));
	}

	@Override
	public boolean endsWith(Path other) {
		return this.delegate.endsWith(unwrap(other));
	}

	@Override
	public Path normalize() {
		return this.fileSystem.wrap(this.delegate.normalize());
	}

	@Override
	public Path resolve(Path other) {
		return this.fileSystem.wrap(this.delegate.resolve(unwrap(other)));
	}

	@Override
	public Path relativize(Path other) {
		return this.fileSystem.wrap(this.delegate.relativize(unwrap(other)));
	}

	@Override
	public URI toUri() {
		return URI.create(SmallDiskProvider.SCHEME + ":" + this.delegate.toUri().getRawPath());
	}

	@Override
	public Path toAbsolutePath() {
		return this.fileSystem.wrap(this.delegate.toAbsolutePath());
	}

	@Override
	public Path toRealPath(LinkOption... options) throws IOException {
		return this.fileSystem.wrap(this.delegate.toRealPath(options));
	}

	@Override
	public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
		throw new UnsupportedOperationException("No watching a small disk");
	}

	@Override
	public int compareTo(Path other) {
		return this.delegate.compareTo(unwrap(other));
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

	private @Nullable Path wrap(@Nullable Path path) {
		return (path != null) ? this.fileSystem.wrap(path) : null;
	}

	private static Path unwrap(Path path) {
		return (path instanceof SmallDiskPath small) ? small.delegate() : path;
	}

}
