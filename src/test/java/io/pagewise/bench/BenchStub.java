package io.pagewise.bench;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import io.pagewise.upstream.VultrStub;

/**
 * The upstream for the end-to-end benchmark, in its own JVM so that Pagewise and the Python reference pipeline
 * reach it alike, over HTTP: the faithful {@link VultrStub} with the latency model (rerank 300 ms + 25 ms
 * per image, chat 800 ms + 100 ms per image), images scored by size rather than decoded (its CPU would otherwise
 * compete with whichever pipeline is running), enough threads for many calls in flight, and no request journal
 * (it would keep every megabyte body). Prints one JSON line with its URL and key, then serves until stdin closes.
 * <p>
 * Arguments (all optional): {@code rerankFixedMs rerankPerImageMs chatFixedMs chatPerImageMs}.
 */
public final class BenchStub {

	private BenchStub() {
	}

	public static void main(String[] args) throws IOException {
		long[] millis = { 300, 25, 800, 100 };
		for (int i = 0; i < Math.min(args.length, millis.length); i++) {
			millis[i] = Long.parseLong(args[i]);
		}
		try (VultrStub stub = VultrStub.start((options) -> options.containerThreads(128).disableRequestJournal())) {
			stub.latency(Duration.ofMillis(millis[0]), Duration.ofMillis(millis[1]))
				.chatLatency(Duration.ofMillis(millis[2]), Duration.ofMillis(millis[3]))
				.scoreBySize();
			System.out.printf("{\"url\":\"%s\",\"apiKey\":\"%s\",\"pid\":%d}%n", stub.baseUrl(), stub.apiKey(),
					ProcessHandle.current().pid());
			System.out.flush();
			drain(System.in);
		}
	}

	private static void drain(InputStream in) throws IOException {
		byte[] buffer = new byte[256];
		while (in.read(buffer) >= 0) {
			// Serve until the driver closes our stdin (or exits).
		}
	}

}
