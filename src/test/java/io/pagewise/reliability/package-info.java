/**
 * Reliability and security of the whole service: a hostile upstream (faults, outages, hangs, refused keys,
 * malformed answers), load, secrets, data safety and hostile PDFs — each proven over HTTP against the running
 * application.
 */
@NullMarked
package io.pagewise.reliability;

import org.jspecify.annotations.NullMarked;
