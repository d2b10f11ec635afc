package io.pagewise.scale;

/** A Redis server for tests: its URL, and a way to stop it. */
public interface RedisServer extends AutoCloseable {

	String url();

	/** Stops the server: clients see it go away as they would in production. */
	@Override
	void close();

}
