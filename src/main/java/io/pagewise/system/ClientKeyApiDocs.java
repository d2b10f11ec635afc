package io.pagewise.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the client key in the OpenAPI description, so Swagger UI's "Authorize" sends it: {@code X-API-Key} or
 * {@code Authorization: Bearer}, either one. Declared whether or not this server has keys configured, so the spec
 * is the same everywhere (a server without keys ignores them).
 */
@Configuration(proxyBeanMethods = false)
class ClientKeyApiDocs {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	private static final String REQUIRED_WHEN = "Required when the server has client keys configured "
			+ "(pagewise.security.api-keys); ignored otherwise.";

	@Bean
	OpenApiCustomizer clientKeySecurityScheme() {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents()
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name(ClientKeyConverter.HEADER)
					.description("A client key. " + REQUIRED_WHEN))
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("A client key as a bearer token. " + REQUIRED_WHEN));
			// Two requirements are alternatives: either scheme authorizes every operation.
			openApi.addSecurityItem(new SecurityRequirement().addList(API_KEY))
				.addSecurityItem(new SecurityRequirement().addList(BEARER));
		};
	}

}
