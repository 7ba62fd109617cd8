import type { Reminder } from '../../src/db/schema.js';
import type {
  Delivery,
  PostLookup,
  Refusal,
  ReminderSender,
  ScheduledMessage,
} from '../../src/services/reminder-fires.js';

/** Discord's side of reminders, recorded, for service tests where the sandbox is not in play. */
export interface RecordingReminderSender extends ReminderSender {
  sent: { reminderId: number; nonce: string; message: string }[];
  attempts: string[];
  disabledNotices: number[];
  /**
   * What the next deliveries do: deliver, refuse for good (`unreachable`: closed DMs or, for a server
   * post, a channel the bot may not post in; or the given refusal), find the member gone, or fail as a
   * passing fault would.
   */
  behaviour: 'deliver' | 'unreachable' | Refusal | 'member-left' | 'fault';
  /** Whether a look for a post after a crash can read where it posts. */
  canLook: boolean;
  /** Looks for posts after a crash, by key. */
  looks: string[];
}

export function createRecordingReminderSender(): RecordingReminderSender {
  const sender: RecordingReminderSender = {
    sent: [],
    attempts: [],
    disabledNotices: [],
    behaviour: 'deliver',
    canLook: true,
    looks: [],
    async compose(reminder: Reminder) {
      return { reminderId: reminder.id, content: reminder.message };
    },
    async deliver(reminder: Reminder, message: ScheduledMessage, nonce: string): Promise<Delivery> {
      sender.attempts.push(nonce);
      const { behaviour } = sender;
      if (behaviour === 'fault') throw new Error('connection reset');
      if (behaviour === 'member-left') return 'member-left';
      if (behaviour === 'unreachable') {
        return { refused: reminder.kind === 'personal' ? 'dms-closed' : 'not-allowed' };
      }
      if (behaviour !== 'deliver') return { refused: behaviour };
      // Discord's enforced nonce: a repeat lands as the first message (the trust window is the service's).
      const earlier = sender.sent.findIndex((post) => post.nonce === nonce);
      if (earlier >= 0) return { sent: `message-${earlier}` };
      sender.sent.push({ reminderId: Number(message.reminderId), nonce, message: String(message.content) });
      return { sent: `message-${sender.sent.length - 1}` };
    },
    async findPosted(_reminder: Reminder, key: string): Promise<PostLookup> {
      sender.looks.push(key);
      if (!sender.canLook) return 'cannot-look';
      const index = sender.sent.findIndex((post) => post.nonce === key);
      return index >= 0 ? { found: `message-${index}` } : 'absent';
    },
    async tellOwnerDisabled(reminder) {
      sender.disabledNotices.push(reminder.id);
    },
  };
  return sender;
}
