import type { Reminder } from '../../src/db/schema.js';
import type { Delivery, ReminderSender, ScheduledMessage } from '../../src/services/reminder-fires.js';

/** Discord's side of reminders, recorded, for service tests where the sandbox is not in play. */
export interface RecordingReminderSender extends ReminderSender {
  sent: { reminderId: number; nonce: string; message: string }[];
  attempts: string[];
  disabledNotices: number[];
  /** What the next deliveries do: deliver, refuse for good, or fail as a passing fault would. */
  behaviour: 'deliver' | 'unreachable' | 'fault';
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
    async deliver(_channelId: string, message: ScheduledMessage, nonce: string): Promise<Delivery> {
      sender.attempts.push(nonce);
      if (sender.behaviour === 'fault') throw new Error('connection reset');
      if (sender.behaviour === 'unreachable') return 'unreachable';
      sender.sent.push({ reminderId: Number(message.reminderId), nonce, message: String(message.content) });
      return 'sent';
    },
    async tellOwnerDisabled(reminder) {
      sender.disabledNotices.push(reminder.id);
    },
  };
  return sender;
}
