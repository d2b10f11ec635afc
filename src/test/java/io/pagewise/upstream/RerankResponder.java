package io.pagewise.upstream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/rerank} as the provider documents it: validates the request (a document is a string or a
 * content-parts object, nothing else), scores every document by its content, sorts by score, honours
 * {@code top_n}, and reports batch-relative indexes and usage.
 */
final class RerankResponder implements ResponseDefinitionTransformerV2 {

	static final String NAME = "vultr-rerank";

	static final Set<String> MODELS = Set.of("vultr/VultronRetrieverFlash-Qwen3.5-0.8B",
			"vultr/VultronRetrieverCore-Qwen3.5-4.5B", "vultr/VultronRetrieverPrime-Qwen3.5-8B");

	private final StubSettings settings;

	RerankResponder(StubSettings settings) {
		this.settings = settings;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		ResponseDefinition refusal = Admission.refuse(serveEvent.getRequest(), this.settings);
		if (refusal != null) {
			return refusal;
		}
		JsonNode body = Json.parse(serveEvent.getRequest().getBody());
		if (body == null || !body.isObject()) {
			return UpstreamErrors.badRequest("Invalid JSON body", "");
		}
		return respond(body);
	}

	private ResponseDefinition respond(JsonNode body) {
		String model = body.path("model").isString() ? body.path("model").asString() : null;
		if (model == null || !body.path("query").isString()) {
			return UpstreamErrors.badRequest("model and query are required strings", body.toString());
		}
		if (!MODELS.contains(model)) {
			return UpstreamErrors.notFound("The model `" + model + "` does not exist.");
		}
		JsonNode documents = body.path("documents");
		JsonNode topN = body.path("top_n");
		if (!documents.isArray() || documents.isEmpty()) {
			return UpstreamErrors.badRequest("documents: a non-empty list is required", documents.toString());
		}
		if (!topN.isMissingNode() && !topN.isNull() && (!topN.isInt() || topN.intValue() < 1)) {
			return UpstreamErrors.badRequest("top_n: Input should be a positive integer", topN.toString());
		}
		List<Scored> scored = new ArrayList<>();
		for (int i = 0; i < documents.size(); i++) {
			Scored one = score(i, documents.get(i), this.settings);
			if (one == null) {
				return UpstreamErrors.badRequest("documents." + i
						+ ": Input should be a valid string or an object with a 'content' list of parts",
						documents.get(i).toString());
			}
			scored.add(one);
		}
		int images = (int) scored.stream().filter(Scored::image).count();
		StubSettings.simulateWork(this.settings.rerankLatency, images);
		int limit = topN.isInt() ? topN.intValue() : scored.size();
		return UpstreamErrors.json(200, Json.write(response(model, body.path("query").asString(), scored, limit)));
	}

	private static Map<String, Object> response(String model, String query, List<Scored> scored, int limit) {
		List<Map<String, Object>> results = scored.stream()
			.sorted(Comparator.comparingDouble(Scored::score).reversed())
			.limit(limit)
			.map(Scored::toJson)
			.toList();
		int tokens = PageScorer.textTokens(query) + scored.stream().mapToInt(Scored::tokens).sum();
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("id", "score-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
		response.put("model", model);
		response.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
		response.put("results", results);
		return response;
	}

	/** Scores one document, or {@code null} when its shape is invalid. */
	private static @Nullable Scored score(int index, JsonNode document, StubSettings settings) {
		if (document.isString()) {
			String text = document.asString();
			return new Scored(index, PageScorer.textScore(text), PageScorer.textTokens(text), false, text);
		}
		JsonNode parts = document.path("content");
		if (!document.isObject() || !parts.isArray() || parts.isEmpty()) {
			return null;
		}
		Scored best = null;
		for (JsonNode part : parts) {
			Scored one = scorePart(index, part, settings);
			if (one == null) {
				return null;
			}
			best = (best == null || one.score() > best.score()) ? one : best;
		}
		return best;
	}

	private static @Nullable Scored scorePart(int index, JsonNode part, StubSettings settings) {
		String type = part.path("type").asString("");
		if (type.equals("text") && part.path("text").isString()) {
			String text = part.path("text").asString();
			return new Scored(index, PageScorer.textScore(text), PageScorer.textTokens(text), false, text);
		}
		JsonNode url = part.path("image_url").path("url");
		double[] image = (type.equals("image_url") && url.isString()) ? settings.scoreImage(url.asString()) : null;
		if (image == null) {
			return null;
		}
		return new Scored(index, image[0], (int) image[1], true, "");
	}

	private record Scored(int index, double score, int tokens, boolean image, String text) {

		Map<String, Object> toJson() {
			return Map.of("index", this.index, "relevance_score", this.score, "document", Map.of("text", this.text));
		}

	}

}
