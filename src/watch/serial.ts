/**
 * Runs jobs one after another from a queue that fills while they run: `kick()` starts a drain
 * unless one is running, and the drain keeps taking until `take()` finds nothing. A save that
 * arrives during a rebuild is taken by the running drain as soon as the rebuild ends.
 *
 * The running flag is cleared in a callback of the drain's promise, so it is cleared after it was
 * set even when the drain had nothing to do and finished at once. The watcher once cleared it in a
 * `finally` inside the drain, which then ran before the assignment: the flag stayed set for good and
 * every later save was ignored (a debounce that fired after the running drain had taken its change).
 */
export class SerialDrain<T> {
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    /** The next job, or undefined when there is nothing to do. Called only between jobs. */
    private readonly take: () => T | undefined,
    private readonly run: (job: T) => Promise<void>,
  ) {}

  /** True while a drain runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Starts draining unless a drain is running (which will take what is queued) or nothing is queued. */
  kick(): void {
    if (this.running || this.stopped) return;
    const first = this.take();
    if (first === undefined) return;
    this.running = this.drain(first).finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once no drain runs; rejects with the error of a job that threw. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Takes no more jobs; resolves once the running one has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async drain(first: T): Promise<void> {
    let job: T | undefined = first;
    while (job !== undefined) {
      await this.run(job);
      // Once stopped, what is queued stays queued: taking it would lose it.
      job = this.stopped ? undefined : this.take();
    }
  }
}
