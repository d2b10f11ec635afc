package io.pagewise.collection;

import java.net.URI;
import java.nio.file.Path;

import io.pagewise.TestPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The collections HTTP API end to end on the embedded default (H2 file database under the storage directory). */
@SpringBootTest
@AutoConfigureMockMvc
class CollectionApiTests {

	@TempDir
	static Path storage;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("pagewise.storage.dir", storage::toString);
	}

	@Autowired
	private MockMvc mvc;

	@Test
	void createGetListPatchAndDeleteACollection() throws Exception {
		this.mvc.perform(post("/api/v1/collections").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"reports-2024\",\"metadata\":{\"owner\":\"finance\",\"tier\":1}}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/collections/reports-2024"))
			.andExpect(jsonPath("$.name").value("reports-2024"))
			.andExpect(jsonPath("$.metadata.owner").value("finance"))
			.andExpect(jsonPath("$.documents").value(0));
		this.mvc.perform(patch("/api/v1/collections/reports-2024").contentType(MediaType.APPLICATION_JSON)
			.content("{\"metadata\":{\"tier\":null,\"region\":\"eu\"}}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.metadata.owner").value("finance"))
			.andExpect(jsonPath("$.metadata.region").value("eu"))
			.andExpect(jsonPath("$.metadata.tier").doesNotExist());
		this.mvc.perform(get("/api/v1/collections/reports-2024"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.metadata.region").value("eu"));
		this.mvc.perform(get("/api/v1/collections").param("size", "100"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[?(@.name == 'reports-2024')]").exists());
		this.mvc.perform(delete("/api/v1/collections/reports-2024")).andExpect(status().isNoContent());
		this.mvc.perform(get("/api/v1/collections/reports-2024"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("collection-not-found"));
	}

	@Test
	void aTakenNameIsAConflictAndABadNameA400() throws Exception {
		create("taken");
		this.mvc.perform(post("/api/v1/collections").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"taken\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("collection-exists"));
		for (String bad : new String[] { "Upper", "-leading", "has space", "x".repeat(65), "" }) {
			this.mvc.perform(post("/api/v1/collections").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"" + bad + "\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.code").value("invalid-collection-name"));
		}
		// Bad names the firewall lets through reach the name check (a space is sent as %20).
		for (String bad : new String[] { "Bad Name", "Upper", "x".repeat(65) }) {
			this.mvc.perform(get("/api/v1/collections/{name}", bad))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.code").value("invalid-collection-name"));
		}
		// A spelling Spring Security's firewall refuses (an encoded percent) is a 400 problem too, before any check.
		this.mvc.perform(get(URI.create("/api/v1/collections/bad%25name")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("request-rejected"));
	}

	@Test
	void listingPagesWithACursorWithoutRepeatsOrGaps() throws Exception {
		for (String name : new String[] { "page-a", "page-b", "page-c" }) {
			create(name);
		}
		String first = this.mvc.perform(get("/api/v1/collections").param("after", "page-").param("size", "2"))
			.andExpect(jsonPath("$.items[0].name").value("page-a"))
			.andExpect(jsonPath("$.items[1].name").value("page-b"))
			.andExpect(jsonPath("$.next").value("page-b"))
			.andReturn().getResponse().getContentAsString();
		this.mvc.perform(get("/api/v1/collections").param("after", "page-b").param("size", "2"))
			.andExpect(jsonPath("$.items[0].name").value("page-c"));
		this.mvc.perform(get("/api/v1/collections").param("size", "0"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"));
	}

	@Test
	void addUploadListFilterAndRemoveDocuments() throws Exception {
		create("library");
		String id = uploadDocument(TestPdfs.letter(2, "annual report"));
		this.mvc.perform(put("/api/v1/collections/library/documents/" + id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\":\"Annual report\",\"metadata\":{\"year\":2023,\"lang\":\"en\"}}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.documentId").value(id))
			.andExpect(jsonPath("$.pageCount").value(2))
			.andExpect(jsonPath("$.title").value("Annual report"));
		this.mvc.perform(put("/api/v1/collections/library/documents/" + id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\":\"Annual report 2023\",\"metadata\":{\"year\":2023,\"lang\":\"en\"}}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.title").value("Annual report 2023"));
		MockMultipartFile file = new MockMultipartFile("file", "slides.pdf", "application/pdf",
				TestPdfs.letter(3, "quarterly slides"));
		String second = this.mvc.perform(multipart("/api/v1/collections/library/documents").file(file)
			.param("metadata", "{\"year\":2025,\"lang\":\"de\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.title").value("slides.pdf"))
			.andExpect(jsonPath("$.pageCount").value(3))
			.andReturn().getResponse().getContentAsString();
		this.mvc.perform(get("/api/v1/collections/library/documents"))
			.andExpect(jsonPath("$.items.length()").value(2));
		this.mvc.perform(get("/api/v1/collections/library/documents").param("filter", "{\"year\":{\"$gte\":2024}}"))
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].metadata.lang").value("de"));
		this.mvc.perform(get("/api/v1/collections/library/documents").param("filter", "{\"lang\":\"fr\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(0))
			.andExpect(jsonPath("$.next").doesNotExist());
		this.mvc.perform(get("/api/v1/collections/library/documents").param("filter", "{\"year\":{\"$near\":1}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-filter"));
		this.mvc.perform(get("/api/v1/collections/library/documents").param("filter", "{year"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-filter"));
		this.mvc.perform(get("/api/v1/collections/library")).andExpect(jsonPath("$.documents").value(2))
			.andExpect(jsonPath("$.pages").value(5));
		this.mvc.perform(delete("/api/v1/collections/library/documents/" + id)).andExpect(status().isNoContent());
		this.mvc.perform(delete("/api/v1/collections/library/documents/" + id))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("document-not-found"));
		this.mvc.perform(get("/api/v1/documents/" + id)).andExpect(status().isOk());
		this.mvc.perform(get("/api/v1/collections/library")).andExpect(jsonPath("$.documents").value(1));
	}

	@Test
	void addingAnUnknownDocumentIs404AndToAnUnknownCollection404() throws Exception {
		create("known");
		this.mvc.perform(put("/api/v1/collections/known/documents/" + "a".repeat(64))
			.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("document-not-found"));
		String id = uploadDocument(TestPdfs.letter(1, "orphan"));
		this.mvc.perform(put("/api/v1/collections/unknown/documents/" + id).contentType(MediaType.APPLICATION_JSON)
			.content("{}"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("collection-not-found"));
		this.mvc.perform(put("/api/v1/collections/known/documents/" + id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"metadata\":[1,2]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-metadata"));
	}

	@Test
	void deletingADocumentRemovesItFromEveryCollection() throws Exception {
		create("first");
		create("second");
		String id = uploadDocument(TestPdfs.letter(1, "deleted everywhere"));
		for (String collection : new String[] { "first", "second" }) {
			this.mvc.perform(put("/api/v1/collections/" + collection + "/documents/" + id)
				.contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isCreated());
		}
		this.mvc.perform(delete("/api/v1/documents/" + id)).andExpect(status().isNoContent());
		for (String collection : new String[] { "first", "second" }) {
			this.mvc.perform(get("/api/v1/collections/" + collection + "/documents"))
				.andExpect(jsonPath("$.items.length()").value(0));
		}
	}

	@Test
	void swaggerUiDocumentsEveryCollectionEndpointIncludingTheUpload() throws Exception {
		this.mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/collections'].post").exists())
			.andExpect(jsonPath("$.paths['/api/v1/collections'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/collections/{name}'].patch").exists())
			.andExpect(jsonPath("$.paths['/api/v1/collections/{name}/documents/{id}'].put").exists())
			.andExpect(jsonPath("$.paths['/api/v1/collections/{name}/documents'].post.requestBody.content['multipart/form-data']").exists())
			.andExpect(jsonPath("$.paths['/api/v1/collections/{name}/documents'].get.parameters[?(@.name == 'filter')]").exists());
	}

	private void create(String name) throws Exception {
		this.mvc.perform(post("/api/v1/collections").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"" + name + "\"}")).andExpect(status().isCreated());
	}

	private String uploadDocument(byte[] pdf) throws Exception {
		String body = this.mvc.perform(multipart("/api/v1/documents")
			.file(new MockMultipartFile("file", "doc.pdf", "application/pdf", pdf)))
			.andReturn().getResponse().getContentAsString();
		return com.jayway.jsonpath.JsonPath.read(body, "$.id");
	}

}
