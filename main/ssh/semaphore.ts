/**
 * A counting semaphore: caps concurrent channels on one connection below sshd's MaxSessions
 * (10 by default), so a burst of parallel steps queues instead of failing with "open failed".
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  get inUse(): number {
    return this.active;
  }
}
