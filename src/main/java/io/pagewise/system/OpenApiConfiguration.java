package io.pagewise.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description shown in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI pagewiseOpenApi() {
		return new OpenAPI().info(new Info().title("Pagewise API")
			.version("v1")
			.description("Ask questions about PDFs. Pagewise renders every page to an image, ranks the pages "
					+ "with a visual retriever and answers from the best pages with a vision model. "
					+ "Errors are RFC 9457 problems with a stable `code`.")
			.license(new License().name("Apache-2.0")));
	}

}
