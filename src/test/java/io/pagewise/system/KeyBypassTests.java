package io.pagewise.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pagewise.TestPdfs;
import io.pagewise.answer.Answers;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.page.PageRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With client keys on, no spelling of a protected request gets past authentication without a valid key: a table
 * of request variants (percent-encoded letters and {@code ;} parameters in each segment, {@code //}, {@code /./},
 * {@code /../}, trailing slashes, upper case, other methods, keys in the wrong place) is sent byte for byte over
 * a socket, and none may be answered 2xx/3xx nor run a controller method (the feature services are spies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pagewise.security.api-keys=" + KeyBypassTests.KEY + ",second-key-0987")
@AutoConfigureMetrics
class KeyBypassTests {

	static final String KEY = "bypass-test-key-1234";

	private static final String ID = "a".repeat(64);

	private static final String BOUNDARY = "b0undary";

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@LocalServerPort
	private int port;

	@MockitoSpyBean
	private Documents documents;

	@MockitoSpyBean
	private Answers answers;

	/** What the document controller calls (it reads documents through the renderer, rendering if need be). */
	@MockitoSpyBean
	private PageRenderer pages;

	@Test
	void noSpellingOfAProtectedRequestGetsThroughWithoutAValidKey() throws Exception {
		Mockito.clearInvocations(this.documents, this.answers, this.pages);
		List<Variant> variants = variants();
		List<String> through = new ArrayList<>();
		List<String> notProblems = new ArrayList<>();
		RawHttp http = new RawHttp(this.port);
		for (Variant variant : variants) {
			RawHttp.Reply reply = http.send(variant.method(), variant.target(), variant.headers(), variant.body());
			boolean reachedController = !Mockito.mockingDetails(this.documents).getInvocations().isEmpty()
					|| !Mockito.mockingDetails(this.answers).getInvocations().isEmpty()
					|| !Mockito.mockingDetails(this.pages).getInvocations().isEmpty();
			if (reachedController || reply.status() < 400 || reply.status() >= 500) {
				through.add(variant + " -> " + reply.status() + (reachedController ? " (controller ran)" : ""));
			}
			else if (!reply.header("Content-Type").equals("application/problem+json") && !variant.method().equals("HEAD")) {
				notProblems.add(variant + " -> " + reply.status() + " " + reply.header("Content-Type"));
			}
			Mockito.clearInvocations(this.documents, this.answers, this.pages);
		}
		System.out.printf("%nKey bypass: %d of %d request spellings got through without a valid key%n",
				through.size(), variants.size());
		assertThat(variants).hasSizeGreaterThanOrEqualTo(40);
		assertThat(through).as("answered below 400 or at 5xx, or reached a controller, without a valid key")
			.isEmpty();
		// What Tomcat refuses itself, before any filter (a raw backslash, TRACE), has no problem body.
		assertThat(notProblems).as("refusals that are not problems").allSatisfy((refusal) -> assertThat(refusal)
			.matches("(TRACE .*-> 405 .*)|(.*\\\\.* -> 400 .*)"));
	}

	@Test
	void aValidKeyAsHeaderOrBearerReachesTheApiAndTheMetrics() throws Exception {
		RawHttp http = new RawHttp(this.port);
		Mockito.clearInvocations(this.pages);
		RawHttp.Reply missing = http.send("GET", "/api/v1/documents/" + ID, Map.of("X-API-Key", KEY), new byte[0]);
		assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
		assertThat(missing.body()).contains("\"code\":\"document-not-found\"");
		// The controller ran: it asked for this document's summary.
		Mockito.verify(this.pages).summary(DocumentId.of(ID));

		byte[] pdf = TestPdfs.letter(2, "keyed");
		RawHttp.Reply uploaded = http.send("POST", "/api/v1/documents",
				Map.of("Authorization", "Bearer second-key-0987", "Content-Type",
						"multipart/form-data; boundary=" + BOUNDARY),
				multipart(pdf));
		assertThat(uploaded.status()).as(uploaded.toString()).isIn(200, 201);
		String id = uploaded.body().replaceAll("(?s).*\"id\":\"([0-9a-f]{64})\".*", "$1");
		RawHttp.Reply page = http.send("GET", "/api/v1/documents/" + id + "/pages/1", Map.of("X-API-Key", KEY),
				new byte[0]);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Cache-Control")).as("no shared cache may keep a keyed page")
			.isEqualTo("max-age=31536000, private, immutable");
		RawHttp.Reply anonymousPage = http.send("GET", "/api/v1/documents/" + id + "/pages/1", Map.of(), new byte[0]);
		assertThat(anonymousPage.status()).isEqualTo(401);
		assertThat(http.send("DELETE", "/api/v1/documents/" + id, Map.of("X-API-Key", KEY), new byte[0]).status())
			.isEqualTo(204);

		assertThat(http.send("GET", "/actuator/prometheus", Map.of("X-API-Key", KEY), new byte[0]).status())
			.isEqualTo(200);
		assertThat(http.send("GET", "/actuator/metrics", Map.of("X-API-Key", KEY), new byte[0]).status())
			.isEqualTo(200);
	}

	@Test
	void theUnauthorizedProblemSaysHowToAuthenticateAndIsNeverStored() throws Exception {
		RawHttp.Reply reply = new RawHttp(this.port).send("GET", "/api/v1/documents/" + ID, Map.of(), new byte[0]);
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(reply.header("Cache-Control")).contains("no-store");
		assertThat(reply.body()).contains("\"code\":\"unauthorized\"").contains("\"status\":401");
	}

	@Test
	void aRequestTheFirewallRejectsIsA400Problem() throws Exception {
		RawHttp.Reply reply = new RawHttp(this.port).send("GET", "/api;x=1/v1/documents/" + ID,
				Map.of("X-API-Key", KEY), new byte[0]);
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(reply.header("Cache-Control")).contains("no-store");
		assertThat(reply.body()).contains("\"code\":\"request-rejected\"");
	}

	@Test
	void probesAndTheWebPageStayPublic() throws Exception {
		RawHttp http = new RawHttp(this.port);
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/",
				"/index.html", "/app.js", "/app.css", "/v3/api-docs", "/swagger-ui.html")) {
			RawHttp.Reply reply = http.send("GET", path, Map.of(), new byte[0]);
			assertThat(reply.status()).as(path).isIn(200, 302);
		}
	}

	private static List<Variant> variants() {
		List<Variant> variants = new ArrayList<>();
		Map<String, String> json = Map.of("Content-Type", "application/json");
		Map<String, String> form = Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
		byte[] upload = multipart("%PDF-1.4 not really".getBytes(StandardCharsets.US_ASCII));
		byte[] question = "{\"question\":\"Who?\"}".getBytes(StandardCharsets.US_ASCII);
		spellings(variants, "POST", "/api/v1/documents", form, upload);
		spellings(variants, "GET", "/api/v1/documents/" + ID, Map.of(), new byte[0]);
		spellings(variants, "DELETE", "/api/v1/documents/" + ID, Map.of(), new byte[0]);
		spellings(variants, "POST", "/api/v1/documents/" + ID + "/answers", json, question);
		spellings(variants, "GET", "/actuator/prometheus", Map.of(), new byte[0]);
		spellings(variants, "GET", "/actuator/metrics", Map.of(), new byte[0]);
		spellings(variants, "GET", "/actuator/metrics/jvm.memory.used", Map.of(), new byte[0]);
		for (String method : List.of("HEAD", "OPTIONS", "TRACE", "PUT", "PATCH")) {
			variants.add(new Variant(method, "/api/v1/documents/" + ID, Map.of(), new byte[0]));
		}
		variants.add(new Variant("OPTIONS", "/api/v1/documents",
				Map.of("Origin", "https://evil.example.com", "Access-Control-Request-Method", "POST"), new byte[0]));
		variants.add(new Variant("GET", "/actuator", Map.of(), new byte[0]));
		// Walking out of a public path into a protected one.
		for (String out : List.of("/actuator/health/../../api/v1/documents/" + ID,
				"/actuator/health/%2e%2e/%2e%2e/api/v1/documents/" + ID, "/actuator/health/..;/prometheus",
				"/actuator/health/%2e%2e/prometheus", "/swagger-ui/../api/v1/documents/" + ID,
				"/index.html/../api/v1/documents/" + ID, "/v3/api-docs/..%2f..%2fapi/v1/documents/" + ID,
				"/actuator/health%2f..%2fprometheus", "/actuator/health/..\\prometheus")) {
			variants.add(new Variant("GET", out, Map.of(), new byte[0]));
		}
		// Keys in the wrong place or wrong.
		for (Map<String, String> wrong : List.of(Map.of("X-API-Key", "wrong-key"), Map.of("X-API-Key", ""),
				Map.of("X-API-Key", KEY + "x"), Map.of("X-API-Key", KEY.substring(1)),
				Map.of("Authorization", "Bearer wrong-key"), Map.of("Authorization", "Bearer"),
				Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((":" + KEY).getBytes())),
				Map.of("Authorization", KEY), Map.of("X-Api-Key-Alt", KEY), Map.of("Cookie", "api_key=" + KEY))) {
			variants.add(new Variant("DELETE", "/api/v1/documents/" + ID, wrong, new byte[0]));
		}
		variants.add(new Variant("DELETE", "/api/v1/documents/" + ID + "?api_key=" + KEY, Map.of(), new byte[0]));
		variants.add(new Variant("GET", "/api/v1/documents/" + ID + "?X-API-Key=" + KEY, Map.of(), new byte[0]));
		variants.add(new Variant("GET", "/actuator/prometheus?api_key=" + KEY, Map.of(), new byte[0]));
		return variants;
	}

	/** The request as written, then each segment's first letter percent-encoded, then a {@code ;} parameter on each
	 * segment, then {@code //}, {@code /./}, {@code /../}, a trailing slash and upper case. */
	private static void spellings(List<Variant> variants, String method, String path, Map<String, String> headers,
			byte[] body) {
		String[] segments = path.substring(1).split("/");
		List<String> targets = new ArrayList<>();
		targets.add(path);
		for (int i = 0; i < segments.length; i++) {
			String[] encoded = segments.clone();
			encoded[i] = "%" + Integer.toHexString(encoded[i].charAt(0)) + encoded[i].substring(1);
			targets.add("/" + String.join("/", encoded));
			String[] parameter = segments.clone();
			parameter[i] = parameter[i] + ";x=1";
			targets.add("/" + String.join("/", parameter));
		}
		targets.add("/" + path);
		targets.add(path.replaceFirst("/", "//").replaceFirst("(/[^/]+)/", "$1//"));
		targets.add("/." + path);
		targets.add("/static/.." + path);
		targets.add(path + "/");
		targets.add(path.toUpperCase(Locale.ROOT));
		for (String target : targets) {
			variants.add(new Variant(method, target, headers, body));
		}
	}

	private static byte[] multipart(byte[] file) {
		byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] all = new byte[head.length + file.length + tail.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(file, 0, all, head.length, file.length);
		System.arraycopy(tail, 0, all, head.length + file.length, tail.length);
		return all;
	}

	record Variant(String method, String target, Map<String, String> headers, byte[] body) {

		Variant {
			headers = new LinkedHashMap<>(headers);
		}

		@Override
		public String toString() {
			return this.method + " " + this.target + (this.headers.isEmpty() ? "" : " " + this.headers.keySet());
		}

	}

}
