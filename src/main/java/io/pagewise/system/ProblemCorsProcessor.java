package io.pagewise.system;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/** Spring's CORS checks, with a refused cross-origin request answered as a 403 problem instead of plain text. */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final ProblemWriter problems;

	ProblemCorsProcessor(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		if (!(response instanceof ServletServerHttpResponse servlet)) {
			super.rejectRequest(response);
			return;
		}
		this.problems.write(servlet.getServletResponse(), HttpStatus.FORBIDDEN, "cors-rejected",
				"Cross-origin request refused",
				"This origin, method or header is not allowed by the CORS configuration.", null);
	}

}
