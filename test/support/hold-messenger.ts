import { ok } from '../../src/core/result.js';
import type { HoldSession } from '../../src/db/schema.js';
import type { HoldAnnouncement, HoldMessenger, HoldView } from '../../src/services/holds.js';

/** Discord's side of holds, recorded: for service tests, where the sandbox is not in play. */
export interface RecordingHoldMessenger extends HoldMessenger {
  channels: string[];
  edits: HoldView[];
  announcements: { sessionId: number; announcement: HoldAnnouncement }[];
  removed: number[];
}

export function createRecordingHoldMessenger(): RecordingHoldMessenger {
  let next = 900_000_000_000_000_000n;
  const id = () => String(next++);
  const recorder: RecordingHoldMessenger = {
    channels: [],
    edits: [],
    announcements: [],
    removed: [],
    async openHoldChannel() {
      const channelId = id();
      recorder.channels.push(channelId);
      return ok({ channelId, kind: 'channel' as const });
    },
    async postLive(view) {
      recorder.edits.push(view);
      return id();
    },
    async editLive(view) {
      recorder.edits.push(view);
    },
    async announce(session: HoldSession, announcement) {
      recorder.announcements.push({ sessionId: session.id, announcement });
    },
    async removeChannel(session) {
      recorder.removed.push(session.id);
    },
  };
  return recorder;
}
