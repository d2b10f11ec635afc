package io.pagewise.rerank.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.pagewise.page.PageImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes we send to {@code /v1/rerank}, and that Boot's mapper (the one WebClient decodes with) reads
 * the answer. An image sent as a bare string would be scored as text without any error, so the shape is pinned.
 */
@JsonTest
class RerankWireFormatTests {

	private static final String MODEL = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B";

	@Autowired
	private JsonMapper jsonMapper;

	@Test
	void anImageIsAContentPartsObjectNeverABareString() {
		PageImage page = new PageImage(7, 1, 1, new byte[] { 1, 2, 3 });
		String json = new String(RerankBody.of(MODEL, "Q3 revenue?").serialize(List.of(page)), StandardCharsets.UTF_8);
		assertThat(json).isEqualTo("{\"model\":\"vultr/VultronRetrieverFlash-Qwen3.5-0.8B\",\"query\":\"Q3 revenue?\","
				+ "\"documents\":[{\"content\":[{\"type\":\"image_url\","
				+ "\"image_url\":{\"url\":\"data:image/jpeg;base64,AQID\"}}]}],\"top_n\":1}");
	}

	@Test
	void everyPageIsSentInOrderAndTopNAsksForAllOfThem() {
		List<PageImage> pages = pages(12, new Random(1));
		JsonNode request = this.jsonMapper.readTree(RerankBody.of(MODEL, "q").serialize(pages));
		assertThat(request.path("top_n").intValue()).isEqualTo(12);
		assertThat(request.path("documents")).hasSize(12);
		for (int i = 0; i < pages.size(); i++) {
			JsonNode document = request.path("documents").get(i);
			assertThat(document.isObject()).isTrue();
			assertThat(document.path("content").get(0).path("type").asString()).isEqualTo("image_url");
			assertThat(document.path("content").get(0).path("image_url").path("url").asString())
				.isEqualTo(pages.get(i).dataUri());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain question", "with \"quotes\", \\backslashes\\ and /slashes/",
			"Umsatz für Q3 — 第三季度的收入是多少？ 😀", "control\u0001chars\n\ttabs\u007f",
			"</script><!--" })
	void thePredictedSizeIsExactlyTheSerializedSize(String query) {
		RerankBody body = RerankBody.of(MODEL, query);
		Random random = new Random(query.hashCode());
		for (int count : new int[] { 1, 2, 9, 10, 11, 99, 100, 101 }) {
			List<PageImage> pages = pages(count, random);
			assertThat(body.size(pages)).as("%d pages", count).isEqualTo(body.serialize(pages).length);
		}
	}

	@Test
	void bootsMapperReadsTheAnswerByIndexIgnoringOrderAndEcho() {
		String json = "{\"id\":\"score-ac2ebcd0dfa55f34\",\"model\":\"" + MODEL + "\","
				+ "\"usage\":{\"prompt_tokens\":95,\"total_tokens\":97},\"results\":["
				+ "{\"index\":2,\"relevance_score\":4.84,\"document\":{\"text\":\"page 1\"}},"
				+ "{\"index\":0,\"relevance_score\":2.57,\"document\":{\"text\":\"page 3\"}},"
				+ "{\"index\":1,\"relevance_score\":3.01,\"extra\":true}],\"unknown\":{}}";
		RerankResponse response = this.jsonMapper.readValue(json, RerankResponse.class);
		assertThat(response.scores(3)).containsExactly(2.57, 3.01, 4.84);
		assertThat(response.tokens()).isEqualTo(97);
	}

	private static List<PageImage> pages(int count, Random random) {
		return IntStream.rangeClosed(1, count).mapToObj((n) -> {
			byte[] jpeg = new byte[random.nextInt(1, 400)];
			random.nextBytes(jpeg);
			return new PageImage(n, 10, 10, jpeg);
		}).toList();
	}

}
