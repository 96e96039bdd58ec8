import { useState } from 'preact/hooks';
import { request } from '../api';
import { chaptersOf, useChoices } from '../choices';
import { Field, MultiSelect } from '../form';
import { list, navigate, type Params } from '../route';
import { ErrorMessage, hours, NodeLink, saveFile, Status, useQuery } from '../ui';
import { LearnerPanel } from './Learner';

type Ref = { id: string; name: string };
interface Plan {
  title: string;
  totalHours: number;
  remainingHours: number;
  totalWeeks: number;
  hoursPerWeek: number;
  startDate: string | null;
  endDate: string | null;
  steps: {
    position: number;
    concept: Ref;
    chapter: { id: string; title: string };
    hours: number;
    reason: string;
    priority: string;
    isTarget: boolean;
    weeks: number[];
  }[];
  weeks: {
    number: number;
    startDate: string | null;
    hours: number;
    items: { concept: Ref; hours: number; part: number | null; parts: number | null }[];
  }[];
  milestones: { chapter: { id: string; title: string }; week: number; date: string | null }[];
  deadline: {
    weeks: number;
    feasible: boolean;
    hoursPerWeekNeeded: number;
    drop: Ref[];
    reachedAfterDrop: Ref[];
  } | null;
}

const FIELDS = ['roles', 'specializations', 'chapters', 'concepts', 'knownChapters', 'knownConcepts'] as const;

/** The roadmap input a page's parameters stand for; null until it names a target and valid hours. */
export function roadmapInput(params: Params): Record<string, unknown> | null {
  const [roles, specializations, chapters, concepts, knownChapters, knownConcepts] = FIELDS.map((f) => list(params[f]));
  const hoursPerWeek = Number(params.hours);
  if (!roles!.length && !specializations!.length && !chapters!.length && !concepts!.length) return null;
  if (!params.hours || !Number.isFinite(hoursPerWeek)) return null;
  return {
    roles: roles!.map((role) => ({ role })),
    specializations,
    chapters,
    concepts,
    knownChapters,
    knownConcepts,
    hoursPerWeek,
    ...(params.deadline ? { deadlineWeeks: Number(params.deadline) } : {}),
    ...(params.start ? { startDate: params.start } : {}),
    ...(params.order ? { order: params.order } : {}),
  };
}

export function Roadmap({ params }: { params: Params }) {
  const choices = useChoices();
  const [form, setForm] = useState<Params>(params);
  const set = (change: Params) => setForm((f) => ({ ...f, ...change }));
  const input = roadmapInput(params);
  const plan = useQuery<{ roadmap: Plan }>('Roadmap', input ? { input } : null);
  const chapters = choices.data
    ? chaptersOf(choices.data).map((c) => ({ id: c.id, name: `${c.number}. ${c.title}` }))
    : [];
  return (
    <section aria-labelledby="roadmap-title">
      <h1 id="roadmap-title">Plan a roadmap</h1>
      {choices.error !== undefined && <ErrorMessage error={choices.error} />}
      <form
        class="grid"
        onSubmit={(event) => {
          event.preventDefault();
          navigate({ ...form, page: 'roadmap', learner: params.learner });
        }}
      >
        <MultiSelect
          label="Roles"
          options={choices.data?.careerPaths.nodes ?? []}
          value={list(form.roles)}
          onChange={(ids) => set({ roles: ids.join(',') })}
        />
        <MultiSelect
          label="Specializations"
          options={choices.data?.specializations.nodes ?? []}
          value={list(form.specializations)}
          onChange={(ids) => set({ specializations: ids.join(',') })}
        />
        <MultiSelect
          label="Chapters to learn"
          options={chapters}
          value={list(form.chapters)}
          onChange={(ids) => set({ chapters: ids.join(',') })}
        />
        <MultiSelect
          label="Chapters I know"
          options={chapters}
          value={list(form.knownChapters)}
          onChange={(ids) => set({ knownChapters: ids.join(',') })}
        />
        <Field label="Concepts to learn" hint="Ids separated by commas, e.g. concept:quantization (see Explore).">
          <input value={form.concepts ?? ''} onInput={(e) => set({ concepts: e.currentTarget.value })} />
        </Field>
        <Field label="Concepts I know" hint="Ids separated by commas.">
          <input value={form.knownConcepts ?? ''} onInput={(e) => set({ knownConcepts: e.currentTarget.value })} />
        </Field>
        <Field label="Hours per week">
          <input
            type="number"
            min="0.5"
            max="80"
            step="0.5"
            required
            value={form.hours ?? '6'}
            onInput={(e) => set({ hours: e.currentTarget.value })}
          />
        </Field>
        <Field label="Deadline (weeks)" hint="Optional, 1 to 520.">
          <input
            type="number"
            min="1"
            max="520"
            value={form.deadline ?? ''}
            onInput={(e) => set({ deadline: e.currentTarget.value })}
          />
        </Field>
        <Field label="Start date" hint="Needed for dates and the calendar.">
          <input type="date" value={form.start ?? ''} onInput={(e) => set({ start: e.currentTarget.value })} />
        </Field>
        <Field label="Order">
          <select value={form.order ?? 'GOAL_FIRST'} onChange={(e) => set({ order: e.currentTarget.value })}>
            <option value="GOAL_FIRST">goal first</option>
            <option value="COURSE">course order</option>
          </select>
        </Field>
        <div>
          <button type="submit">Plan</button>
        </div>
      </form>
      {!input && <p class="muted">Choose at least one role, specialization, chapter or concept, and the hours.</p>}
      <Status state={plan}>{(data) => <PlanView plan={data.roadmap} input={input!} />}</Status>
      <LearnerPanel params={params} goal={input} />
    </section>
  );
}

