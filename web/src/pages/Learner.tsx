import { useState } from 'preact/hooks';
import { learnerKey, request } from '../api';
import { list, navigate, type Params } from '../route';
import { ErrorMessage, hours, NodeLink, Status, useQuery } from '../ui';

type Ref = { id: string; name: string };
interface LearnerData {
  learner: {
    id: string;
    createdAt: string;
    known: { concept: Ref; source: string; confidence: number }[];
    progress: { concept: Ref; status: string; hours: number }[];
    dueReviews: { concept: Ref; due: string }[];
    nextSteps?: { concept: Ref; hours: number; unlocks: number; reason: string }[];
  };
}
interface Placement {
  id: string;
  answered: number;
  done: boolean;
  question: { id: string; text: string; answer: string | null } | null;
  targets: Ref[];
  known: Ref[];
  readyToLearn: Ref[];
}

const RATINGS = ['AGAIN', 'HARD', 'GOOD', 'EASY'] as const;

/** A learner's record, placement test and due reviews, for the owner of a key with the `learners` scope. */
export function LearnerPanel({ params, goal }: { params: Params; goal: Record<string, unknown> | null }) {
  const [key, setKey] = useState(learnerKey.get);
  const [error, setError] = useState<unknown>();
  const [refresh, setRefresh] = useState(0);
  const id = params.learner;
  const learnerGoal = goal
    ? Object.fromEntries(
        Object.entries(goal).filter(([k]) => !['knownChapters', 'knownConcepts', 'hoursSpent'].includes(k)),
      )
    : { hoursPerWeek: 1 };
  const learner = useQuery<LearnerData>('Learner', id && key ? { id, goal: learnerGoal, withGoal: !!goal } : null, {
    withKey: true,
    refresh,
  });
  const act = async (run: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await run();
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="learner-title" class="panel">
      <h2 id="learner-title">Your progress (with a learner key)</h2>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('key');
          learnerKey.set(String(value ?? '').trim());
          setKey(learnerKey.get());
        }}
      >
        <label>
          Learner key
          <input name="key" type="password" autocomplete="off" defaultValue={key} />
        </label>
        <button type="submit">Use this key</button>
        <span class="muted small">Kept in this tab only, never in the link.</span>
      </form>
      {key && (
        <div class="row">
          <label>
            Learner id
            <input
              value={id ?? ''}
              onChange={(e) => navigate({ ...params, learner: e.currentTarget.value.trim() }, { replace: true })}
            />
          </label>
          <button
            type="button"
            onClick={() =>
              act(async () => {
                const { createLearner } = await request<{ createLearner: { id: string } }>(
                  'CreateLearner',
                  {},
                  { withKey: true },
                );
                navigate({ ...params, learner: createLearner.id });
              })
            }
          >
            New learner
          </button>
        </div>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {id && key && (
        <Status state={learner}>
          {({ learner: l }) => (
            <div>
              <p>
                {l.known.length} concepts known, {l.progress.length} studied, {l.dueReviews.length} reviews due today.
              </p>
              <h3>Due reviews</h3>
              {l.dueReviews.length ? (
                <ul>
                  {l.dueReviews.map((r) => (
                    <li key={r.concept.id}>
                      <NodeLink node={r.concept} /> <span class="muted small">due {r.due.slice(0, 10)}</span>{' '}
                      <span role="group" aria-label={`How did the review of ${r.concept.name} go?`}>
                        {RATINGS.map((rating) => (
                          <button
                            key={rating}
                            type="button"
                            class="small"
                            onClick={() =>
                              act(() =>
                                request(
                                  'RecordReview',
                                  { learner: l.id, concept: r.concept.id, rating },
                                  { withKey: true },
                                ),
                              )
                            }
                          >
                            {rating.toLowerCase()}
                          </button>
                        ))}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">Nothing is due.</p>
              )}
              {l.nextSteps && (
                <>
                  <h3>What you can study now</h3>
                  <ul>
                    {l.nextSteps.map((s) => (
                      <li key={s.concept.id}>
                        <NodeLink node={s.concept} /> {hours(s.hours)}, opens {s.unlocks} steps: {s.reason}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <h3>Known</h3>
              <p class="small">
                {l.known.map((k) => `${k.concept.name} (${k.source.toLowerCase()})`).join(', ') || 'Nothing yet.'}
              </p>
              <PlacementTest learner={l.id} targets={list(params.concepts)} onDone={() => setRefresh((n) => n + 1)} />
            </div>
          )}
        </Status>
      )}
    </section>
  );
}

function PlacementTest({ learner, targets, onDone }: { learner: string; targets: string[]; onDone: () => void }) {
  const [ids, setIds] = useState(targets.join(', '));
  const [placement, setPlacement] = useState<Placement>();
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (name: 'StartPlacement' | 'AnswerPlacement', variables: Record<string, unknown>) => {
    setError(undefined);
    try {
      const data = await request<Record<string, Placement>>(name, variables, { withKey: true });
      const next = data.startPlacement ?? data.answerPlacement!;
      setPlacement(next);
      setShown(false);
      if (next.done) onDone();
    } catch (e) {
      setError(e);
    }
  };
  const q = placement?.question;
  return (
    <div>
      <h3>Placement test</h3>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          void run('StartPlacement', { learner, targets: list(ids) });
        }}
      >
        <label>
          Test towards
          <input value={ids} onInput={(e) => setIds(e.currentTarget.value)} placeholder="concept:quantization" />
        </label>
        <button type="submit">Start the test</button>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
      {placement && q && (
        <div class="card" aria-live="polite">
          <p class="muted small">Question {placement.answered + 1}</p>
          <p data-testid="placement-question">{q.text}</p>
          {shown ? (
            <p class="muted">{q.answer ?? 'This question has no written answer.'}</p>
          ) : (
            <button type="button" onClick={() => setShown(true)}>
              Show the answer
            </button>
          )}
          <div class="row">
            <button
              type="button"
              onClick={() => run('AnswerPlacement', { placement: placement.id, question: q.id, correct: true })}
            >
              I got it right
            </button>
            <button
              type="button"
              onClick={() => run('AnswerPlacement', { placement: placement.id, question: q.id, correct: false })}
            >
              I got it wrong
            </button>
          </div>
        </div>
      )}
      {placement?.done && (
        <p role="status" data-testid="placement-done">
          Test over after {placement.answered} questions: placed as knowing{' '}
          {placement.known.map((c) => c.name).join(', ') || 'none of these'}; ready to learn{' '}
          {placement.readyToLearn.map((c) => c.name).join(', ') || 'nothing yet'}.
        </p>
      )}
    </div>
  );
}
