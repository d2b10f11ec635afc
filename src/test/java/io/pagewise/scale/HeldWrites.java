package io.pagewise.scale;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;

/**
 * Holds object writes at the server, so a test can make a client's write arrive late (after another client's
 * delete, say) without any hook in the code under test. Hand-written: a JDK proxy around jclouds' {@link BlobStore}
 * interface, which S3Proxy serves; every other call passes straight through.
 */
final class HeldWrites {

	private volatile String suffix;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile CountDownLatch arrived = new CountDownLatch(1);

	synchronized void hold(String suffix) {
		this.arrived = new CountDownLatch(1);
		this.gate = new CountDownLatch(1);
		this.suffix = suffix;
	}

	synchronized void release() {
		this.suffix = null;
		this.gate.countDown();
	}

	void awaitHeld(Duration timeout) throws InterruptedException {
		if (!this.arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("No held write arrived within " + timeout);
		}
	}

	BlobStore wrap(BlobStore store) {
		return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] { BlobStore.class },
				(proxy, method, args) -> {
					if (method.getName().equals("putBlob") && args[1] instanceof Blob blob) {
						awaitGate(blob.getMetadata().getName());
					}
					try {
						return method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private void awaitGate(String key) throws InterruptedException {
		String held = this.suffix;
		CountDownLatch gate = this.gate;
		if (held != null && key.endsWith(held)) {
			this.arrived.countDown();
			gate.await(1, TimeUnit.MINUTES);
		}
	}

}
