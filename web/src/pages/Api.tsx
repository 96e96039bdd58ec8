import { OPERATIONS, type OperationName } from '../operations';

const USED: Record<string, OperationName[]> = {
  Explore: ['Search', 'Node', 'Choices'],
  Roadmap: [
    'Choices',
    'Roadmap',
    'RoadmapExports',
    'Learner',
    'CreateLearner',
    'StartPlacement',
    'AnswerPlacement',
    'RecordReview',
  ],
  Syllabus: ['Choices', 'Syllabus', 'SyllabusExports', 'SyllabusCheck'],
};

export function Api() {
  return (
    <section aria-labelledby="api-title">
      <h1 id="api-title">The API behind this app</h1>
      <p>
        This app uses only the public GraphQL API, as any other app may: every request is one of the operations below,
        sent by POST to <code>/graphql</code>. <a href="/graphql">Open GraphiQL</a> to run them: each is a tab there,
        with example variables, and the Docs pane describes every type and field.
      </p>
      {Object.entries(USED).map(([page, names]) => (
        <section key={page}>
          <h2>{page}</h2>
          {names.map((name) => (
            <details key={name}>
              <summary>{name}</summary>
              <pre tabIndex={0}>{OPERATIONS[name].document}</pre>
            </details>
          ))}
        </section>
      ))}
      <p>
        Also: the schema at <a href="/schema.graphql">/schema.graphql</a>, <a href="/version">/version</a>,{' '}
        <a href="/health">/health</a>, <a href="/metrics">/metrics</a>, and the course as a CASE 1.1 provider at{' '}
        <a href="/ims/case/v1p1/CFDocuments">/ims/case/v1p1/CFDocuments</a>.
      </p>
    </section>
  );
}
