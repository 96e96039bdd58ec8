import { useState } from 'preact/hooks';
import { request } from '../api';
import { chaptersOf, useChoices } from '../choices';
import { Field, MultiSelect } from '../form';
import { list, navigate, type Params } from '../route';
import { Bar, ErrorMessage, hours, NodeLink, saveFile, Status, useQuery } from '../ui';

type Ref = { id: string; name: string };
interface CoursePlan {
  conceptCount: number;
  totalHours: number;
  weeksNeeded: number;
  fits: boolean;
  modules: {
    number: number;
    hours: number;
    chapters: { id: string; title: string }[];
    concepts: { concept: Ref; hours: number; part: number; ofParts: number; target: boolean }[];
    objectives: { id: string; text: string }[];
    questions: { id: string }[];
  }[];
  coverage: {
    conceptsTaught: number;
    objectives: { coveredCount: number; total: number };
    questions: { usableCount: number; total: number };
    tradeOffs: { coveredCount: number; total: number };
    parts: { coveredCount: number; total: number };
  };
}
interface SyllabusData {
  syllabus: {
    title: string;
    weeks: number;
    hoursPerWeek: number;
    targets: Ref[];
    assumedKnownCount: number;
    plan: CoursePlan;
    compression: {
      rule: string;
      dropped: { concept: Ref; hours: number; phase: string }[];
      assumedKnown: { concept: Ref; hours: number }[];
      plan: CoursePlan;
    } | null;
  };
}

export function syllabusInput(params: Params): Record<string, unknown> | null {
  const chapters = list(params.chapters);
  const concepts = list(params.concepts);
  if (!chapters.length && !concepts.length) return null;
  return {
    chapters,
    concepts,
    weeks: Number(params.weeks ?? 12),
    hoursPerWeek: Number(params.hours ?? 6),
    ...(params.title ? { title: params.title } : {}),
  };
}

export function Syllabus({ params }: { params: Params }) {
  const choices = useChoices();
  const [form, setForm] = useState<Params>(params);
  const set = (change: Params) => setForm((f) => ({ ...f, ...change }));
  const input = syllabusInput(params);
  const syllabus = useQuery<SyllabusData>('Syllabus', input ? { input } : null);
  const chapters = choices.data
    ? chaptersOf(choices.data).map((c) => ({ id: c.id, name: `${c.number}. ${c.title}` }))
    : [];
  return (
    <section aria-labelledby="syllabus-title">
      <h1 id="syllabus-title">Build a syllabus</h1>
      {choices.error !== undefined && <ErrorMessage error={choices.error} />}
      <form
        class="grid"
        onSubmit={(event) => {
          event.preventDefault();
          navigate({ ...form, page: 'syllabus' });
        }}
      >
        <MultiSelect
          label="Chapters to teach"
          options={chapters}
          value={list(form.chapters)}
          onChange={(ids) => set({ chapters: ids.join(',') })}
        />
        <Field label="Target concepts" hint="Ids separated by commas; never dropped.">
          <input value={form.concepts ?? ''} onInput={(e) => set({ concepts: e.currentTarget.value })} />
        </Field>
        <Field label="Weeks">
          <input
            type="number"
            min="1"
            max="52"
            required
            value={form.weeks ?? '12'}
            onInput={(e) => set({ weeks: e.currentTarget.value })}
          />
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
        <Field label="Title">
          <input value={form.title ?? ''} onInput={(e) => set({ title: e.currentTarget.value })} />
        </Field>
        <div>
          <button type="submit">Build</button>
        </div>
      </form>
      {!input && <p class="muted">Choose chapters or target concepts.</p>}
      <Status state={syllabus}>{(data) => <SyllabusView data={data.syllabus} input={input!} />}</Status>
      <OrderCheck />
    </section>
  );
}

