package io.pagewise.answer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A server-sent event stream read as it arrives, the way a browser does; closing it hangs up on the server.
 * Comment lines (keep-alives) are counted, not returned as events.
 */
final class EventStream implements AutoCloseable {

	private final HttpResponse<InputStream> response;

	private final BufferedReader reader;

	private final List<AnswerFlowTests.Event> received = new ArrayList<>();

	private int comments;

	private String name = "message";

	private final StringBuilder data = new StringBuilder();

	private EventStream(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	static EventStream open(HttpClient http, HttpRequest request) {
		try {
			return new EventStream(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	int status() {
		return this.response.statusCode();
	}

	/** The next event, or {@code null} at the end of the stream. */
	AnswerFlowTests.@Nullable Event next() {
		for (String line = readLine(); line != null; line = readLine()) {
			AnswerFlowTests.Event event = accept(line);
			if (event != null) {
				return event;
			}
		}
		return null;
	}

	private AnswerFlowTests.@Nullable Event accept(String line) {
		if (line.isEmpty() && !this.data.isEmpty()) {
			AnswerFlowTests.Event event = new AnswerFlowTests.Event(this.name, this.data.toString());
			this.received.add(event);
			this.name = "message";
			this.data.setLength(0);
			return event;
		}
		if (line.startsWith(":")) {
			this.comments++;
		}
		else if (line.startsWith("event:")) {
			this.name = line.substring(6).strip();
		}
		else if (line.startsWith("data:")) {
			this.data.append(line.substring(5).stripLeading());
		}
		return null;
	}

	private @Nullable String readLine() {
		try {
			return this.reader.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads up to and including the first event that matches; fails if the stream ends first. */
	AnswerFlowTests.Event until(Predicate<AnswerFlowTests.Event> wanted) {
		for (AnswerFlowTests.Event event = next(); event != null; event = next()) {
			if (wanted.test(event)) {
				return event;
			}
		}
		throw new AssertionError("The stream ended without the event wanted; received " + this.received);
	}

	/** Reads until the server sends a comment (a keep-alive); fails if the stream ends first. */
	void untilComment() {
		int seen = this.comments;
		while (this.comments == seen) {
			String line = readLine();
			if (line == null) {
				throw new AssertionError("The stream ended without a comment; received " + this.received);
			}
			accept(line);
		}
	}

	/** Reads to the end; returns every event received. */
	List<AnswerFlowTests.Event> rest() {
		while (next() != null) {
			// reading
		}
		return List.copyOf(this.received);
	}

	int comments() {
		return this.comments;
	}

	@Override
	public void close() throws IOException {
		this.reader.close();
	}

}