function Exports({ input, hasStart }: { input: Record<string, unknown>; hasStart: boolean }) {
  const [error, setError] = useState<unknown>();
  const get = async (field: 'markdown' | 'mermaid' | 'iCalendar', file: string, type: string) => {
    setError(undefined);
    try {
      const { roadmap } = await request<{ roadmap: Record<string, string> }>('RoadmapExports', {
        input,
        calendar: field === 'iCalendar',
      });
      saveFile(file, roadmap[field]!, type);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="row" role="group" aria-label="Downloads">
      <button type="button" onClick={() => get('markdown', 'roadmap.md', 'text/markdown')}>
        Download Markdown
      </button>
      <button type="button" onClick={() => get('mermaid', 'roadmap.mmd', 'text/plain')}>
        Download Mermaid
      </button>
      <button
        type="button"
        disabled={!hasStart}
        title={hasStart ? undefined : 'Give a start date first'}
        onClick={() => get('iCalendar', 'roadmap.ics', 'text/calendar')}
      >
        Download iCalendar
      </button>
      {!hasStart && <span class="muted small">The calendar needs a start date.</span>}
      {error !== undefined && <ErrorMessage error={error} />}
    </div>
  );
}

function PlanView({ plan, input }: { plan: Plan; input: Record<string, unknown> }) {
  const d = plan.deadline;
  return (
    <div>
      <h2 id="plan-title">{plan.title}</h2>
      <p data-testid="plan-summary">
        {plan.steps.length} steps, {hours(plan.totalHours)} in all ({hours(plan.remainingHours)} left),{' '}
        {plan.totalWeeks} weeks at {hours(plan.hoursPerWeek)} a week
        {plan.startDate && plan.endDate ? `, ${plan.startDate} to ${plan.endDate}` : ''}.
      </p>
      {d && (
        <div class={d.feasible ? 'ok' : 'warn'} role="status">
          {d.feasible ? (
            <p>The deadline of {d.weeks} weeks is met.</p>
          ) : (
            <>
              <p>
                The deadline of {d.weeks} weeks is not met: it needs {hours(d.hoursPerWeekNeeded)} a week. To meet it at
                this pace, drop {d.drop.length} steps:
              </p>
              <ul class="columns">
                {d.drop.map((c) => (
                  <li key={c.id}>
                    <NodeLink node={c} />
                  </li>
                ))}
              </ul>
              <p>Still reached then: {d.reachedAfterDrop.map((c) => c.name).join(', ') || 'none of the targets'}.</p>
            </>
          )}
        </div>
      )}
      <Exports input={input} hasStart={!!plan.startDate} />
      <h3>Milestones</h3>
      <ul>
        {plan.milestones.map((m) => (
          <li key={m.chapter.id}>
            Week {m.week}
            {m.date ? ` (${m.date})` : ''}: <NodeLink node={m.chapter} /> done
          </li>
        ))}
      </ul>
      <h3>Weeks</h3>
      <ol class="timeline" aria-label="Weeks">
        {plan.weeks.map((w) => (
          <li key={w.number}>
            <strong>
              Week {w.number}
              {w.startDate ? `, from ${w.startDate}` : ''}
            </strong>{' '}
            <span class="muted">{hours(w.hours)}</span>
            <ul>
              {w.items.map((item, i) => (
                <li key={i}>
                  <NodeLink node={item.concept} /> {hours(item.hours)}
                  {item.parts ? ` (part ${item.part} of ${item.parts})` : ''}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h3>Steps</h3>
      <div class="scroll">
        <table>
          <caption class="muted small">Each step, its priority and why it is in the plan.</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Concept</th>
              <th scope="col">Priority</th>
              <th scope="col">Hours</th>
              <th scope="col">Weeks</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {plan.steps.map((s) => (
              <tr key={s.concept.id}>
                <td>{s.position}</td>
                <td>
                  <NodeLink node={s.concept} />
                  {s.isTarget ? ' (target)' : ''}
                </td>
                <td>{s.priority.toLowerCase()}</td>
                <td>{hours(s.hours)}</td>
                <td>{s.weeks.join(', ') || 'done'}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
