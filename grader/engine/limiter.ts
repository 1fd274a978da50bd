/**
 * A counting semaphore for child processes: grade and grade-batch share one across submissions.
 */

/** A counting semaphore for child processes. */
export class Limiter {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(readonly size: number) {}
  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      const next = this.waiting.shift();
      if (next) next();
    }
  }
}
