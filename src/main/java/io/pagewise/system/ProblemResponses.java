package io.pagewise.system;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds the problem responses every operation can give, so Swagger UI shows a live 400 or 404 as documented rather
 * than "Undocumented". Which ones apply follows from the operation's shape: a path with a document id or a
 * collection name can be 404,
 * a request body can be malformed, too large or of the wrong type, and a question goes to the upstream models.
 * Responses an operation declares itself are kept.
 */
final class ProblemResponses implements OpenApiCustomizer {

	static final String SCHEMA = "ProblemDetail";

	private final boolean clientKeys;

	ProblemResponses(boolean clientKeys) {
		this.clientKeys = clientKeys;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.setComponents(components.addSchemas(SCHEMA, problemSchema()));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses()
					: new ApiResponses();
			operation.setResponses(responses);
			problemsOf(path, operation).forEach((status, description) -> {
				if (!responses.containsKey(status)) {
					responses.addApiResponse(status, problem(description));
				}
			});
		}));
	}

	private Map<String, String> problemsOf(String path, Operation operation) {
		boolean body = operation.getRequestBody() != null;
		boolean upstream = path.endsWith("/answers") || path.endsWith("/rankings");
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("400", "Invalid request: malformed JSON (the detail says where), a missing or invalid field, "
				+ "document id or model (`invalid-request`, `invalid-document-id`, `unknown-model`, `missing-file`)");
		if (this.clientKeys) {
			problems.put("401", "No valid client key (`unauthorized`)");
		}
		if (path.contains("{id}") || path.contains("{name}")) {
			problems.put("404", "No such document, page or collection (`document-not-found`, `page-not-found`, "
					+ "`collection-not-found`)");
		}
		if (body) {
			problems.put("413", "The upload or JSON body is too large (`upload-too-large`)");
			problems.put("415", "Not a PDF, or a body of the wrong media type (`not-a-pdf`, `unsupported-media-type`)");
			problems.put("422", "A PDF that cannot be used: encrypted, unreadable, too many pages, too complex "
					+ "(`pdf-encrypted`, `pdf-unreadable`, `too-many-pages`, `pdf-too-complex`, `page-too-large`)");
		}
		if (upstream) {
			problems.put("502", "The upstream model refused or the answer was cut off (`upstream-rejected`, "
					+ "`answer-truncated`)");
		}
		problems.put("503", "Try again later (see `Retry-After`): not enough memory, storage or upstream "
				+ "unavailable (`insufficient-memory`, `upstream-unavailable`, `upstream-not-configured`)");
		if (upstream) {
			problems.put("504", "The upstream model took too long (`upstream-timeout`)");
		}
		return problems;
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem; switch on `code`, show `title` and `detail`")
			.addProperty("type", new StringSchema().format("uri").example("about:blank"))
			.addProperty("title", new StringSchema().description("Short, plain words").example("Not a PDF"))
			.addProperty("status", new IntegerSchema().example(415))
			.addProperty("detail", new StringSchema().description("What went wrong with this request")
				.example("The uploaded file does not start with a PDF header (%PDF-)."))
			.addProperty("instance", new StringSchema().format("uri-reference").example("/api/v1/answers"))
			.addProperty("code", new StringSchema().description("Stable machine-readable code").example("not-a-pdf"));
	}

}
