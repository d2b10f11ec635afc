package io.pagewise.upstream;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A faithful, in-process stand-in for Vultr Serverless Inference ({@code vultr-api.md}), on a random port.
 * <ul>
 * <li>{@code POST /v1/rerank}: bearer key required (else 401), bodies over 1,000,000 bytes refused (413),
 * a document must be a string or a content-parts object (else 400), unknown model 404; images scored by their
 * content (darker = more relevant, 2.0–5.0), bare strings scored as text (1.5–2.0), results sorted with
 * batch-relative {@code index}, {@code top_n} and {@code usage} honoured.</li>
 * <li>{@code POST /v1/chat/completions}: plain or streamed; empty content with {@code finish_reason: length}
 * when {@code max_tokens} is below {@link #minAnswerTokens(int)}; answer text set by {@link #answer(String)}.</li>
 * <li>{@code GET /v1/models} lists the models; {@code POST /v1/embeddings} is 404 for them.</li>
 * </ul>
 * Faults are plain WireMock stubs registered by a test with {@link #OVERRIDE} priority (they win over the
 * defaults, e.g. in a scenario that fails once). Register it as a JUnit extension to reset it before each test
 * and stop it after the class: {@code @RegisterExtension static final VultrStub upstream = VultrStub.start();}
 */
public final class VultrStub implements BeforeEachCallback, AfterAllCallback, AutoCloseable {

	/** Priority for a test's own stubs: wins over the stub's defaults. */
	public static final int OVERRIDE = 1;

	private static final int DEFAULTS = 10;

	private final StubSettings settings;

	private final InFlightCounter inFlight = new InFlightCounter();

	private final WireMockServer server;

	private VultrStub(String apiKey, UnaryOperator<WireMockConfiguration> tuning, Extension... extra) {
		this.settings = new StubSettings(apiKey);
		this.server = new WireMockServer(tuning.apply(options().dynamicPort()
			.notifier(new ConsoleNotifier(false))
			.extensions(new RerankResponder(this.settings), new ChatResponder(this.settings), this.inFlight)
			.extensions(extra)));
		this.server.start();
		registerDefaults();
	}

	/** Starts a stub with a fresh random API key. */
	public static VultrStub start() {
		return start(UnaryOperator.identity());
	}

	/**
	 * Starts a stub with a fresh random API key and WireMock options changed by {@code tuning} (a benchmark's
	 * stub wants more threads and no request journal, say).
	 */
	public static VultrStub start(UnaryOperator<WireMockConfiguration> tuning) {
		return new VultrStub("test-key-" + UUID.randomUUID(), tuning);
	}

	/**
	 * Starts a stub with a fresh random API key and extra WireMock extensions, e.g. a {@code RequestFilterV2} that
	 * injects faults or limits concurrency in front of the faithful routes (extensions cannot be added later).
	 */
	public static VultrStub startWith(Extension... extensions) {
		return new VultrStub("test-key-" + UUID.randomUUID(), UnaryOperator.identity(), extensions);
	}

	/** The server, for a test's own stubs and verifications. */
	public WireMockServer server() {
		return this.server;
	}

	/** Points the service under test at this stub: its base URL and the key it accepts. */
	public void connect(DynamicPropertyRegistry registry) {
		registry.add("pagewise.inference.base-url", this::baseUrl);
		registry.add("pagewise.inference.api-key", this::apiKey);
	}

	/** The root URL as users paste it, without {@code /v1}. */
	public String baseUrl() {
		return this.server.baseUrl();
	}

	/** The key the stub accepts. */
	public String apiKey() {
		return this.settings.apiKey;
	}

	/** Simulated model time per request, rerank and chat alike: {@code fixed + images × perImage}. */
	public VultrStub latency(Duration fixed, Duration perImage) {
		this.settings.rerankLatency = new StubSettings.Latency(fixed, perImage);
		this.settings.chatLatency = this.settings.rerankLatency;
		return this;
	}

	/** Simulated model time per chat request only (after {@link #latency}): {@code fixed + images × perImage}. */
	public VultrStub chatLatency(Duration fixed, Duration perImage) {
		this.settings.chatLatency = new StubSettings.Latency(fixed, perImage);
		return this;
	}

	/**
	 * Scores images by compressed size per pixel, read from their headers, instead of decoding them: busier
	 * pages rank higher. For benchmarks, where decoding every page would take cores from the code under test.
	 */
	public VultrStub scoreBySize() {
		this.settings.scoreBySize = true;
		return this;
	}

	/** The chat answer's text. */
	public VultrStub answer(String text) {
		this.settings.answer = text;
		return this;
	}

	/** Below this {@code max_tokens}, chat answers come back empty with {@code finish_reason: length}. */
	public VultrStub minAnswerTokens(int tokens) {
		this.settings.minAnswerTokens = tokens;
		return this;
	}

	/**
	 * How long a chat model takes to write its answer, after the {@link #latency} (time to first token): a streamed
	 * answer's chunks are spread over it, a plain answer comes after it. Zero: at once.
	 */
	public VultrStub chatStreaming(Duration duration) {
		this.settings.chatStreaming = duration;
		return this;
	}

	/** The reasoning the chat models send before their answer (never part of the answer text). */
	public String reasoning() {
		return ChatResponder.REASONING;
	}

	StubSettings settings() {
		return this.settings;
	}

	/** The most requests the stub worked on at once since the last reset. */
	public int maxInFlight() {
		return this.inFlight.max();
	}

	public List<LoggedRequest> rerankRequests() {
		return this.server.findAll(postRequestedFor(urlEqualTo("/v1/rerank")));
	}

	public List<LoggedRequest> chatRequests() {
		return this.server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	/** Back to the defaults: stubs, scenarios, recorded requests, settings and counters. */
	public void reset() {
		this.server.resetAll();
		this.settings.reset();
		this.inFlight.reset();
		registerDefaults();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private void registerDefaults() {
		this.server.stubFor(post(urlEqualTo("/v1/rerank")).atPriority(DEFAULTS)
			.willReturn(aResponse().withTransformers(RerankResponder.NAME)));
		this.server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(DEFAULTS)
			.willReturn(aResponse().withTransformers(ChatResponder.NAME)));
		this.server.stubFor(post(urlEqualTo("/v1/embeddings")).atPriority(DEFAULTS)
			.willReturn(aResponse().withStatus(404)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"object\":\"error\",\"message\":\"This model does not support the Embeddings API\","
						+ "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}")));
		this.server.stubFor(get(urlEqualTo("/v1/models")).atPriority(DEFAULTS)
			.withHeader("Authorization", equalTo("Bearer " + apiKey()))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(modelList())));
		this.server.stubFor(get(urlEqualTo("/v1/models")).atPriority(DEFAULTS + 1)
			.willReturn(ResponseDefinitionBuilder.like(UpstreamErrors.unauthorized())));
	}

	private static String modelList() {
		StringBuilder data = new StringBuilder();
		RerankResponder.MODELS.forEach((id) -> data.append(model(id, "ReRank")).append(','));
		ChatResponder.MODELS.forEach((id) -> data.append(model(id, "Chat")).append(','));
		return "{\"object\":\"list\",\"data\":[" + data.substring(0, data.length() - 1) + "]}";
	}

	private static String model(String id, String feature) {
		return "{\"id\":" + Json.quote(id) + ",\"object\":\"model\",\"owned_by\":\"vultr\",\"features\":[\""
				+ feature + "\"]}";
	}

}
