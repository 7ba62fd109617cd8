/** `▰▰▰▰▱▱▱▱▱▱ 40%`: a bar that reads the same on every client and in every font. */
export function progressBar(done: number, target: number, width = 10): string {
  const fraction = target > 0 ? Math.min(done / target, 1) : 0;
  const filled = Math.round(fraction * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${Math.round(fraction * 100)}%`;
}
