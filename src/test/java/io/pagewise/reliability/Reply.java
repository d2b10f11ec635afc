package io.pagewise.reliability;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One answer of the service under test, with how long it took. */
record Reply(int status, HttpHeaders headers, String body, Duration elapsed) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	JsonNode json() {
		return JSON.readTree(this.body);
	}

	/** The problem's {@code code}, or "" when the body is not a problem. */
	String code() {
		boolean problem = this.headers.firstValue("Content-Type").orElse("").startsWith("application/problem+json");
		return problem ? json().path("code").asString("") : "";
	}

	/** The problem's code, whether it came as a problem response or as the {@code error} event of a stream. */
	String problemCode() {
		List<JsonNode> errors = this.headers.firstValue("Content-Type").orElse("").startsWith("text/event-stream")
				? events("error") : List.of();
		return errors.isEmpty() ? code() : errors.getFirst().path("code").asString("");
	}

	/** The data of each server-sent event called {@code name}. */
	List<JsonNode> events(String name) {
		List<JsonNode> events = new ArrayList<>();
		for (String block : this.body.replace("\r\n", "\n").split("\n\n")) {
			String event = "message";
			StringBuilder data = new StringBuilder();
			for (String line : block.split("\n")) {
				if (line.startsWith("event:")) {
					event = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).stripLeading());
				}
			}
			if (event.equals(name) && !data.isEmpty()) {
				events.add(JSON.readTree(data.toString()));
			}
		}
		return events;
	}

	@Override
	public String toString() {
		return this.status + " " + this.body.substring(0, Math.min(this.body.length(), 300));
	}

}
