package io.pagewise.rerank;

/** Counts one ranking's batches as they are planned and scored, and tells a {@link RankProgress}. */
final class BatchProgress {

	private final RankProgress listener;

	private int planned;

	private int ranked;

	private boolean allPlanned;

	BatchProgress(RankProgress listener) {
		this.listener = listener;
	}

	synchronized void planned() {
		this.planned++;
	}

	/** Every page is in a batch: the total is known. */
	synchronized void allPlanned() {
		this.allPlanned = true;
		this.listener.ranked(this.ranked, this.planned);
	}

	/** One planned batch is scored (both halves, if the upstream made us split it). */
	synchronized void ranked() {
		this.ranked++;
		this.listener.ranked(this.ranked, this.allPlanned ? this.planned : null);
	}

}
