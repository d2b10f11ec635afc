package io.pagewise.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/** What a test may change about the stub's behaviour; read by the responders on every request. */
final class StubSettings {

	static final String DEFAULT_ANSWER = "The stub's answer, built from the attached page.";

	static final int DEFAULT_MIN_ANSWER_TOKENS = 1000;

	final String apiKey;

	volatile Latency rerankLatency = Latency.NONE;

	volatile Latency chatLatency = Latency.NONE;

	volatile boolean scoreBySize;

	volatile String answer = DEFAULT_ANSWER;

	volatile int minAnswerTokens = DEFAULT_MIN_ANSWER_TOKENS;

	volatile Duration chatStreaming = Duration.ZERO;

	StubSettings(String apiKey) {
		this.apiKey = apiKey;
	}

	void reset() {
		this.rerankLatency = Latency.NONE;
		this.chatLatency = Latency.NONE;
		this.scoreBySize = false;
		this.answer = DEFAULT_ANSWER;
		this.minAnswerTokens = DEFAULT_MIN_ANSWER_TOKENS;
		this.chatStreaming = Duration.ZERO;
	}

	/** Score and tokens of an image data URI, or {@code null} when it is not a readable image. */
	double @Nullable [] scoreImage(String dataUri) {
		return this.scoreBySize ? PageScorer.scoreImageBySize(dataUri) : PageScorer.scoreImage(dataUri);
	}

	/**
	 * Simulates the model's processing time on the request thread. This has to happen inside the responder
	 * (WireMock's own fixed delay runs after {@code beforeResponseSent}), so that {@link InFlightCounter} sees
	 * the request as in flight for the whole simulated time.
	 */
	static void simulateWork(Latency latency, int images) {
		long millis = latency.of(images).toMillis();
		if (millis > 0) {
			try {
				TimeUnit.MILLISECONDS.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Simulated model time per request: {@code fixed + images × perImage}. */
	record Latency(Duration fixed, Duration perImage) {

		static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

		Duration of(int images) {
			return this.fixed.plus(this.perImage.multipliedBy(images));
		}

	}

}
