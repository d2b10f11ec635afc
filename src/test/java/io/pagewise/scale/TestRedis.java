package io.pagewise.scale;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import static org.awaitility.Awaitility.await;

/**
 * Real Redis servers for tests. The shared one is {@code PAGEWISE_REDIS_URL} (CI: {@code .ci/run} starts a Debian
 * {@code redis-server} and exports it); without it, a server this JVM starts itself, from a {@code redis-server}
 * on the PATH or, where Docker runs, a container. With none of these, tests that need Redis are skipped, saying
 * why. Tests sharing a server keep apart through their own key prefixes.
 */
public final class TestRedis {

	/** The image used where Docker runs; the same as docker-compose.yml's. */
	public static final String IMAGE = "redis:7.4.2-alpine";

	private static volatile RedisServer started;

	private TestRedis() {
	}

	/** The URL of a Redis server tests may share. */
	public static synchronized String sharedUrl() {
		String url = System.getenv("PAGEWISE_REDIS_URL");
		if (url != null && !url.isBlank()) {
			return url;
		}
		if (started == null) {
			RedisServer server = dedicated();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			started = server;
		}
		return started.url();
	}

	/** A server of the caller's own, which it may stop (to see how clients cope) and must close. */
	public static RedisServer dedicated() {
		Optional<Path> binary = redisServerBinary();
		if (binary.isPresent()) {
			return RedisProcess.start(binary.get());
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			return RedisContainer.start();
		}
		return Assumptions.abort("No Redis to test against: set PAGEWISE_REDIS_URL (CI's .ci/run starts redis-server and sets "
				+ "it), put redis-server on the PATH (apt-get install redis-server), or run Docker.");
	}

	private static Optional<Path> redisServerBinary() {
		String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin";
		return Stream.of(path.split(":"))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, "redis-server"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A {@code redis-server} process on a free loopback port, without persistence. */
	private record RedisProcess(Process process, int port) implements RedisServer {

		static RedisProcess start(Path binary) {
			int port = freePort();
			try {
				Process process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind",
						"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(ProcessBuilder.Redirect.DISCARD)
					.start();
				await().atMost(Duration.ofSeconds(15)).until(() -> !process.isAlive() || answersPing("127.0.0.1", port));
				if (!process.isAlive()) {
					throw new IllegalStateException("redis-server exited with " + process.exitValue());
				}
				return new RedisProcess(process, port);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + binary, ex);
			}
		}

		@Override
		public String url() {
			return "redis://127.0.0.1:" + this.port;
		}

		@Override
		public void close() {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** A Redis container (Testcontainers), where Docker runs. */
	private record RedisContainer(GenericContainer<?> container) implements RedisServer {

		static RedisContainer start() {
			GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(6379);
			container.start();
			return new RedisContainer(container);
		}

		@Override
		public String url() {
			return "redis://" + this.container.getHost() + ":" + this.container.getMappedPort(6379);
		}

		@Override
		public void close() {
			this.container.stop();
		}

	}

}
