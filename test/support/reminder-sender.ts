import type { Reminder } from '../../src/db/schema.js';
import type {
  Delivery,
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
}

export function createRecordingReminderSender(): RecordingReminderSender {
  const sender: RecordingReminderSender = {
    sent: [],
    attempts: [],
    disabledNotices: [],
    behaviour: 'deliver',
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
      sender.sent.push({ reminderId: Number(message.reminderId), nonce, message: String(message.content) });
      return 'sent';
    },
    async tellOwnerDisabled(reminder) {
      sender.disabledNotices.push(reminder.id);
    },
  };
  return sender;
}
