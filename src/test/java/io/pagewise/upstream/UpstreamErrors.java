package io.pagewise.upstream;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/** Error responses shaped like the real service's (vLLM/OpenAI JSON; the 413 comes from the proxy, in HTML). */
final class UpstreamErrors {

	private UpstreamErrors() {
	}

	static ResponseDefinition unauthorized() {
		return json(401, "{\"error\":{\"message\":\"Invalid API key provided.\",\"type\":\"invalid_request_error\","
				+ "\"code\":\"invalid_api_key\"}}");
	}

	static ResponseDefinition tooLarge() {
		return aResponse().withStatus(413)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><head><title>413 Request Entity Too Large</title></head><body><center>"
					+ "<h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>")
			.build();
	}

	/** vLLM-style validation error; like pydantic's, its message quotes the offending input. */
	static ResponseDefinition badRequest(String message, String inputEcho) {
		String echo = inputEcho.substring(0, Math.min(inputEcho.length(), 120));
		return json(400, "{\"object\":\"error\",\"message\":" + Json.quote(message + " [input_value=" + echo + "]")
				+ ",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
	}

	static ResponseDefinition notFound(String message) {
		return json(404, "{\"object\":\"error\",\"message\":" + Json.quote(message)
				+ ",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}");
	}

	static ResponseDefinition json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
	}

}
