package io.pagewise.answer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pagewise.TestPdfs;
import io.pagewise.upstream.VultrStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A measurement, not a test (its name keeps it out of {@code mvn verify}): when the first {@code ranking} and
 * {@code delta} events of a streamed answer arrive, against the whole answer, with a stub that ranks in 300 ms
 * + 25 ms per image and writes its answer over 800 ms. Also runs {@code curl -N} and prints when each line
 * arrived. Run it with {@code ./mvnw -o test -Dtest=StreamingLatencyMeasurement}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamingLatencyMeasurement {

	private static final String ANSWER = "Page 57 is the dark one: it is filled almost edge to edge with black, "
			+ "while every other page of the document carries only its caption on a white background.";

	private static final Pattern RENDER = Pattern.compile("\"stage\":\"render\",\"done\":(\\d+),\"total\":(\\d+)");

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@TempDir
	Path files;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		upstream.connect(registry);
	}

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void measure() throws Exception {
		warmUp();
		System.out.println("case                                  progress  first-progress  ranking  first-delta"
				+ "     done  (ms since the request was sent)");
		for (int run = 1; run <= 3; run++) {
			byte[] pdf = TestPdfs.letter(60, "measure " + UUID.randomUUID(), 57);
			Timeline fresh = timeline(() -> oneShot(pdf, "Which page is dark?"));
			print("60-page new PDF, one-shot upload+answer", fresh);
			String id = fresh.documentId;
			String question = "Which page is darkest? " + run;
			print("same PDF, new question (ranked now)", timeline(() -> ask(id, question)));
			print("same PDF, same question (cached)", timeline(() -> ask(id, question)));
			long start = System.nanoTime();
			this.http.send(json(id, "Which page is the darkest one? " + run),
					java.net.http.HttpResponse.BodyHandlers.ofString());
			System.out.printf("%-38s %8s %15s %8s %12s %8d%n", "same PDF, new question, plain JSON", "", "", "", "",
					millisSince(start));
		}
		String corpus = System.getenv("PAGEWISE_CORPUS_DIR");
		Path irs = (corpus != null) ? Path.of(corpus, "real", "fin_us_irs_i1040nr_2007_instructions.pdf") : null;
		if (irs != null && Files.exists(irs)) {
			byte[] pdf = Files.readAllBytes(irs);
			int calls = upstream.rerankRequests().size();
			Timeline real = timeline(() -> oneShot(pdf, "Which page has the tax table?"));
			print("real 50-page PDF (IRS i1040nr), one-shot", real);
			System.out.printf("   (%d rerank calls for its 50 pages)%n", upstream.rerankRequests().size() - calls);
			print("same PDF, new question (ranked now)", timeline(() -> ask(real.documentId, "Where is the index?")));
		}
		curl();
	}

	private void warmUp() throws Exception {
		upstream.reset();
		String id = timeline(() -> oneShot(TestPdfs.letter(3, "warm-up", 2), "warm up")).documentId;
		timeline(() -> ask(id, "warm up again"));
		upstream.latency(Duration.ofMillis(300), Duration.ofMillis(25)).chatStreaming(Duration.ofMillis(800));
		upstream.answer(ANSWER);
	}

	/** {@code curl -N} on the one-shot endpoint with a new 60-page PDF; prints each line with its arrival time. */
	private void curl() throws Exception {
		Path pdf = Files.write(this.files.resolve("report.pdf"),
				TestPdfs.letter(60, "curl " + UUID.randomUUID(), 57));
		ProcessBuilder command = new ProcessBuilder("curl", "-sN", "-H", "Accept: text/event-stream", "-F",
				"file=@" + pdf, "-F", "question=Which page is dark?",
				"http://localhost:" + this.port + "/api/v1/answers")
			.redirectErrorStream(true);
		System.out.println("\n$ curl -sN -H 'Accept: text/event-stream' -F file=@report.pdf "
				+ "-F 'question=Which page is dark?' http://localhost:8080/api/v1/answers");
		long start = System.nanoTime();
		Process curl = command.start();
		int skipped = 0;
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				Matcher render = RENDER.matcher(line);
				// Of the render progress, only the first two and the last are worth a line.
				boolean between = render.find() && Integer.parseInt(render.group(1)) > 1
						&& !render.group(1).equals(render.group(2));
				if (between) {
					skipped++;
				}
				else if (!line.isEmpty() && !line.startsWith("event:")) {
					if (skipped > 0) {
						System.out.printf("           (%d more render progress events)%n", skipped);
						skipped = 0;
					}
					System.out.printf("%6d ms  %s%n", millisSince(start),
							(line.length() > 110) ? line.substring(0, 107) + "..." : line);
				}
			}
		}
		curl.waitFor();
	}

	/** Sends the request and records when each event arrives. */
	private Timeline timeline(Supplier<EventStream> request) throws Exception {
		Timeline timeline = new Timeline(System.nanoTime());
		try (EventStream stream = request.get()) {
			for (AnswerFlowTests.Event event = stream.next(); event != null; event = stream.next()) {
				timeline.add(event);
			}
		}
		return timeline;
	}

	private void print(String name, Timeline timeline) {
		System.out.printf("%-38s %8d %15s %8s %12s %8s%n", name, timeline.progressEvents,
				timeline.first.getOrDefault("progress", "-"), timeline.first.get("ranking"),
				timeline.first.get("delta"), timeline.first.get("done"));
	}

	private EventStream oneShot(byte[] pdf, String question) {
		String boundary = UUID.randomUUID().toString();
		String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n" + question
				+ "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n";
		return EventStream.open(this.http, HttpRequest.newBuilder(uri("/api/v1/answers"))
			.header("Accept", "text/event-stream")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
					HttpRequest.BodyPublishers.ofByteArray(pdf),
					HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
			.build());
	}

	private EventStream ask(String id, String question) {
		return EventStream.open(this.http, HttpRequest.newBuilder(uri("/api/v1/documents/" + id + "/answers"))
			.header("Accept", "text/event-stream")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question + "\"}"))
			.build());
	}

	private HttpRequest json(String id, String question) {
		return HttpRequest.newBuilder(uri("/api/v1/documents/" + id + "/answers"))
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question + "\"}"))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static long millisSince(long start) {
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	/** When each kind of event first arrived, in milliseconds since the request was sent. */
	private static final class Timeline {

		private final long start;

		private final Map<String, String> first = new LinkedHashMap<>();

		private int progressEvents;

		private String documentId = "";

		Timeline(long start) {
			this.start = start;
		}

		void add(AnswerFlowTests.Event event) {
			this.first.putIfAbsent(event.name(), Long.toString(millisSince(this.start)));
			if (event.name().equals("progress")) {
				this.progressEvents++;
			}
			int at = event.data().indexOf("\"documentId\":\"");
			if (at >= 0) {
				this.documentId = event.data().substring(at + 14, at + 14 + 64);
			}
		}

	}

}
