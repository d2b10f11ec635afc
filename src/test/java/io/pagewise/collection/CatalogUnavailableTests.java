package io.pagewise.collection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A catalog database that cannot be opened (here: the H2 file's directory cannot be created) does not stop the
 * service; collection requests answer 503 {@code catalog-unavailable} with {@code Retry-After}, never a 500.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CatalogUnavailableTests {

	@TempDir
	static Path temp;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path file = Files.writeString(temp.resolve("a-regular-file"), "not a directory");
		registry.add("pagewise.storage.dir", () -> file.resolve("data").toString());
	}

	@Autowired
	private MockMvc mvc;

	@Test
	void collectionRequestsAreA503ProblemAndTheServiceStaysUp() throws Exception {
		this.mvc.perform(post("/api/v1/collections").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"))
			.andExpect(jsonPath("$.code").value("catalog-unavailable"))
			.andExpect(content().string(not(containsString("a-regular-file"))));
		this.mvc.perform(get("/api/v1/collections"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("catalog-unavailable"));
		this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
	}

}
