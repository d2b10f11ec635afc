/** The result caches of rankings and answers: in this process or in Redis ({@code pagewise.cache.type}). */
@NullMarked
package io.pagewise.answer.cache;

import org.jspecify.annotations.NullMarked;
