package io.pagewise.upstream;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import org.jspecify.annotations.Nullable;

/** What every model route checks before reading the body: the bearer key, then the body size limit. */
final class Admission {

	/** The provider's proxy refuses bodies above ~1 MB. */
	static final int MAX_BODY_BYTES = 1_000_000;

	private Admission() {
	}

	/** The refusal for this request, or {@code null} when it may proceed. */
	static @Nullable ResponseDefinition refuse(Request request, StubSettings settings) {
		if (!("Bearer " + settings.apiKey).equals(request.getHeader("Authorization"))) {
			return UpstreamErrors.unauthorized();
		}
		if (request.getBody() != null && request.getBody().length > MAX_BODY_BYTES) {
			return UpstreamErrors.tooLarge();
		}
		return null;
	}

}
