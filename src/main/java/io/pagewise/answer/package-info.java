@NullMarked
package io.pagewise.answer;

import org.jspecify.annotations.NullMarked;
