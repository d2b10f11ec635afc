package io.pagewise.system;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What sits around the controllers besides Spring Security: the JSON body size check, a servlet filter after
 * Security's chain (order 0, where that chain is at -100), so a request without a key is refused before its body
 * matters; and the one-file-per-part check on multipart requests.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SingleFileParts());
	}

	@Bean
	FilterRegistrationBean<JsonBodyLimitFilter> jsonBodyLimitFilter(SecurityProperties properties,
			ProblemWriter problems) {
		FilterRegistrationBean<JsonBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new JsonBodyLimitFilter(properties, problems));
		registration.setOrder(0);
		return registration;
	}

}
