package io.pagewise.scale;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test (its name keeps it out of {@code mvn verify}): over loopback HTTP, the latency of a
 * cached answer served from Redis vs the in-process cache, and of a page image served from S3 (S3Proxy, in this
 * JVM, in memory) vs the local disk. Run it with
 * {@code PAGEWISE_REDIS_URL=redis://127.0.0.1:6379 ./mvnw -o test -Dtest=ScaleLatencyMeasurement} (without the
 * variable it starts a redis-server of its own).
 */
class ScaleLatencyMeasurement {

	private static final int WARM_UP = 200;

	private static final int SAMPLES = 1000;

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	Path temp;

	@Test
	void measure() throws Exception {
		byte[] pdf = TestPdfs.letter(10, "measure " + UUID.randomUUID(), 7);
		try (S3TestServer s3 = S3TestServer.start();
				PagewiseInstance local = PagewiseInstance.start(common("local"));
				PagewiseInstance shared = PagewiseInstance.start(scaled(s3))) {
			String id = local.upload(pdf);
			shared.upload(pdf);
			local.ask(id, "Which page is dark?");
			shared.ask(id, "Which page is dark?");
			System.out.printf("%-40s %10s %8s %7s%n", "loopback HTTP, " + SAMPLES + " interleaved requests",
					"median ms", "p90 ms", "bytes");
			Sample[] answers = measure(() -> local.askResponse(id, "Which page is dark?"),
					() -> shared.askResponse(id, "Which page is dark?"));
			report("cached answer, in-process cache", answers[0]);
			report("cached answer, Redis", answers[1]);
			Sample[] pages = measure(() -> local.get(page(id)), () -> shared.get(page(id)));
			report("page image, local disk", pages[0]);
			report("page image, S3 (S3Proxy)", pages[1]);
		}
	}

	private List<String> common(String name) {
		return List.of("pagewise.storage.dir=" + this.temp.resolve(name),
				"pagewise.inference.base-url=" + upstream.baseUrl() + "/v1/", "pagewise.inference.api-key=" + upstream.apiKey(),
				"logging.level.root=WARN");
	}

	private List<String> scaled(S3TestServer s3) {
		List<String> properties = new ArrayList<>(common("scaled"));
		properties.addAll(s3.pagewiseProperties("measure"));
		properties.addAll(List.of("pagewise.cache.type=redis", "spring.data.redis.url=" + TestRedis.sharedUrl(),
				"pagewise.cache.redis.key-prefix=pagewise-measure-" + UUID.randomUUID() + ":"));
		return properties;
	}

	/** Alternates the two requests, so both see the same machine (JIT, other load) at the same time. */
	private static Sample[] measure(Request first, Request second) throws Exception {
		Request[] requests = { first, second };
		for (int i = 0; i < WARM_UP; i++) {
			for (Request request : requests) {
				check(request.send());
			}
		}
		long[][] nanos = new long[2][SAMPLES];
		long[] bytes = new long[2];
		for (int i = 0; i < SAMPLES; i++) {
			for (int r = 0; r < 2; r++) {
				long start = System.nanoTime();
				HttpResponse<?> response = requests[r].send();
				nanos[r][i] = System.nanoTime() - start;
				check(response);
				bytes[r] = (response.body() instanceof byte[] body) ? body.length : String.valueOf(response.body()).length();
			}
		}
		Sample[] samples = new Sample[2];
		for (int r = 0; r < 2; r++) {
			Arrays.sort(nanos[r]);
			samples[r] = new Sample(nanos[r][SAMPLES / 2] / 1e6, nanos[r][SAMPLES * 9 / 10] / 1e6, bytes[r]);
		}
		return samples;
	}

	private static void check(HttpResponse<?> response) {
		if (response.statusCode() != 200) {
			throw new AssertionError("HTTP " + response.statusCode());
		}
	}

	private static void report(String what, Sample sample) {
		System.out.printf("%-40s %10.3f %8.3f %7d%n", what, sample.median(), sample.p90(), sample.bytes());
	}

	private static String page(String id) {
		return "/api/v1/documents/" + id + "/pages/7";
	}

	private record Sample(double median, double p90, long bytes) {
	}

	@FunctionalInterface
	private interface Request {

		HttpResponse<?> send() throws Exception;

	}

}
