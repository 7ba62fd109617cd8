import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { formatDuration } from '../../core/amount.js';
import type { HoldAnnouncement, HoldView } from '../../services/holds.js';
import { holdButtonId } from '../custom-ids.js';
import { discordTime, joinWithin, mention, nameOf } from './format.js';
import { progressBar } from './progress-bar.js';
import { colors } from './replies.js';

export interface HoldMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions?: { users: string[] };
}

function statusLine(view: HoldView): string {
  const { moment, session } = view;
  if (session.status === 'cancelled')
    // Nobody in it: the empty lobby closed (a stop leaves its members in), even if some joined and left.
    return view.present.length === 0
      ? '🚫 Closed: nobody was in it when it was due to begin, so nothing is logged.'
      : '🚫 Cancelled before it began.';
  if (moment.stage === 'lobby')
    return `⏳ Starts ${discordTime(moment.startsAt)} (at ${discordTime(moment.startsAt, 't')}). Join now and get your ottoman ready.`;
  if (moment.stage === 'over') return `✅ Finished ${discordTime(session.finishedAt ?? session.endsAt)}.`;
  const { phase, index, elapsed } = moment;
  const total = session.phases.length > 1 ? ` (${index + 1} of ${session.phases.length})` : '';
  return [
    `▶️ **${phase.title}**${total}`,
    `${progressBar(elapsed, phase.seconds, 12)} · ends ${discordTime(phase.endsAt)}`,
  ].join('\n');
}

/** An embed field's worth of names (1,024 characters), whole names only, then "and N more". */
const namesWithin = (userIds: readonly string[], names: ReadonlyMap<string, string>) =>
  joinWithin(
    userIds.map((id) => nameOf(names, id)),
    ', ',
    1024,
  );

/** The lobby and live message: edited in place on changes, never renamed or re-posted. */
export function renderHoldLive(view: HoldView): HoldMessage {
  const { session, routine, phases, present, tookPart } = view;
  const open = session.status === 'open';
  const schedule = phases
    .map((phase, i) => `${i + 1}. ${phase.title}: ${formatDuration(phase.seconds)}`)
    .join('\n');
  const embed: APIEmbed = {
    title: `${routine.name} · ${formatDuration(phases.reduce((s, p) => s + p.seconds, 0))}`,
    color: open ? colors.brand : colors.warning,
    description: [routine.description, '', statusLine(view)].join('\n'),
    fields: [
      ...(phases.length > 1 ? [{ name: 'Phases', value: schedule.slice(0, 1024) }] : []),
      session.status === 'finished'
        ? {
            name: `Took part (${tookPart.length})`,
            value: tookPart.length > 0 ? namesWithin(tookPart, view.names) : 'Nobody this time.',
          }
        : {
            name: `On the floor (${present.length})`,
            value: present.length > 0 ? namesWithin(present, view.names) : 'Nobody yet: press Join.',
          },
      ...(session.voiceChannelId
        ? [
            {
              name: 'Voice',
              value: [
                `Joining <#${session.voiceChannelId}> joins the hold; leaving it leaves.`,
                // Those already there did not choose this hold: they are asked, never enrolled.
                ...(open && view.invited > 0
                  ? [
                      `${view.invited === 1 ? '1 person' : `${view.invited} people`} in <#${session.voiceChannelId}> ${view.invited === 1 ? 'is' : 'are'} invited: press **Join** to take part.`,
                    ]
                  : []),
              ].join('\n'),
            },
          ]
        : []),
    ],
    footer: { text: `Hold #${session.id}` },
  };
  return {
    embeds: [embed],
    components: open
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Success,
                label: 'Join',
                custom_id: holdButtonId('join', session.id),
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: 'Leave',
                custom_id: holdButtonId('leave', session.id),
              },
            ],
          },
        ]
      : [],
    allowedMentions: { users: [] },
  };
}

/** Discord pings at most 100 users a message (allowed_mentions.users) and takes 2,000 characters of content. */
const pingLimits = { users: 100, content: 2000 } as const;

/**
 * An announcement's text, then the pings of those on the floor: as many as Discord allows and fit, the
 * rest counted ("and 20 more"), so a big hold is announced rather than refused.
 */
function withPings(text: string, userIds: readonly string[]): HoldMessage {
  const pings = joinWithin(userIds.map(mention), ' ', pingLimits.content - text.length - 1, {
    most: pingLimits.users,
  });
  return {
    content: pings ? `${text}\n${pings}` : text,
    allowedMentions: { users: mentionedIn(pings) },
  };
}

const mentionedIn = (text: string) => [...text.matchAll(/<@(\d+)>/g)].map((match) => match[1]!);

export function renderHoldAnnouncement(announcement: HoldAnnouncement): HoldMessage {
  switch (announcement.kind) {
    case 'start':
      return withPings(
        `🟢 **Starting now: ${announcement.phase.title}** for ${formatDuration(announcement.phase.seconds)}. Ends ${discordTime(announcement.phase.endsAt)}.`,
        announcement.mentions,
      );
    case 'phase':
      return withPings(
        `🔄 **${announcement.phase.title}** for ${formatDuration(announcement.phase.seconds)}. Ends ${discordTime(announcement.phase.endsAt)}.`,
        announcement.mentions,
      );
    case 'cancelled':
      return withPings(
        '🚫 This hold was cancelled before it began. This channel will be tidied away shortly.',
        announcement.mentions,
      );
    case 'empty':
      return {
        content:
          '🚫 Nobody was in this hold when it was due to start, so it is closed and nothing is logged. This channel will be tidied away in a couple of minutes.',
        allowedMentions: { users: [] },
      };
    case 'finished': {
      const credited = announcement.credits
        .filter((c) => c.seconds > 0)
        .map((c) => `${mention(c.userId)} ${formatDuration(c.seconds)}`);
      const first = '🏁 **Well held!** The hold is over; your time is logged.';
      const last = 'This channel will be tidied away in a couple of minutes.';
      const lines =
        credited.length > 0
          ? joinWithin(credited, '\n', pingLimits.content - first.length - last.length - 2, {
              most: pingLimits.users,
            })
          : 'Nobody was on the floor this time.';
      return {
        content: [first, lines, last].join('\n'),
        allowedMentions: { users: mentionedIn(lines) },
      };
    }
  }
}

export function renderHoldList(views: HoldView[]): string {
  if (views.length === 0) return 'No holds are going right now. Start one with `/hold start`.';
  return views
    .map((view) => {
      const when =
        view.moment.stage === 'lobby'
          ? `starts ${discordTime(view.moment.startsAt)}`
          : `ends ${discordTime(view.session.endsAt)}`;
      const where = view.session.holdChannelId ? `<#${view.session.holdChannelId}>` : 'opening…';
      return `• **${view.routine.name}** in ${where}: ${view.present.length} on the floor, ${when}`;
    })
    .join('\n');
}
