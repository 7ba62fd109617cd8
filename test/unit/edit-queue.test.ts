import { describe, expect, it } from 'vitest';
import { createEditQueue } from '../../src/discord/edit-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createEditQueue', () => {
  it('sends only the newest state of a message still waiting', async () => {
    const sent: string[] = [];
    const queue = createEditQueue(100);
    const edit = (message: string, state: string) =>
      queue.edit(message, async () => void sent.push(`${message}:${state}`));
    await Promise.all([edit('a', '1'), edit('b', '1'), edit('a', '2'), edit('a', '3')]);
    expect(sent.sort()).toEqual(['a:3', 'b:1']);
  });

  it('starts no edit while something more urgent is being sent', async () => {
    let urgent = true;
    const sent: string[] = [];
    const queue = createEditQueue(100, { yieldWhile: () => urgent });
    const done = queue.edit('a', async () => void sent.push('a'));
    await sleep(150);
    expect(sent).toEqual([]);
    urgent = false;
    await done;
    expect(sent).toEqual(['a']);
  });
});
