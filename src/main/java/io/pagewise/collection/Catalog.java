package io.pagewise.collection;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs catalog work in one transaction each (bounded by {@code pagewise.collections.transaction-timeout}), once the
 * schema is migrated; a database that cannot be reached becomes 503 {@code catalog-unavailable}, not a 500.
 */
@Component
class Catalog {

	private final CatalogSchema schema;

	private final TransactionTemplate transactions;

	Catalog(CatalogSchema schema, PlatformTransactionManager transactions, CollectionProperties properties) {
		this.schema = schema;
		this.transactions = new TransactionTemplate(transactions);
		this.transactions.setTimeout((int) Math.max(1, properties.transactionTimeout().toSeconds()));
	}

	<T> T inTransaction(TransactionCallback<T> work) {
		this.schema.ready();
		try {
			T result = this.transactions.execute(work);
			if (result == null) {
				throw new IllegalStateException("Catalog work returned nothing");
			}
			return result;
		}
		catch (DbActionExecutionException ex) {
			// Spring Data JDBC wraps what the database said (a duplicate name, a stale version): unwrap it.
			throw (ex.getCause() instanceof DataAccessException cause) ? translated(cause) : ex;
		}
		catch (DataAccessException ex) {
			throw translated(ex);
		}
		catch (CannotCreateTransactionException | TransactionTimedOutException ex) {
			throw CollectionProblems.catalogUnavailable(ex);
		}
	}

	/** Conflicts go back to the caller, which knows what they mean; an unreachable or stalled database is a 503. */
	private static RuntimeException translated(DataAccessException ex) {
		if (ex instanceof OptimisticLockingFailureException) {
			return ex;
		}
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException) {
			return CollectionProblems.catalogUnavailable(ex);
		}
		return ex;
	}

}
