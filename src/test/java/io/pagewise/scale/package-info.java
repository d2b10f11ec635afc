/**
 * Scale-out end to end: several Pagewise instances sharing Redis and S3-compatible storage, all real servers.
 */
@NullMarked
package io.pagewise.scale;

import org.jspecify.annotations.NullMarked;
