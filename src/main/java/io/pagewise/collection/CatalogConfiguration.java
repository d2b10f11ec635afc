package io.pagewise.collection;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcH2Dialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/** The catalog's database plumbing: migration and SQL dialect. */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

	@Bean
	CatalogSchema catalogSchema() {
		return new CatalogSchema();
	}

	/**
	 * The dialect from the configured URL, so that start-up does not need the database (Spring Data JDBC would ask
	 * it); only a database other than the two supported ones is asked.
	 */
	@Bean
	JdbcDialect catalogDialect(DataSourceProperties dataSource, NamedParameterJdbcOperations operations) {
		String url = dataSource.determineUrl();
		if (url != null && url.startsWith("jdbc:postgresql:")) {
			return JdbcPostgresDialect.INSTANCE;
		}
		if (url != null && url.startsWith("jdbc:h2:")) {
			return JdbcH2Dialect.INSTANCE;
		}
		return DialectResolver.getDialect(operations.getJdbcOperations());
	}

	/**
	 * Unquoted table and column names, as the migrations write them, so each database folds their case its own
	 * way (H2 to upper, PostgreSQL to lower). Spring Data JDBC quotes by default, in the dialect's case.
	 */
	@Bean
	static BeanPostProcessor unquotedCatalogNames() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof RelationalMappingContext context) {
					context.setForceQuote(false);
				}
				return bean;
			}

		};
	}

}
