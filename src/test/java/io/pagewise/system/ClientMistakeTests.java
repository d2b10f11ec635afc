package io.pagewise.system;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.pagewise.TestPdfs;
import io.pagewise.document.Documents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every client mistake is a 4xx problem with a {@code code}, never a 500 or the container's HTML page; a client
 * that hangs up is a DEBUG line, not an ERROR with a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.io.pagewise.system=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class ClientMistakeTests {

	private static final String QUESTION = "/api/v1/documents/" + "e".repeat(64) + "/answers";

	private static final String BOUNDARY = "xYzBoundary";

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

	@Test
	void aContentTypeThatIsNotOneIsA415Problem() throws Exception {
		for (String type : new String[] { "garbage", "/", "application/json;charset=nope", "json",
				"text/plain" }) {
			RawHttp.Reply reply = post(QUESTION, type, "{\"question\":\"Why?\"}".getBytes(StandardCharsets.US_ASCII));
			assertProblem(reply, type);
			assertThat(reply.status()).as(type).isEqualTo(415);
		}
	}

	@Test
	void aContentTypeWithAnEmptyParameterIsReadAsJsonNotA500() throws Exception {
		// Spring's parser skips the empty parameter: the request is read as JSON and goes on (to the 503 of a
		// service without an upstream key); what it must not be is a 500 or the container's HTML page.
		RawHttp.Reply reply = post(QUESTION, "application/json;;charset",
				"{\"question\":\"Why?\"}".getBytes(StandardCharsets.US_ASCII));
		assertThat(reply.header("Content-Type")).as(reply.toString()).isEqualTo("application/problem+json");
		assertThat(reply.body()).contains("\"code\":\"upstream-not-configured\"");
	}

	@Test
	void aMultipartBodyWithoutItsClosingBoundaryIsA400Problem() throws Exception {
		byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n%PDF-1.4 and then nothing").getBytes(StandardCharsets.US_ASCII);
		RawHttp.Reply reply = post("/api/v1/documents", "multipart/form-data; boundary=" + BOUNDARY, body);
		assertProblem(reply, "unterminated multipart");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).contains("\"code\":\"malformed-multipart\"");
	}

	@Test
	void aFilenameWithNulIsRefusedOrIgnoredNeverA500() throws Exception {
		for (String filename : new String[] { "a\u0000.pdf", "a%00.pdf" }) {
			byte[] pdf = TestPdfs.letter(1, "nul");
			RawHttp.Reply reply = post("/api/v1/documents", "multipart/form-data; boundary=" + BOUNDARY,
					multipart(Map.of("file", filename), pdf));
			assertThat(reply.status()).as(reply.toString()).isIn(200, 201, 400);
			if (reply.status() == 400) {
				assertProblem(reply, filename);
			}
		}
		RawHttp.Reply starred = post("/api/v1/documents", "multipart/form-data; boundary=" + BOUNDARY,
				("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''a%00%ZZ.pdf"
						+ "\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
		assertThat(starred.status()).as(starred.toString()).isBetween(400, 499);
		assertProblem(starred, "filename*");
	}

	@Test
	void twoFilePartsAreA400AndNeitherIsStored() throws Exception {
		Mockito.clearInvocations(this.documents);
		byte[] first = multipart(Map.of("file", "one.pdf"), TestPdfs.letter(1, "first"));
		byte[] second = multipart(Map.of("file", "two.pdf"), TestPdfs.letter(1, "second"));
		int cut = first.length - tail().length + 2; // keep the CRLF that ends the first part's content
		byte[] body = new byte[cut + second.length];
		System.arraycopy(first, 0, body, 0, cut);
		System.arraycopy(second, 0, body, cut, second.length);
		for (String path : new String[] { "/api/v1/documents", "/api/v1/answers" }) {
			RawHttp.Reply reply = post(path, "multipart/form-data; boundary=" + BOUNDARY, body);
			assertProblem(reply, path);
			assertThat(reply.status()).as(path).isEqualTo(400);
			assertThat(reply.body()).contains("\"code\":\"multiple-files\"");
		}
		Mockito.verify(this.documents, Mockito.never()).store(Mockito.any());
	}

	@Test
	void aClientHangingUpMidUploadIsADebugLineNotAnError(CapturedOutput output) throws Exception {
		int before = output.getAll().length();
		for (int i = 0; i < 3; i++) {
			try (Socket socket = new Socket("localhost", this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write(("POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; "
						+ "boundary=" + BOUNDARY + "\r\nContent-Length: 5000000\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\""
						+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(new byte[200_000]);
				out.flush();
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output.getAll().substring(before)).contains("Client hung up during the upload"));
		String log = output.getAll().substring(before);
		assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat org.apache");
	}

	private RawHttp.Reply post(String path, String contentType, byte[] body) throws Exception {
		return new RawHttp(this.port).send("POST", path, Map.of("Content-Type", contentType), body);
	}

	private static void assertProblem(RawHttp.Reply reply, String what) {
		assertThat(reply.status()).as(what + ": " + reply).isBetween(400, 499);
		assertThat(reply.header("Content-Type")).as(what + ": " + reply).isEqualTo("application/problem+json");
		assertThat(reply.body()).as(what).contains("\"code\":\"");
	}

	private static byte[] multipart(Map<String, String> part, byte[] content) {
		Map.Entry<String, String> entry = part.entrySet().iterator().next();
		byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + entry.getKey()
				+ "\"; filename=\"" + entry.getValue() + "\"\r\nContent-Type: application/pdf\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		byte[] tail = tail();
		byte[] all = new byte[head.length + content.length + tail.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(content, 0, all, head.length, content.length);
		System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
		return all;
	}

	private static byte[] tail() {
		return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
	}

}
