package io.pagewise.collection;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/** Collections of documents with metadata: create, list, edit, delete; add, list (filtered) and remove documents. */
@RestController
@RequestMapping("/api/v1/collections")
@Tag(name = "Collections", description = "Group documents, with metadata to filter them by")
@ApiResponse(responseCode = "4XX", description = "invalid-collection-name, collection-not-found, collection-exists, "
		+ "document-not-found, invalid-filter, invalid-metadata",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemDetail.class)))
class CollectionController {

	private static final String FILTER_DOC = "A metadata filter (JSON, URL-encoded), e.g. {\"year\":{\"$gte\":2020}}; "
			+ "operators $eq, $in, $gt, $gte, $lt, $lte, $exists, $and, $or, $not";

	private final Collections collections;

	private final CollectionMembers members;

	private final CollectionProperties properties;

	private final FilterParameter filters;

	CollectionController(Collections collections, CollectionMembers members, CollectionProperties properties,
			FilterParameter filters) {
		this.collections = collections;
		this.members = members;
		this.properties = properties;
		this.filters = filters;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a collection", description = "409 collection-exists if the name is taken.")
	@ApiResponse(responseCode = "201", description = "Created")
	ResponseEntity<CollectionView> create(@RequestBody NewCollection request) {
		CollectionView created = this.collections.create(request.name(), request.metadata());
		return ResponseEntity.created(URI.create("/api/v1/collections/" + created.name())).body(created);
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List collections in name order",
			description = "Pass the response's `next` as `after` for the following page.")
	@ApiResponse(responseCode = "200", description = "A page of collections")
	Listing<CollectionView> list(@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable Integer size) {
		return this.collections.list(after, size(size));
	}

	@GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A collection with its metadata, document and page counts")
	@ApiResponse(responseCode = "200", description = "The collection")
	CollectionView get(@PathVariable String name) {
		return this.collections.get(name);
	}

	@PatchMapping(path = "/{name}", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Merge metadata into a collection's",
			description = "RFC 7396 merge: keys replace, null removes a key, nested objects merge.")
	@ApiResponse(responseCode = "200", description = "The collection, merged")
	CollectionView patch(@PathVariable String name, @RequestBody CollectionPatch request) {
		return this.collections.patch(name, request.metadata());
	}

	@DeleteMapping("/{name}")
	@Operation(summary = "Delete a collection (its documents stay)")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.collections.delete(name);
		return ResponseEntity.noContent().build();
	}

	@PutMapping(path = "/{name}/documents/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add an uploaded document (by its SHA-256 id), or replace its title and metadata here")
	@ApiResponse(responseCode = "201", description = "Added")
	@ApiResponse(responseCode = "200", description = "Title and metadata replaced")
	ResponseEntity<MemberView> put(@PathVariable String name, @PathVariable String id,
			@RequestBody(required = false) @Nullable MemberRequest request) {
		MemberRequest body = (request != null) ? request : new MemberRequest(null, null);
		return added(name, this.members.put(name, id, body.title(), body.metadata()));
	}

	@PostMapping(path = "/{name}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a PDF and add it in one call",
			description = "As POST /api/v1/documents, then PUT …/documents/{id}. `metadata` is a JSON object.")
	@ApiResponse(responseCode = "201", description = "Added")
	ResponseEntity<MemberView> upload(@PathVariable String name, @RequestPart("file") MultipartFile file,
			@RequestParam(required = false) @Nullable String title,
			@RequestParam(required = false) @Nullable String metadata) {
		JsonNode values = this.filters.metadata(metadata);
		String named = (title != null) ? title : file.getOriginalFilename();
		return added(name, this.members.upload(name, file::getInputStream, named, values));
	}

	@GetMapping(path = "/{name}/documents", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List a collection's documents in id order, optionally filtered by metadata",
			description = "A filter that matches nothing gives an empty list. Pass `next` as `after` to page.")
	@ApiResponse(responseCode = "200", description = "A page of the collection's documents")
	Listing<MemberView> documents(@PathVariable String name,
			@RequestParam(required = false) @Parameter(description = FILTER_DOC) @Nullable String filter,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable Integer size) {
		return this.members.list(name, this.filters.filter(filter), after, size(size));
	}

	@GetMapping(path = "/{name}/documents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One document's title and metadata in this collection")
	@ApiResponse(responseCode = "200", description = "The document's membership")
	MemberView document(@PathVariable String name, @PathVariable String id) {
		return this.members.get(name, id);
	}

	@DeleteMapping("/{name}/documents/{id}")
	@Operation(summary = "Remove a document from the collection (the document itself stays)")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> remove(@PathVariable String name, @PathVariable String id) {
		this.members.remove(name, id);
		return ResponseEntity.noContent().build();
	}

	private ResponseEntity<MemberView> added(String name, CollectionMembers.Added added) {
		if (!added.created()) {
			return ResponseEntity.ok(added.member());
		}
		return ResponseEntity
			.created(URI.create("/api/v1/collections/" + name + "/documents/" + added.member().documentId()))
			.body(added.member());
	}

	private int size(@Nullable Integer size) {
		if (size == null) {
			return this.properties.pageSize();
		}
		if (size < 1 || size > this.properties.maxPageSize()) {
			throw CollectionProblems.invalidRequest("size is 1 to " + this.properties.maxPageSize() + ".");
		}
		return size;
	}

	/** {@code POST /api/v1/collections}. */
	record NewCollection(String name, @Nullable JsonNode metadata) {
	}

	/** {@code PATCH /api/v1/collections/{name}}. */
	record CollectionPatch(@Nullable JsonNode metadata) {
	}

	/** {@code PUT /api/v1/collections/{name}/documents/{id}}. */
	record MemberRequest(@Nullable String title, @Nullable JsonNode metadata) {
	}

}
