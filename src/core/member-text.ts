/**
 * Characters that show nothing: white space, format characters (zero-width spaces and joiners, bidi
 * marks, the BOM, word joiners) and the fillers some fonts draw blank (Hangul fillers, the braille
 * blank, the combining grapheme joiner, Khmer inherent vowels).
 */
const invisible = /\s|\p{Cf}|\u034F|\u115F|\u1160|\u17B4|\u17B5|\u2800|\u3164|\uFFA0/gu;

/**
 * What a member typed, trimmed, or '' when nothing of it would show: a note, a reminder's or a
 * schedule's message made only of zero-width characters is treated as empty, not posted blank.
 */
export function visibleText(text: string | null | undefined): string {
  const trimmed = text?.trim() ?? '';
  return trimmed.replace(invisible, '') === '' ? '' : trimmed;
}