function Downloads({ input }: { input: Record<string, unknown> }) {
  const [error, setError] = useState<unknown>();
  const get = async (field: 'caseJson' | 'markdown' | 'csv', file: string, type: string) => {
    setError(undefined);
    try {
      const { syllabus } = await request<{ syllabus: { plan: Record<string, string> } }>('SyllabusExports', { input });
      saveFile(file, syllabus.plan[field]!, type);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="row" role="group" aria-label="Downloads of the full plan">
      <button type="button" onClick={() => get('caseJson', 'syllabus-case.json', 'application/json')}>
        Download CASE JSON
      </button>
      <button type="button" onClick={() => get('markdown', 'syllabus.md', 'text/markdown')}>
        Download Markdown
      </button>
      <button type="button" onClick={() => get('csv', 'syllabus.csv', 'text/csv')}>
        Download CSV
      </button>
      {error !== undefined && <ErrorMessage error={error} />}
    </div>
  );
}

function PlanColumn({ title, plan }: { title: string; plan: CoursePlan }) {
  const c = plan.coverage;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <p>
        {plan.conceptCount} concepts, {hours(plan.totalHours)}, {plan.weeksNeeded} weeks{' '}
        {plan.fits ? '(fits the term)' : '(longer than the term)'}.
      </p>
      <Bar label="Objectives" value={c.objectives.coveredCount} total={c.objectives.total} />
      <Bar label="Questions" value={c.questions.usableCount} total={c.questions.total} />
      <Bar label="Trade-offs" value={c.tradeOffs.coveredCount} total={c.tradeOffs.total} />
      <Bar label="Parts" value={c.parts.coveredCount} total={c.parts.total} />
      <ol class="timeline">
        {plan.modules.map((m) => (
          <li key={m.number}>
            <strong>Week {m.number}</strong> <span class="muted">{hours(m.hours)}</span>
            <ul>
              {m.concepts.map((mc, i) => (
                <li key={i}>
                  <NodeLink node={mc.concept} />
                  {mc.ofParts > 1 ? ` (part ${mc.part} of ${mc.ofParts})` : ''}
                  {mc.target ? ' (target)' : ''}
                </li>
              ))}
            </ul>
            {m.objectives.length > 0 && (
              <p class="muted small">
                {m.objectives.length} objectives reached, {m.questions.length} review questions usable.
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function SyllabusView({ data, input }: { data: SyllabusData['syllabus']; input: Record<string, unknown> }) {
  const c = data.compression;
  return (
    <div>
      <h2>{data.title}</h2>
      <p>
        {data.weeks} weeks at {hours(data.hoursPerWeek)} a week; {data.assumedKnownCount} concepts assumed known.
      </p>
      <Downloads input={input} />
      {c && (
        <div class="warn">
          <p>The full plan needs more weeks than the term. {c.rule}</p>
          <p>
            Proposed to drop: {c.dropped.map((d) => d.concept.name).join(', ') || 'nothing'}; to assume known:{' '}
            {c.assumedKnown.map((a) => a.concept.name).join(', ') || 'nothing'}.
          </p>
        </div>
      )}
      <div class="two">
        <PlanColumn title="Full plan" plan={data.plan} />
        {c && <PlanColumn title="Compressed to the term" plan={c.plan} />}
      </div>
    </div>
  );
}

interface Check {
  syllabusCheck: {
    valid: boolean;
    rule: string;
    issues: {
      kind: string;
      concept: Ref;
      unit: number;
      prerequisite: Ref;
      prerequisiteUnit: number | null;
      reason: string;
    }[];
    fixes: { action: string; prerequisite: Ref; unit: number | null }[];
    fixedUnits: { index: number; name: string | null; concepts: Ref[] }[];
    assumed: Ref[];
  };
}

/** "Name: concept:a, concept:b" per line: the units of an educator's own syllabus, in teaching order. */
export function parseUnits(text: string): { name?: string; concepts: string[] }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.search(/:\s/);
      return at > 0 ? { name: line.slice(0, at).trim(), concepts: list(line.slice(at + 1)) } : { concepts: list(line) };
    });
}

function OrderCheck() {
  const [text, setText] = useState('');
  const [variables, setVariables] = useState<Record<string, unknown> | null>(null);
  const check = useQuery<Check>('SyllabusCheck', variables);
  return (
    <section aria-labelledby="check-title" class="panel">
      <h2 id="check-title">Check the order of your own units</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setVariables({ input: { units: parseUnits(text) } });
        }}
      >
        <label>
          Units, one per line (“Week 1: concept:neural-network, concept:backpropagation”)
          <textarea rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit">Check the order</button>
      </form>
      <Status state={check}>
        {({ syllabusCheck: r }) => (
          <div role="status">
            <p>{r.valid ? 'Every prerequisite comes in time.' : `${r.issues.length} prerequisite problems.`}</p>
            <ul>
              {r.issues.map((i, n) => (
                <li key={n}>
                  <NodeLink node={i.prerequisite} />{' '}
                  {i.kind === 'TAUGHT_LATE'
                    ? `comes in unit ${(i.prerequisiteUnit ?? 0) + 1}, after`
                    : 'is not taught, but'}{' '}
                  <NodeLink node={i.concept} /> (unit {i.unit + 1}) needs it: {i.reason}
                </li>
              ))}
            </ul>
            {r.fixes.length > 0 && (
              <>
                <h3>Fixed units</h3>
                <ol>
                  {r.fixedUnits.map((u) => (
                    <li key={u.index}>
                      {u.name ?? `Unit ${u.index + 1}`}: {u.concepts.map((c) => c.name).join(', ')}
                    </li>
                  ))}
                </ol>
                {r.assumed.length > 0 && <p>Assumed known: {r.assumed.map((c) => c.name).join(', ')}.</p>}
              </>
            )}
          </div>
        )}
      </Status>
    </section>
  );
}
