/**
 * The tasks the scheduler has to look at again, by their index in the graph, smallest first
 * (graph order: the order a scan from the first task would meet them). A task is in it once,
 * however often it is added. A binary heap: adding and taking cost log(n), so a scheduling turn
 * costs what changed since the last one, not the size of the run (issue 15).
 */
export class TaskQueue {
  private readonly heap: number[] = [];
  private readonly queued: boolean[] = [];

  get size(): number {
    return this.heap.length;
  }

  add(index: number): void {
    if (this.queued[index]) return;
    this.queued[index] = true;
    const heap = this.heap;
    let i = heap.length;
    heap.push(index);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if (p <= index) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = index;
  }

  /** The smallest index, without taking it. */
  peek(): number | undefined {
    return this.heap[0];
  }

  /** Takes the smallest index. */
  take(): number | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    this.queued[top] = false;
    const last = heap.pop() as number;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && (heap[right] as number) < (heap[left] as number) ? right : left;
      const c = heap[child] as number;
      if (c >= last) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
