package io.pagewise.system;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description shown in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY_SCHEME = "apiKey";

	static final String BEARER_SCHEME = "bearer";

	@Bean
	OpenAPI pagewiseOpenApi() {
		return new OpenAPI().info(new Info().title("Pagewise API")
			.version("v1")
			.description("Ask questions about PDFs. Pagewise renders every page to an image, ranks the pages "
					+ "with a visual retriever and answers from the best pages with a vision model. "
					+ "Errors are RFC 9457 problems with a stable `code`.")
			.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
			// Relative: the API is wherever the description was fetched from, never the host springdoc guessed.
			.servers(List.of(new Server().url("/").description("This server")));
	}

	/** The standard problem responses (400, 404, 413, …) on every operation, as {@code application/problem+json}. */
	@Bean
	OpenApiCustomizer problemResponses(SecurityProperties security) {
		return new ProblemResponses(!security.apiKeys().isEmpty());
	}

	/**
	 * The client-key scheme, so Swagger UI's "Authorize" sends the key: {@code X-API-Key} or
	 * {@code Authorization: Bearer}, either one (two requirements are alternatives). Declared whether or not this
	 * server has keys configured; with none the API is open, which a third, empty requirement says ({@code {}}: no
	 * key needed). The only declaration of these schemes.
	 */
	@Bean
	OpenApiCustomizer clientKeySecurity(SecurityProperties security) {
		return (openApi) -> {
			Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
			openApi.setComponents(components
				.addSecuritySchemes(API_KEY_SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name(ClientKeyConverter.HEADER)
							.description("A client key (pagewise.security.api-keys)"))
				.addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The same client key as a bearer token")));
			List<SecurityRequirement> requirements = new ArrayList<>(List.of(
					new SecurityRequirement().addList(API_KEY_SCHEME), new SecurityRequirement().addList(BEARER_SCHEME)));
			if (security.apiKeys().isEmpty()) {
				requirements.add(new SecurityRequirement());
			}
			openApi.setSecurity(requirements);
		};
	}

}
