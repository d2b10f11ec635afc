package io.pagewise.system;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFilterTests {

	private final ProblemWriter problems = new ProblemWriter(JsonMapper.builder().build());

	@Test
	void withoutConfiguredKeysEverythingIsOpen() throws Exception {
		assertThat(status(filter(List.of(), true), "/api/v1/documents", null)).isEqualTo(200);
	}

	@Test
	void prometheusNeedsAKeyOnlyWhenProtected() throws Exception {
		assertThat(status(filter(List.of("k"), false), "/actuator/prometheus", null)).isEqualTo(200);
		assertThat(status(filter(List.of("k"), true), "/actuator/prometheus", null)).isEqualTo(401);
		assertThat(status(filter(List.of("k"), true), "/actuator/prometheus", "k")).isEqualTo(200);
	}

	@Test
	void healthAndPagesOutsideTheApiNeverNeedAKey() throws Exception {
		ApiKeyFilter filter = filter(List.of("k"), true);
		assertThat(status(filter, "/actuator/health/readiness", null)).isEqualTo(200);
		assertThat(status(filter, "/", null)).isEqualTo(200);
		assertThat(status(filter, "/swagger-ui.html", null)).isEqualTo(200);
	}

	@Test
	void blankKeysInConfigurationAreIgnored() throws Exception {
		ApiKeyFilter filter = filter(List.of(" ", ""), true);
		assertThat(status(filter, "/api/v1/documents", null)).as("no real key configured").isEqualTo(200);
		assertThat(status(filter(List.of(" ", "k"), true), "/api/v1/documents", "")).isEqualTo(401);
	}

	private ApiKeyFilter filter(List<String> keys, boolean protectPrometheus) {
		return new ApiKeyFilter(new SecurityProperties(keys, protectPrometheus, List.of(), DataSize.ofKilobytes(64)),
				this.problems);
	}

	private static int status(ApiKeyFilter filter, String path, String key) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		if (key != null) {
			request.addHeader("X-API-Key", key);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

}
