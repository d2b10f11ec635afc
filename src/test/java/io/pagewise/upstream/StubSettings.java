package io.pagewise.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What a test may change about the stub's behaviour; read by the responders on every request. */
final class StubSettings {

	static final String DEFAULT_ANSWER = "The stub's answer, built from the attached page.";

	static final int DEFAULT_MIN_ANSWER_TOKENS = 1000;

	final String apiKey;

	volatile Duration fixedLatency = Duration.ZERO;

	volatile Duration latencyPerImage = Duration.ZERO;

	volatile String answer = DEFAULT_ANSWER;

	volatile int minAnswerTokens = DEFAULT_MIN_ANSWER_TOKENS;

	volatile Duration chatStreaming = Duration.ZERO;

	StubSettings(String apiKey) {
		this.apiKey = apiKey;
	}

	void reset() {
		this.fixedLatency = Duration.ZERO;
		this.latencyPerImage = Duration.ZERO;
		this.answer = DEFAULT_ANSWER;
		this.minAnswerTokens = DEFAULT_MIN_ANSWER_TOKENS;
		this.chatStreaming = Duration.ZERO;
	}

	/**
	 * Simulates the model's processing time on the request thread. This has to happen inside the responder
	 * (WireMock's own fixed delay runs after {@code beforeResponseSent}), so that {@link InFlightCounter} sees
	 * the request as in flight for the whole simulated time.
	 */
	void simulateWork(int images) {
		long millis = this.fixedLatency.toMillis() + images * this.latencyPerImage.toMillis();
		if (millis > 0) {
			try {
				TimeUnit.MILLISECONDS.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
