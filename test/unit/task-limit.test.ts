import { describe, expect, it } from 'vitest';
import { createTaskLimit } from '../../src/services/task-limit.js';

describe('createTaskLimit', () => {
  it('runs at most that many tasks at once, in the order they came', async () => {
    const limit = createTaskLimit(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limit.run(async () => {
          running++;
          most = Math.max(most, running);
          order.push(i);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees the place of a task that fails', async () => {
    const limit = createTaskLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
