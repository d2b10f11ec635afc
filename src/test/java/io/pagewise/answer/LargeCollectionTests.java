package io.pagewise.answer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.pagewise.upstream.VultrStub;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 2,000-page collection (20 documents of 100 small text pages, rendered at the lowest resolution to keep the
 * test cheap): a question reranks only the first stage's candidates, so it costs at most
 * ceil(candidates / pages per batch) rerank calls, counted at the stub.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pagewise.rerank.max-pages-per-batch=10", "pagewise.render.dpi=36" })
class LargeCollectionTests {

	private static final int DOCUMENTS = 20;

	private static final int PAGES = 100;

	private static final int PAGES_PER_BATCH = 10;

	@RegisterExtension
	static final VultrStub upstream = VultrStub.start();

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", () -> storage.toString());
		registry.add("pagewise.inference.base-url", () -> upstream.baseUrl() + "/v1/");
		registry.add("pagewise.inference.api-key", upstream::apiKey);
	}

	@LocalServerPort
	private int port;

	@Test
	void aQuestionOverTwoThousandPagesReranksOnlyTheCandidatesInFewCalls() throws Exception {
		CollectionClient client = new CollectionClient(this.port);
		client.create("archive");
		String holder = null;
		for (int document = 1; document <= DOCUMENTS; document++) {
			String id = client.add("archive", pdf(document), "Logbook " + document, "{\"volume\":" + document + "}");
			if (document == 17) {
				holder = id;
			}
		}
		upstream.reset();
		upstream.answer("The hangar is in logbook 17.");

		JsonNode answer = client.ok("/api/v1/collections/archive/answers",
				"{\"question\":\"Where is the zeppelin hangar?\"}");

		assertThat(answer.get("retriever").asString()).isEqualTo("lexical+rerank");
		assertThat(answer.get("pagesInCollection").asLong()).isEqualTo(DOCUMENTS * PAGES);
		int candidates = answer.get("candidatePages").asInt();
		System.out.printf("%n2,000-page collection: %d candidate pages, %d rerank calls, %d rerank tokens, %s%n",
				candidates, upstream.rerankRequests().size(), answer.get("usage").get("rerankTokens").asLong(),
				answer.get("timings"));
		assertThat(candidates).isBetween(1, 100);
		assertThat(upstream.rerankRequests()).as("rerank calls")
			.hasSizeLessThanOrEqualTo((candidates + PAGES_PER_BATCH - 1) / PAGES_PER_BATCH);
		assertThat(answer.get("ranking")).hasSize(candidates);
		String expected = holder;
		assertThat(answer.get("ranking").valueStream())
			.anySatisfy((page) -> {
				assertThat(page.get("documentId").asString()).isEqualTo(expected);
				assertThat(page.get("page").asInt()).isEqualTo(42);
			});
		assertThat(upstream.chatRequests()).hasSize(1);

		JsonNode ranking = client.ok("/api/v1/collections/archive/rankings",
				"{\"query\":\"zeppelin hangar\",\"candidates\":30,\"topN\":3}");
		assertThat(ranking.get("candidatePages").asInt()).as("only one page holds the words; none is textless")
			.isEqualTo(1);
		assertThat(ranking.get("upstreamCalls").asInt()).isEqualTo(1);
		assertThat(ranking.get("ranking")).singleElement()
			.satisfies((page) -> assertThat(page.get("documentId").asString()).isEqualTo(expected));
	}

	/** 100 small pages of log text; page 42 of document 17 mentions the zeppelin hangar. */
	private static byte[] pdf(int document) {
		try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (int page = 1; page <= PAGES; page++) {
				PDPage pdfPage = new PDPage(new PDRectangle(144, 144));
				pdf.addPage(pdfPage);
				String text = (document == 17 && page == 42) ? "The zeppelin hangar stands here"
						: "Volume " + document + " entry " + page + " weather calm, the crew rested";
				try (PDPageContentStream content = new PDPageContentStream(pdf, pdfPage)) {
					content.beginText();
					content.setFont(font, 6);
					content.newLineAtOffset(8, 72);
					content.showText(text);
					content.endText();
				}
			}
			pdf.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
