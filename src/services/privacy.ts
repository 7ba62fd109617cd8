import type { Clock } from '../core/clock.js';
import type { PrivacyError } from '../core/privacy.errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { ExerciseLog } from '../db/schema.js';
import type { ExportHeadRows, PrivacyRepository } from './privacy.repository.js';

/**
 * How long a server's data is kept after the bot is removed from it, so that a kick by mistake or a
 * re-invite loses nothing. Once this has passed, everything of the server is deleted (PRIVACY.md).
 */
export const removedServerGraceDays = 30;
const removedServerGraceMs = removedServerGraceDays * 24 * 3_600_000;

/** A /privacy delete Confirm button older than this deletes nothing; the member asks again. */
export const deleteConfirmationMinutes = 5;

/**
 * An export reads and writes out a member's whole history: one per member every few minutes, and only
 * a few at once per process, so exports can't crowd out everyone else's commands.
 */
export const exportRules = { everyMinutes: 3, atOnce: 2, batchSize: 2_000 } as const;

export type PrivacyService = ReturnType<typeof createPrivacyService>;
/** What an export holds besides the logs, and when it was read. */
export type ExportHead = Member & { exportedAt: Date } & ExportHeadRows;
/** A whole export, logs included (what the files are made of). */
export type MemberExport = ExportHead & { logs: ExerciseLog[] };

/** Where an export goes as it is read. */
export interface ExportSink {
  /** The export will go ahead (the member's answer can be deferred now). */
  accepted(): Promise<unknown>;
  /** What the export holds besides the logs; called once, before the logs. */
  head(head: ExportHead): Promise<void> | void;
  /** The next batch of logs, oldest first; the next is read once this resolves. */
  logs(batch: ExerciseLog[]): Promise<void>;
}

interface Member {
  guildId: string;
  userId: string;
}

export function createPrivacyService(deps: { privacy: PrivacyRepository; clock: Clock }) {
  const { privacy, clock } = deps;
  /** When each member last started an export (in this process), by user id: the limit is across servers. */
  const lastExportAt = new Map<string, number>();
  let exportsRunning = 0;
  const everyMs = exportRules.everyMinutes * 60_000;

  function admitExport(userId: string): Result<null, PrivacyError> {
    const now = clock.now().getTime();
    for (const [id, at] of lastExportAt) if (now - at >= everyMs) lastExportAt.delete(id);
    const last = lastExportAt.get(userId);
    // A clock stepped back counts as no time passing, never as a longer wait.
    if (last !== undefined && now - last < everyMs) {
      const waitMs = everyMs - Math.max(0, now - last);
      return err<PrivacyError>({
        code: 'privacy.export_too_soon',
        retryInMinutes: Math.max(1, Math.ceil(waitMs / 60_000)),
      });
    }
    if (exportsRunning >= exportRules.atOnce) return err<PrivacyError>({ code: 'privacy.export_busy' });
    return ok(null);
  }

  type Deleted = Awaited<ReturnType<PrivacyRepository['deleteMember']>>;
  /**
   * Deletions by confirmation (member and the time it was asked): a second press of the same Confirm,
   * even while the first is still deleting, answers with what the first press deleted. Entries go once
   * their confirmation has expired.
   */
  const deletions = new Map<string, { askedAt: Date; done: Promise<Deleted> }>();

  return {
    /**
     * Everything stored about the member in this server, streamed into `sink` as it is read, if the
     * member has not just had one and not too many are running. An export that fails counts for nothing.
     */
    async exportMember(
      member: Member,
      sink: ExportSink,
    ): Promise<Result<ExportHead & { logCount: number }, PrivacyError>> {
      const admitted = admitExport(member.userId);
      if (!admitted.ok) return admitted;
      lastExportAt.set(member.userId, clock.now().getTime());
      exportsRunning += 1;
      try {
        await sink.accepted();
        let head: ExportHead | undefined;
        const logCount = await privacy.exportRows(
          member,
          {
            head: (rows) => {
              head = { ...member, exportedAt: clock.now(), ...rows };
              return sink.head(head);
            },
            logs: (batch) => sink.logs(batch),
          },
          exportRules.batchSize,
        );
        return ok({ ...head!, logCount });
      } catch (error) {
        lastExportAt.delete(member.userId);
        throw error;
      } finally {
        exportsRunning -= 1;
      }
    },

    /** Deletes the member's data here, if the confirmation asked for at `askedAt` is still fresh. */
    async deleteMember(
      request: Member & { askedAt: Date },
    ): Promise<Result<Deleted & { already: boolean }, PrivacyError>> {
      const now = clock.now().getTime();
      const fresh = (askedAt: Date) =>
        now - askedAt.getTime() >= 0 && now - askedAt.getTime() <= deleteConfirmationMinutes * 60_000;
      for (const [key, deletion] of deletions) if (!fresh(deletion.askedAt)) deletions.delete(key);
      if (!fresh(request.askedAt)) return err<PrivacyError>({ code: 'privacy.confirmation_expired' });
      const key = `${request.guildId}:${request.userId}:${request.askedAt.getTime()}`;
      const earlier = deletions.get(key);
      if (earlier) return ok({ ...(await earlier.done), already: true });
      const done = privacy.deleteMember(request);
      deletions.set(key, { askedAt: request.askedAt, done });
      // A failed deletion may be confirmed again with the same button.
      done.catch(() => deletions.delete(key));
      return ok({ ...(await done), already: false });
    },

    async hide(member: Member): Promise<Result<{ since: Date }, PrivacyError>> {
      const already = await privacy.hiddenAt(member);
      if (already) return err<PrivacyError>({ code: 'privacy.already_hidden' });
      await privacy.setHidden(member, clock.now());
      return ok({ since: clock.now() });
    },

    async show(member: Member): Promise<Result<null, PrivacyError>> {
      if (!(await privacy.hiddenAt(member))) {
        return err<PrivacyError>({ code: 'privacy.not_hidden' });
      }
      await privacy.setHidden(member, null);
      return ok(null);
    },

    /** The bot is in these servers (it joined, came back, or started up): nothing of theirs is purged. */
    serversPresent: (guildIds: readonly string[]) => privacy.markServersPresent(guildIds),

    /** The bot was removed: the grace period starts now. */
    serverRemoved: (guildId: string) => privacy.markServerRemoved(guildId, clock.now()),

    /** Deletes every server whose grace period is over; returns their ids. */
    async purgeRemovedServers(): Promise<string[]> {
      const before = new Date(clock.now().getTime() - removedServerGraceMs);
      const purged: string[] = [];
      for (const guildId of await privacy.serversRemovedBefore(before)) {
        if (await privacy.purgeServer(guildId, before)) purged.push(guildId);
      }
      return purged;
    },
  };
}
