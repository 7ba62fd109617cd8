/** Runs tasks with at most `concurrency` of them at a time, the rest waiting in order. */
export function createTaskLimit(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < concurrency) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        // A finished task hands its place straight to the next one waiting.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
