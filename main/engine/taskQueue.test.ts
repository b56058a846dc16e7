import { describe, expect, it } from 'vitest';
import { TaskQueue } from './taskQueue';

describe('TaskQueue', () => {
  it('gives indices back smallest first, each once however often added', () => {
    const q = new TaskQueue();
    for (const i of [7, 3, 9, 3, 0, 7, 12, 5, 1, 9]) q.add(i);
    expect(q.size).toBe(7);
    expect(q.peek()).toBe(0);
    const out: number[] = [];
    for (let i = q.take(); i !== undefined; i = q.take()) out.push(i);
    expect(out).toEqual([0, 1, 3, 5, 7, 9, 12]);
  });

  it('takes an index again once it was taken and added anew', () => {
    const q = new TaskQueue();
    q.add(4);
    q.add(2);
    expect(q.take()).toBe(2);
    q.add(2);
    q.add(1);
    expect([q.take(), q.take(), q.take(), q.take()]).toEqual([1, 2, 4, undefined]);
  });

  it('orders many random indices like a sort', () => {
    const q = new TaskQueue();
    const xs = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const x of xs) q.add(x);
    const out: number[] = [];
    for (let i = q.take(); i !== undefined; i = q.take()) out.push(i);
    expect(out).toEqual([...new Set(xs)].sort((a, b) => a - b));
  });
});
