@NullMarked
package io.pagewise.system;

import org.jspecify.annotations.NullMarked;
