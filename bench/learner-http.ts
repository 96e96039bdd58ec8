/** Learner operations over HTTP for the benches: placement steps one by one, and a learner with some progress. */

export interface Client {
  url: string;
  key: string;
}

async function call<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(client.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${client.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: T; errors?: unknown };
  if (res.status !== 200 || json.errors || !json.data)
    throw new Error(`${client.url} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.data;
}

const PLACEMENT = 'id done question { id }';

export async function createLearner(client: Client): Promise<string> {
  return (await call<{ createLearner: { id: string } }>(client, 'mutation { createLearner { id } }')).createLearner.id;
}

export async function deleteLearner(client: Client, id: string): Promise<void> {
  await call(client, 'mutation($id: ID!) { deleteLearner(id: $id) }', { id });
}

/**
 * Wall-clock milliseconds of `steps` answerPlacement calls (each one request, answered as it comes: two of three
 * right), each placement towards `targets` by a new learner (a finished placement records what it inferred, so the
 * same learner's next placement would have less to ask).
 */
export async function placementStepTimes(client: Client, targets: string[], steps: number): Promise<number[]> {
  const times: number[] = [];
  while (times.length < steps) {
    const learner = await createLearner(client);
    try {
      type P = { id: string; done: boolean; question: { id: string } | null };
      let p = (
        await call<{ startPlacement: P }>(
          client,
          `mutation($learner: ID!, $targets: [ID!]!) { startPlacement(learner: $learner, targets: $targets) { ${PLACEMENT} } }`,
          { learner, targets },
        )
      ).startPlacement;
      if (p.done || !p.question)
        throw new Error(`a new learner's placement towards ${targets.join(', ')} asks nothing`);
      while (!p.done && p.question && times.length < steps) {
        const started = performance.now();
        p = (
          await call<{ answerPlacement: P }>(
            client,
            `mutation($p: ID!, $q: ID!, $c: Boolean!) { answerPlacement(placement: $p, question: $q, correct: $c) { ${PLACEMENT} } }`,
            { p: p.id, q: p.question.id, c: times.length % 3 !== 0 },
          )
        ).answerPlacement;
        times.push(performance.now() - started);
      }
    } catch (err) {
      // The learner is removed either way; a failure to remove it must not hide why the placement failed.
      await deleteLearner(client, learner).catch(() => {});
      throw err;
    }
    await deleteLearner(client, learner);
  }
  return times;
}

/** A learner who finished `done` concepts (one hour each): what a roadmap with progress plans from. */
export async function learnerWithProgress(client: Client, done: string[]): Promise<string> {
  const learner = await createLearner(client);
  for (const concept of done)
    await call(
      client,
      'mutation($l: ID!, $c: ID!) { recordStudy(learner: $l, concept: $c, status: DONE, hours: 1) { id } }',
      { l: learner, c: concept },
    );
  return learner;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
}
