import { describe, expect, it } from 'vitest';
import { createEditPacer, createEditQueue } from '../../src/discord/edit-queue.js';

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

describe('createEditPacer', () => {
  it('sends a change after a quiet gap at once and folds later ones into the newest', () => {
    const pacer = createEditPacer<string>(3_000);
    expect(pacer.offer('a', 'joined bob', 0)).toBe('joined bob');
    expect(pacer.offer('a', 'joined carol', 1_000)).toBeUndefined();
    expect(pacer.offer('a', 'joined dan', 2_000)).toBeUndefined();
    expect(pacer.offer('b', 'joined erin', 2_000)).toBe('joined erin');
    expect(pacer.due(2_500)).toEqual({ states: [], nextAt: 3_000 });
    expect(pacer.due(3_000)).toEqual({ states: ['joined dan'], nextAt: Infinity });
    expect(pacer.offer('a', 'left dan', 4_000)).toBeUndefined();
    expect(pacer.due(6_000)).toEqual({ states: ['left dan'], nextAt: Infinity });
  });

  it('sends an urgent change at once, dropping what it held as older', () => {
    const pacer = createEditPacer<string>(3_000);
    pacer.offer('a', 'joined bob', 0);
    pacer.offer('a', 'joined carol', 1_000);
    expect(pacer.offer('a', 'phase 2', 1_500, true)).toBe('phase 2');
    expect(pacer.due(10_000)).toEqual({ states: [], nextAt: Infinity });
  });

  it('keeps nothing of a message once forgotten', () => {
    const pacer = createEditPacer<string>(3_000);
    pacer.offer('a', 'joined bob', 0);
    pacer.offer('a', 'joined carol', 1_000);
    pacer.forget('a');
    expect(pacer.due(10_000)).toEqual({ states: [], nextAt: Infinity });
    expect(pacer.offer('a', 'joined dan', 10_500)).toBe('joined dan');
  });
});
