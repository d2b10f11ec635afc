package io.pagewise.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Checks every multipart request before a controller sees it (see {@link SingleFileParts}). */
@Configuration(proxyBeanMethods = false)
class MultipartChecks implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SingleFileParts());
	}

}
