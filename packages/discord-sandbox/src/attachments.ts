import { DiscordError, InvalidBody } from './rest-server.js';
import type { IdGenerator } from './snowflakes.js';
import { asRecord } from './validation.js';

/** A file part of a multipart request (`files[0]`, `files[1]` …), as the bot uploaded it. */
export interface UploadedFile {
  /** The form field, such as `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A file on a message; `data` keeps the bytes so tests and the terminal can read what the bot sent. */
export interface SandboxAttachment {
  id: string;
  filename: string;
  description: string | null;
  contentType: string;
  size: number;
  data: Buffer;
}

/** What interactions advertise as `attachment_size_limit` (a server without boosts). */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 10;

const uploadIndex = (field: string) => /^files\[(\d+)\]$/.exec(field)?.[1];

/**
 * The files a created or edited message ends up with, from the `attachments` array of payload_json and
 * the uploaded parts. As on Discord: an entry's `id` names an upload by its index (`files[0]` is id 0)
 * or, on an edit, an attachment the message already has; on an edit without `attachments` the existing
 * files stay and uploads are added. Undefined when the request says nothing about files.
 */
export function resolveAttachments(
  body: unknown,
  uploads: readonly UploadedFile[],
  nextId: IdGenerator,
  existing: readonly SandboxAttachment[] = [],
): SandboxAttachment[] | undefined {
  const listed = asRecord(body).attachments;
  if (listed === undefined && uploads.length === 0) return undefined;
  for (const upload of uploads) {
    if (upload.data.length > ATTACHMENT_SIZE_LIMIT)
      throw new DiscordError(413, 40005, 'Request entity too large');
  }
  const fromUpload = (upload: UploadedFile, entry: Record<string, unknown> = {}): SandboxAttachment => ({
    id: nextId(),
    filename: typeof entry.filename === 'string' ? entry.filename : upload.filename,
    description: typeof entry.description === 'string' ? entry.description : null,
    contentType: upload.contentType,
    size: upload.data.length,
    data: upload.data,
  });
  const unclaimed = new Map(uploads.map((upload) => [uploadIndex(upload.field), upload]));
  const result: SandboxAttachment[] = Array.isArray(listed)
    ? listed.map((item, index) => {
        const entry = asRecord(item);
        const id = String(entry.id);
        const upload = unclaimed.get(id);
        if (upload) {
          unclaimed.delete(id);
          return fromUpload(upload, entry);
        }
        const kept = existing.find((attachment) => attachment.id === id);
        if (kept) return kept;
        throw new InvalidBody({
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            attachments: {
              [index]: {
                id: { _errors: [{ code: 'ATTACHMENT_NOT_FOUND', message: 'Unknown attachment.' }] },
              },
            },
          },
        });
      })
    : [...existing];
  // Uploads no entry names are attached too, as Discord does.
  result.push(...[...unclaimed.values()].map((upload) => fromUpload(upload)));
  if (result.length > MAX_ATTACHMENTS) {
    throw new InvalidBody({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        attachments: {
          _errors: [
            { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_ATTACHMENTS} or fewer in length.` },
          ],
        },
      },
    });
  }
  return result;
}

export function attachmentJson(channelId: string, attachment: SandboxAttachment) {
  const url = `https://cdn.discordapp.com/attachments/${channelId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
  return {
    id: attachment.id,
    filename: attachment.filename,
    ...(attachment.description ? { description: attachment.description } : {}),
    content_type: attachment.contentType,
    size: attachment.size,
    url,
    proxy_url: url,
  };
}
