package io.pagewise.inference;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.pagewise.PagewiseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamFailuresTests {

	private static final String KEY = "sk-live-0123456789";

	private final UpstreamFailures failures = new UpstreamFailures(new InferenceProperties(
			URI.create("https://api.vultrinference.com"), KEY, 8, Duration.ofSeconds(5), Duration.ofSeconds(60),
			Duration.ofSeconds(120), 4, Duration.ofMillis(250), Duration.ofSeconds(8),
			new InferenceProperties.Circuit(10, Duration.ofSeconds(30))));

	@ParameterizedTest
	@ValueSource(ints = { 408, 429, 500, 502, 503, 504 })
	void overloadAndServerErrorsAreTransient(int status) {
		assertThat(this.failures.isTransient(response(status, "{}"))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 413, 422 })
	void clientErrorsAreNeverTransient(int status) {
		assertThat(this.failures.isTransient(response(status, "{}"))).isFalse();
	}

	@Test
	void timeoutsResetsAndMalformedBodiesAreTransient() {
		assertThat(this.failures.isTransient(new TimeoutException())).isTrue();
		assertThat(this.failures.isTransient(new WebClientRequestException(new IOException("Connection reset"),
				HttpMethod.POST, URI.create("http://x/v1/rerank"), new HttpHeaders())))
			.isTrue();
		assertThat(this.failures.isTransient(new DecodingException("JSON decoding error"))).isTrue();
		assertThat(this.failures.isTransient(new MalformedResponseException("3 results for 4 documents"))).isTrue();
		assertThat(this.failures.isTransient(new IllegalStateException("a bug"))).isFalse();
	}

	@Test
	void aSuccessWhoseBodyBrokeOffIsAResetNotARejection() {
		// What WebClient's retrieve() reports when the connection drops in the middle of a 200 body.
		WebClientResponseException brokenOff = new WebClientResponseException("200 OK from POST, but response failed",
				200, "OK", new HttpHeaders(), null, null);
		brokenOff.initCause(new IOException("Connection prematurely closed DURING response"));
		assertThat(this.failures.isTransient(brokenOff)).isTrue();
		assertThat(this.failures.isOutage(brokenOff)).isTrue();
		UpstreamException ex = translate(brokenOff);
		assertThat(ex.code()).isEqualTo("upstream-unavailable");
		assertThat(ex.getBody().getDetail()).contains("dropped the connection");
	}

	@ParameterizedTest
	@CsvSource({ "400, upstream-rejected, 502", "404, upstream-rejected, 502", "413, upstream-rejected, 502",
			"422, upstream-rejected, 502", "401, upstream-unauthorized, 502", "403, upstream-unauthorized, 502",
			"500, upstream-unavailable, 502", "502, upstream-unavailable, 502", "503, upstream-unavailable, 503",
			"429, upstream-unavailable, 503" })
	void finalHttpFailuresBecomeTheirProblem(int upstream, String code, int status) {
		UpstreamException ex = translate(response(upstream, "{\"error\":{\"message\":\"nope\"}}"));
		assertThat(ex.code()).isEqualTo(code);
		assertThat(ex.getStatusCode().value()).isEqualTo(status);
		assertThat(ex.upstreamStatus()).isEqualTo(upstream);
		assertThat(ex.getCause()).isInstanceOf(WebClientResponseException.class);
	}

	@Test
	void unauthorizedSaysWhichSettingToCheck() {
		assertThat(translate(response(401, "{}")).getBody().getDetail()).contains("INFERENCE_API_KEY");
	}

	@Test
	void rateLimitingPassesRetryAfterOn() {
		WebClientResponseException limited = WebClientResponseException.create(429, "Too Many Requests",
				headers("Retry-After", "30"), new byte[0], StandardCharsets.UTF_8);
		UpstreamException ex = translate(limited);
		assertThat(ex.retryAfter()).contains(Duration.ofSeconds(30));
		assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
	}

	@Test
	void timeoutsBecomeUpstreamTimeout() {
		UpstreamException ex = translate(new TimeoutException());
		assertThat(ex.code()).isEqualTo("upstream-timeout");
		assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(ex.upstreamStatus()).isZero();
	}

	@Test
	void resetsAndMalformedBodiesBecomeUpstreamUnavailable() {
		assertThat(translate(new DecodingException("bad")).code()).isEqualTo("upstream-unavailable");
		assertThat(translate(new MalformedResponseException("bad")).getBody().getDetail()).contains("malformed");
		assertThat(translate(new WebClientRequestException(new IOException("reset"), HttpMethod.POST,
				URI.create("http://x"), new HttpHeaders()))
			.code()).isEqualTo("upstream-unavailable");
	}

	@Test
	void ourOwnProblemsAndBugsPassUnchanged() {
		PagewiseException problem = new PagewiseException(HttpStatus.UNPROCESSABLE_CONTENT, "answer-truncated", "t",
				"d");
		IllegalStateException bug = new IllegalStateException("bug");
		assertThat(this.failures.translate("chat", problem, 1)).isSameAs(problem);
		assertThat(this.failures.translate("chat", bug, 1)).isSameAs(bug);
	}

	@Test
	void aRejectionQuotesTheUpstreamMessageButNotOurInputNorTheKey() {
		String body = "{\"object\":\"error\",\"message\":\"documents.0: Input should be a valid string "
				+ "[input_value={'url': 'data:image/jpeg;base64,/9j/4AAQSkZJRg'}] key " + KEY + "\",\"code\":400}";
		UpstreamException ex = translate(response(400, body));
		assertThat(ex.getBody().getDetail()).contains("documents.0: Input should be a valid string")
			.doesNotContain("base64")
			.doesNotContain("/9j/")
			.doesNotContain(KEY);
		assertThat(ex.getMessage()).doesNotContain(KEY);
		assertThat(ex.getBody().toString()).doesNotContain(KEY);
	}

	@Test
	void aRejectionWithoutJsonUsesTheStatusText() {
		WebClientResponseException html = WebClientResponseException.create(413, "Payload Too Large",
				headers("Content-Type", MediaType.TEXT_HTML_VALUE), "<html>413</html>".getBytes(),
				StandardCharsets.UTF_8);
		assertThat(translate(html).getBody().getDetail()).endsWith("(HTTP 413): Payload Too Large");
	}

	@Test
	void anOverlyLongMessageIsCut() {
		String message = "x".repeat(5000);
		assertThat(translate(response(422, "{\"detail\":\"" + message + "\"}")).getBody().getDetail())
			.hasSizeLessThan(400);
	}

	private UpstreamException translate(Throwable failure) {
		Throwable translated = this.failures.translate("rerank", failure, 3);
		assertThat(translated).isInstanceOf(UpstreamException.class);
		return (UpstreamException) translated;
	}

	private static WebClientResponseException response(int status, String json) {
		return WebClientResponseException.create(status, "Status " + status,
				headers("Content-Type", MediaType.APPLICATION_JSON_VALUE), json.getBytes(StandardCharsets.UTF_8),
				StandardCharsets.UTF_8);
	}

	private static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(name, value);
		return headers;
	}

}
