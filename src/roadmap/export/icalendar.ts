import ical from 'ical-generator';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { InputError } from '../../errors.js';
import type { RoadmapDoc } from '../doc.js';

/** A time zone name the export does not know (an IANA name such as "Europe/Berlin" is expected). */
export class UnknownTimeZoneError extends InputError {
  constructor(readonly timeZone: string) {
    super(
      `Unknown time zone "${timeZone}": give an IANA name such as "Europe/Berlin" or "America/New_York"`,
      'timeZone',
    );
  }
}

/** The VTIMEZONE component of an IANA zone, from the library's tz database. */
let known: Set<string> | undefined;
function vtimezone(timeZone: string): string {
  known ??= new Set(tzlib_get_timezones() as string[]);
  // Checked first: the library logs to the console for a name it does not know.
  const found = known.has(timeZone) ? tzlib_get_ical_block(timeZone) : undefined;
  if (!Array.isArray(found) || !found[0]) throw new UnknownTimeZoneError(timeZone);
  return found[0];
}

/** Study blocks start at this hour of the day (floating local time: the learner's own clock). */
const DAY_START_HOUR = 9;

export interface StudyBlock {
  concept: string;
  name: string;
  week: number;
  /** Floating local times as ISO strings without a zone, e.g. 2026-12-01T09:00:00. */
  start: string;
  end: string;
  hours: number;
  part?: { n: number; of: number };
}

const at = (isoDate: string, hours: number) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setTime(d.getTime() + Math.round(hours * 3600) * 1000);
  return d.toISOString().slice(0, 19);
};

/**
 * One block per week item. Each day of a week gets a seventh of the weekly hours: a block goes on the day its first
 * hour falls in, and a day's blocks follow each other from DAY_START_HOUR, so blocks never overlap.
 */
export function studyBlocks(doc: RoadmapDoc & { startDate: string }): StudyBlock[] {
  const name = new Map(doc.steps.map((s) => [s.concept, s.name]));
  const perDay = doc.hoursPerWeek / 7;
  const blocks: StudyBlock[] = [];
  for (const week of doc.weeks) {
    let used = 0;
    const dayUsed = new Map<number, number>();
    for (const item of week.items) {
      const day = Math.min(6, Math.floor(used / perDay + 1e-9));
      const startHours = day * 24 + DAY_START_HOUR + (dayUsed.get(day) ?? 0);
      blocks.push({
        concept: item.concept,
        name: name.get(item.concept)!,
        week: week.number,
        start: at(week.startDate!, startHours),
        end: at(week.startDate!, startHours + item.hours),
        hours: item.hours,
        part: item.part,
      });
      dayUsed.set(day, (dayUsed.get(day) ?? 0) + item.hours);
      used += item.hours;
    }
  }
  return blocks;
}

/**
 * The study blocks as an iCalendar (RFC 5545) file. DTSTAMP is the time of export; a block's UID depends only on the
 * plan's owner, the concept and the part (`owner` is a learner id, or "roadmap"), so when a plan changes a calendar
 * app updates the events instead of adding copies. Times are floating (the reader's own clock), or in `timeZone`
 * (TZID with its VTIMEZONE) when one is given. The file ends with CRLF.
 */
export function roadmapICalendar(
  doc: RoadmapDoc & { startDate: string },
  options: { now?: Date; owner?: string; timeZone?: string } = {},
): string {
  const zone = options.timeZone === undefined ? undefined : vtimezone(options.timeZone);
  const calendar = ical({ name: doc.title, prodId: { company: 'mlsys-graph', product: 'roadmap', language: 'EN' } });
  const reason = new Map(doc.steps.map((s) => [s.concept, s.reason]));
  const owner = options.owner ?? 'roadmap';
  for (const b of studyBlocks(doc)) {
    calendar.createEvent({
      id: `${owner}.${b.concept}.part-${b.part?.n ?? 1}@mlsys-graph`,
      // Parsed and written in the process's local zone alike, so the wall-clock time survives whatever TZ is set.
      start: new Date(b.start),
      end: new Date(b.end),
      ...(zone ? { timezone: options.timeZone } : { floating: true }),
      stamp: options.now ?? new Date(),
      summary: `Study: ${b.name}${b.part ? ` (part ${b.part.n} of ${b.part.of})` : ''}`,
      description: `Week ${b.week}, ${b.hours} h. Why: ${reason.get(b.concept)}`,
    });
  }
  let text = calendar.toString();
  // The zone goes on the events only: a calendar-level zone would make ical-generator write DTSTAMP in local time,
  // where RFC 5545 requires UTC. Its VTIMEZONE is then added here, before the first event.
  if (zone) text = text.replace('BEGIN:VEVENT', `${zone.replace(/(\r\n)?$/, '\r\n')}BEGIN:VEVENT`);
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
