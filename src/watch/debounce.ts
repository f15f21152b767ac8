/**
 * Collects changed paths and hands them over once the disk has been quiet
 * for `quietMs`: an editor's save is often several events (write a temporary
 * file, rename it over the original, touch the folder), and a person saving
 * twice in a row wants one rebuild, not two.
 */
export class Debouncer {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly flush: (paths: Set<string>) => void,
  ) {}

  add(path: string): void {
    this.pending.add(path);
    // Each event restarts the wait: the burst ends when nothing has happened for quietMs.
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.quietMs);
  }

  /** Forgets what is pending (the watcher is closing). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private fire(): void {
    this.timer = undefined;
    const paths = new Set(this.pending);
    this.pending.clear();
    if (paths.size > 0) this.flush(paths);
  }
}
