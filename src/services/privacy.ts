import type { Clock } from '../core/clock.js';
import type { PrivacyError } from '../core/privacy.errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { PrivacyRepository } from './privacy.repository.js';

/**
 * How long a server's data is kept after the bot is removed from it, so that a kick by mistake or a
 * re-invite loses nothing. Once this has passed, everything of the server is deleted (PRIVACY.md).
 */
export const removedServerGraceDays = 30;
const removedServerGraceMs = removedServerGraceDays * 24 * 3_600_000;

/** A /privacy delete Confirm button older than this deletes nothing; the member asks again. */
export const deleteConfirmationMinutes = 5;

export type PrivacyService = ReturnType<typeof createPrivacyService>;
export type MemberExport = Awaited<ReturnType<PrivacyService['exportMember']>>;

interface Member {
  guildId: string;
  userId: string;
}

export function createPrivacyService(deps: { privacy: PrivacyRepository; clock: Clock }) {
  const { privacy, clock } = deps;

  type Deleted = Awaited<ReturnType<PrivacyRepository['deleteMember']>>;
  /**
   * Deletions by confirmation (member and the time it was asked): a second press of the same Confirm,
   * even while the first is still deleting, answers with what the first press deleted. Entries go once
   * their confirmation has expired.
   */
  const deletions = new Map<string, { askedAt: Date; done: Promise<Deleted> }>();

  return {
    /** Everything stored about the member in this server, and when it was read. */
    async exportMember(member: Member) {
      return { ...member, exportedAt: clock.now(), ...(await privacy.memberRows(member)) };
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
