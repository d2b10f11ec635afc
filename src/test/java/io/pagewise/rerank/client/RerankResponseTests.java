package io.pagewise.rerank.client;

import io.pagewise.inference.MalformedResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A 200 that does not score every document of the batch exactly once is a failure, never a partial ranking. */
class RerankResponseTests {

	@Test
	void scoresAreAlignedByIndex() {
		assertThat(read("[{\"index\":1,\"relevance_score\":5.0},{\"index\":0,\"relevance_score\":2.0}]").scores(2))
			.containsExactly(2.0, 5.0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "[{\"index\":0,\"relevance_score\":2.0}]",
			"[{\"index\":0,\"relevance_score\":2.0},{\"index\":0,\"relevance_score\":3.0}]",
			"[{\"index\":0,\"relevance_score\":2.0},{\"index\":2,\"relevance_score\":3.0}]",
			"[{\"index\":0,\"relevance_score\":2.0},{\"index\":-1,\"relevance_score\":3.0}]",
			"[{\"index\":0,\"relevance_score\":2.0},{\"relevance_score\":3.0}]",
			"[{\"index\":0,\"relevance_score\":2.0},{\"index\":1}]",
			"[{\"index\":0,\"relevance_score\":2.0},null]",
			"[{\"index\":0,\"relevance_score\":2.0},{\"index\":1,\"relevance_score\":3.0},"
					+ "{\"index\":1,\"relevance_score\":3.0}]",
			"[]" })
	void resultsThatDoNotCoverEveryDocumentExactlyOnceAreMalformed(String results) {
		assertThatExceptionOfType(MalformedResponseException.class).isThrownBy(() -> read(results).scores(2));
	}

	@Test
	void missingResultsAreMalformed() {
		RerankResponse response = JsonMapper.shared().readValue("{\"id\":\"x\"}", RerankResponse.class);
		assertThatExceptionOfType(MalformedResponseException.class).isThrownBy(() -> response.scores(1));
	}

	@Test
	void missingUsageCountsNoTokens() {
		assertThat(read("[]").tokens()).isZero();
	}

	private static RerankResponse read(String results) {
		return JsonMapper.shared().readValue("{\"results\":" + results + "}", RerankResponse.class);
	}

}
