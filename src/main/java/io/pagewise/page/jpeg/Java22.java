package io.pagewise.page.jpeg;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * Reaches the classes compiled for Java 22 from {@code src/main/java22} (the libjpeg-turbo bindings, which need
 * the final FFM API) from code compiled for Java 21, reflectively: built or running on Java 21 they are absent.
 */
final class Java22 {

	private Java22() {
	}

	/**
	 * Calls {@code className.method(arguments)}, a static method returning {@code type}; null if the class is not
	 * there (built with, or running on, Java 21) or the method returns null.
	 */
	static <T> @Nullable T call(String className, String method, Class<T> type, Object... arguments) {
		try {
			Class<?> target = Class.forName(className);
			Class<?>[] parameters = new Class<?>[arguments.length];
			for (int i = 0; i < arguments.length; i++) {
				parameters[i] = (arguments[i] instanceof Float) ? float.class : arguments[i].getClass();
			}
			MethodHandle handle = MethodHandles.lookup()
				.findStatic(target, method, MethodType.methodType(type, parameters));
			return type.cast(handle.invokeWithArguments(arguments));
		}
		catch (ClassNotFoundException | UnsupportedClassVersionError ex) {
			return null;
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			throw new IllegalStateException(className + "." + method + " does not match " + type.getSimpleName(), ex);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

}
